"""docs/benchmarks.md has two writers: `run_bench` (the whole page) and `bin/bench-compare`
(its before-and-after section). Neither may erase what the other wrote."""

import json
from argparse import Namespace

from tooling.bench import compare
from tooling.bench.report import keep_other_sections

WRITTEN = "# Benchmarks\n\n## Pages\n\n| new pages |\n\n## Reminder run\n\nnew\n"
PREVIOUS = ("# Benchmarks\n\n## Pages\n\n| old pages |\n\n## Reminder run\n\nold\n\n"
            "## Reminders under faults\n\nfault figures\n\n"
            f"{compare.SECTION}\n\nbefore and after\n")


def test_a_bench_run_keeps_the_sections_it_does_not_write():
    doc = keep_other_sections(WRITTEN, PREVIOUS)

    assert "| new pages |" in doc and "| old pages |" not in doc
    assert "\nold\n" not in doc
    assert doc.index("## Reminders under faults") < doc.index(compare.SECTION)
    assert "fault figures" in doc and "before and after" in doc
    assert doc.count("## Pages") == 1


def test_the_comparison_replaces_its_own_section_and_nothing_else(tmp_path):
    bench = {"rows": [
        {"label": "Board tracker, page 1", "url_before": "/actions/board/1/",
         "url_after": "/actions/board/1/", "before": 30.0, "after": 36.0, "ratio": 1.2,
         "paired": 1.18, "q_before": "10", "q_after": "12", "n": 30, "note": ""},
        {"label": "Exception report", "url_before": "/e/", "url_after": "/e/", "before": 20.0,
         "after": 19.0, "ratio": 0.95, "paired": 0.96, "q_before": "11", "q_after": "11",
         "n": 30, "note": ""},
    ], "one_side": ["Old page (before only)"], "rounds": 3, "runs": 10,
        "when": "01 December 2026 11:00 UTC", "load": "1.00, 1.00, 1.00"}
    migration = {"copy_s": "40.0", "migrate_s": "12.5", "vacuum_s": "30.0",
                 "applied": ["boards.0007_history"], "count_rows": ["| Action | 1 | 1 | |"],
                 "count_verdict": "Every row is still there."}
    (tmp_path / "bench.json").write_text(json.dumps(bench))
    (tmp_path / "migration.json").write_text(json.dumps(migration))
    doc = tmp_path / "benchmarks.md"
    doc.write_text(PREVIOUS.replace("before and after\n", "stale figures\n\n## Later\n\nkept\n"))
    args = Namespace(json=tmp_path / "bench.json", migration_json=tmp_path / "migration.json",
                     doc=doc, before_ref="2c6dbf6", after_ref="HEAD",
                     before_sha="2c6dbf6" + "0" * 33, after_sha="87557b9" + "0" * 33,
                     deps="the same requirements at both refs")

    compare.write_section(args)
    compare.write_section(args)  # run again: still one section

    text = doc.read_text()
    assert text.count(compare.SECTION) == 1
    assert "stale figures" not in text
    assert "fault figures" in text and "## Later\n\nkept" in text
    assert "| **1.20** | 1.18 | 10 → 12 |" in text
    assert "More than 10% slower: Board tracker, page 1." in text
    assert "- Old page (before only)" in text
    assert "Installed packages: the same requirements at both refs" in text
    assert "**12.5 s**" in text and "bin/bench-compare 2c6dbf6 HEAD" in text
