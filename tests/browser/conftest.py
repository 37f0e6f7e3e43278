"""Playwright driving Debian's chromium (never a downloaded browser), with axe-core run on
every page a test visits: WCAG 2.2 AA, zero violations."""

import json
import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--headless=new", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"],
    }


class Axe:
    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.checked = []

    def check(self):
        """Run axe on the page as it stands; fail with the violations, readably."""
        self.page.wait_for_load_state("load")
        self.page.add_script_tag(url=f"{self.base_url}/static/vendor/axe/axe.min.js")
        violations = self.page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: tags})).violations", AXE_TAGS
        )
        self.checked.append(self.page.url)
        summary = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in violations
        ]
        assert violations == [], f"axe on {self.page.url}:\n{json.dumps(summary, indent=1)}"


@pytest.fixture
def axe(page, live_server):
    return Axe(page, live_server.url)
