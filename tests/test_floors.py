"""The floors are checked by the build (issue 11): `make test` runs import-linter with the
contracts in pyproject.toml. Here the contracts are run on the real tree, and on a copy with a
wrong-way import planted, local imports included, to show the check can fail. Templates are
held to the same floors: no app's templates name the URLs of an app above it (or of a
sibling); they come through the lower app's registries (boards.panels.LINKS)."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from django.urls import get_resolver

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


# Templates ---------------------------------------------------------------------------------

URL_TAG = re.compile(r"""\{%\s*url\s+['"]([\w-]+):""")


def floors():
    """The layers contract's floors, top first, each a set of packages."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    layers = next(contract["layers"] for contract in config["tool"]["importlinter"]["contracts"]
                  if contract["type"] == "layers")
    return [{name.strip() for name in layer.split("|")} for layer in layers]


def namespaces():
    """{URL namespace: the app whose urls module declares it} ("api" is actions')."""
    return {namespace: resolver.urlconf_module.__name__.split(".")[0]
            for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items()
            if hasattr(resolver.urlconf_module, "__name__")}


def not_to_be_named():
    """{app: the URL namespaces its templates may not name}: those of the floors above it and
    of its siblings."""
    owner = namespaces()
    layers = floors()
    barred = {}
    for n, layer in enumerate(layers):
        above = set().union(*layers[:n])
        for app in layer:
            apps_barred = above | (layer - {app})
            barred[app] = {ns for ns, owned_by in owner.items() if owned_by in apps_barred}
    return barred


def named_wrongly(app, barred):
    folder = ROOT / app.replace(".", "/") / "templates"
    return [f"{template.relative_to(ROOT)} names {namespace}:"
            for template in sorted(folder.rglob("*.html"))
            for namespace in URL_TAG.findall(template.read_text()) if namespace in barred]


def test_no_app_s_templates_name_the_urls_of_an_app_above_it():
    barred = not_to_be_named()
    assert {"actions", "challenges", "performance", "audits"} <= barred["boards"]
    assert "boards" not in barred["actions"] and "performance" in barred["actions"]
    assert "audits" in barred["challenges"] and "challenges" in barred["audits"]  # siblings
    wrong = [line for app, names in barred.items() for line in named_wrongly(app, names)]
    assert not wrong, "link through a registry the upper app fills (boards.panels.LINKS):\n" + (
        "\n".join(wrong))


def test_the_boards_templates_name_only_boards_urls():
    """Whatever apps are added above (recommendations): boards' pages link to them through
    boards.panels."""
    folder = ROOT / "boards" / "templates"
    named = {namespace for template in folder.rglob("*.html")
             for namespace in URL_TAG.findall(template.read_text())}
    assert named == {"boards"}
    assert not {"actions", "challenges", "audits", "performance", "recommendations"} & named


def test_a_template_naming_an_upper_app_s_url_is_found():
    planted = "<a href=\"{% url 'actions:board_tracker' board.pk %}\">Action tracker</a>"
    assert URL_TAG.findall(planted) == ["actions"]
    assert "actions" in not_to_be_named()["boards"]
