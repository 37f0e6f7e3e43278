"""safeguard/lib is floor 1: it imports nothing from any app, so every app may use it."""

import ast
from pathlib import Path

import safeguard.lib

APPS = {"boards", "actions", "challenges", "performance", "audits", "tooling", "reports"}
LIB = Path(safeguard.lib.__file__).parent


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_the_library_imports_no_app():
    wrong = [f"{path.relative_to(LIB)}: {module}"
             for path in sorted(LIB.rglob("*.py"))
             for module in imported_modules(path) if module.split(".")[0] in APPS]
    assert wrong == []


def test_the_check_sees_an_app_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom boards.models import Board\n"
                      "def f():\n    import actions.services\n")
    assert [m for m in imported_modules(sample) if m.split(".")[0] in APPS] == [
        "boards.models", "actions.services"]
