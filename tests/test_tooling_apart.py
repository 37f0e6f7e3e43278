"""Demo data, seeding and the benchmark live in `tooling`, on top of everything: no product app
imports it, not even inside a function (the import-linter contract, when it comes, says the
same for module-level imports only)."""

import ast
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
PRODUCT_APPS = ("safeguard", "boards", "actions", "challenges", "performance", "audits")
commands_of_the_tooling = ("load_demo", "demo_totp", "seed_scale", "seed_scale_challenges",
                           "seed_scale_indicators", "run_bench")


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("app", PRODUCT_APPS)
def test_no_product_app_imports_the_tooling(app):
    wrong = [f"{path.relative_to(ROOT)}: {module}"
             for path in sorted((ROOT / app).rglob("*.py"))
             for module in imported_modules(path)
             if module == "tooling" or module.startswith("tooling.")]
    assert wrong == []


def test_make_run_bench_and_totp_find_their_commands_in_the_tooling():
    commands = get_commands()
    assert {name: commands.get(name) for name in commands_of_the_tooling} == dict.fromkeys(
        commands_of_the_tooling, "tooling")
