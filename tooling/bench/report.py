"""docs/benchmarks.md as `run_bench` writes it."""


from django.conf import settings
from django.utils import timezone

from .pages import WARMUP

DOC_PATH = settings.BASE_DIR / "docs" / "benchmarks.md"


def markdown(machine, sizes, seeding, results, reminders, runs, imports=()):
    lines = [
        "# Benchmarks",
        "",
        "National scale on PostgreSQL: 150 safeguarding partnerships, ten years of meetings,",
        "a million actions, 100,000 challenges, and 40 indicators per partnership with ten",
        "years of monthly figures and 8 breakdowns each (about 6.5 million values).",
        "Written by `manage.py run_bench`; do not edit by hand.",
        "",
        "## How to reproduce",
        "",
        "```",
        "make bench",
        "```",
        "",
        "This creates the database `safeguard_bench` if it is missing, migrates it, builds the",
        "data set once (`manage.py seed_scale`; a second run says \"already seeded\") and",
        "measures the pages (`manage.py run_bench`), with DEBUG off. To start again from",
        "nothing: `psql -h 127.0.0.1 -U postgres -c \"DROP DATABASE safeguard_bench\"`.",
        "",
        f"Each page: {WARMUP} warm-up requests, then {runs} timed ones through",
        "`django.test.Client`, signed in as the person who would use it (the large board's",
        "business manager; a police partner for \"my agency's actions\"; a superuser for the",
        "admin). Times are server time in process (middleware, view, template, SQL; no",
        "network, no static files); the database connection stays open between requests.",
        "`queries` is the number of SQL queries per request; `SQL ms` their total time.",
        "",
        f"Measured {timezone.localtime():%d %B %Y %H:%M %Z}.",
        "",
        "## Machine",
        "",
        *(f"- {key}: {value}" for key, value in machine.items()),
        "",
        "## Data set",
        "",
        "| what | rows |",
        "|---|---:|",
        *(f"| {key} | {value} |" for key, value in sizes.items()),
        "",
    ]
    if seeding:
        lines += [
            f"Built by `manage.py seed_scale` on {seeding['seeded_at']}:",
            "",
            *(f"- {step}: {seconds:.0f} s" for step, seconds in seeding["seconds"].items()),
            "",
        ]
    lines += [
        "## Pages",
        "",
        "| page | p50 ms | p95 ms | queries | SQL ms (p50) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        if r.note:
            lines.append(f"| {r.label} | {r.note} | | | |")
        else:
            lines.append(f"| {r.label} (`{r.url}`) | {r.p50:.0f} | {r.p95:.0f} | {r.queries} "
                         f"| {r.sql_p50:.0f} |")
    lines += [
        "",
        "## Reminder run",
        "",
        "`actions.tasks.send_action_reminders()` over the whole data set, called directly,",
        "email to memory: a first run (empty ledger) and a second the same day (the ledger",
        "full, so the daily cost), both rolled back afterwards.",
        "",
        *(f"- {line}" for line in reminders),
        "",
        "## Indicator upload and reminders",
        "",
        "A CSV of 10,000 corrections to the large board's published figures, read, checked",
        "and loaded by `performance.imports` as the upload page does it (the worst case:",
        "every row locked, compared and written anew), inside a transaction rolled back.",
        "",
        *(f"- {line}" for line in imports),
        "",
    ]
    return "\n".join(lines)


def keep_other_sections(written, previous):
    """`written` followed by the sections of the previous docs/benchmarks.md that run_bench
    does not write (the fault run's figures, the before-and-after comparison of
    bin/bench-compare), so a bench run does not erase what other tools put there."""
    ours = {line for line in written.splitlines() if line.startswith("## ")}
    kept, keeping = [], False
    for line in previous.splitlines():
        if line.startswith("## "):
            keeping = line not in ours
        if keeping:
            kept.append(line)
    return written.rstrip("\n") + ("\n\n" + "\n".join(kept) + "\n" if kept else "\n")

