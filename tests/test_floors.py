"""The floors are checked by the build (issue 11): `make test` runs import-linter with the
contracts in pyproject.toml. Here the contracts are run on the real tree, and on a copy with a
wrong-way import planted, local imports included, to show the check can fail."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def root_packages():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["root_packages"]


def lint(folder):
    return subprocess.run([str(LINT), "--no-cache"], cwd=folder, capture_output=True,
                          text=True, env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
                          timeout=120)


def copy_of_the_code(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for package in root_packages():
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("templates", "static", "__pycache__",
                                                      "migrations", "tests"))
    return tmp_path


def test_the_code_keeps_to_its_floors():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_a_local_import_from_a_floor_above_breaks_the_build(tmp_path):
    tree = copy_of_the_code(tmp_path)
    (tree / "boards" / "planted.py").write_text(
        "def counts(board):\n    from actions.models import Action\n\n"
        "    return Action.objects.filter(board=board).count()\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "boards is not allowed to import actions" in result.stdout
    assert "boards.planted -> actions.models" in result.stdout


def test_siblings_may_not_import_each_other(tmp_path):
    tree = copy_of_the_code(tmp_path)
    (tree / "audits" / "planted.py").write_text("from challenges.models import Challenge\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "audits.planted -> challenges.models" in result.stdout


def test_a_cycle_between_two_modules_of_one_app_breaks_the_build(tmp_path):
    tree = copy_of_the_code(tmp_path)
    (tree / "actions" / "planted_one.py").write_text("from . import planted_two\n")
    (tree / "actions" / "planted_two.py").write_text(
        "def later():\n    from . import planted_one\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "No import cycles between the modules of any app BROKEN" in result.stdout
