"""Before and after: the bench's pages timed on two versions of the code, interleaved.

Used by `bin/bench-compare BEFORE AFTER`, which builds the data set with the BEFORE code,
copies the database and migrates the copy with the AFTER code. This file has two parts:

- the worker, run inside each version's own process (`manage.py shell -c` with
  `runpy.run_path(this file, run_name="bench_worker")`, so it needs nothing of this tree
  to be importable and works on versions older than it). It reads commands on stdin and
  answers one JSON line each, prefixed with WORKER_MARK:
    pages              -> [{label, url, email, note}] the version's own bench pages
    time <runs> <url> <email>  -> {ms: [...], queries: [...], status}
    counts             -> {model name: rows} for every model (exact COUNT(*))
- the driver (`python tooling/bench/compare.py drive …`, stdlib only): starts one worker
  per version, matches their pages by label, and times each page on both in alternation
  (old then new, new then old the next round, so neither always goes first), then prints
  and writes the medians and ratios.
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

WORKER_MARK = "@@bench@@ "
WARMUP = 2
SECTION = "## Before and after the one-way floors (issue 11)"
THRESHOLD = 1.10  # a page more than 10% slower is a regression to explain


# --- The worker (inside a version's Django process) ----------------------------------------

def worker_pages():
    """The version's own list of bench pages, wherever that version keeps it."""
    from django.urls import NoReverseMatch, reverse

    from boards.models import Board

    try:  # after issue 11: tooling.bench
        from tooling.bench.pages import pages
        from tooling.scale import LARGE_BOARD_NAME
    except ImportError:  # before: the bench lived in actions' run_bench command
        from actions.management.commands.run_bench import Command
        from actions.management.commands.seed_scale import LARGE_BOARD_NAME
        pages = Command().pages
    board = Board.objects.get(name=LARGE_BOARD_NAME)
    listed = []
    for page in pages(board):
        row = {"label": page.label, "url": "", "email": page.email, "note": ""}
        try:
            row["url"] = reverse(page.url_name, args=page.args)
            if page.query:
                row["url"] += f"?{page.query}"
        except NoReverseMatch:
            row["note"] = f"no URL named {page.url_name}"
        listed.append(row)
    return listed


def worker_time(warmup, url, email, clients={}):  # noqa: B006 – a signed-in client a person
    """One timed request (after `warmup` untimed ones): server time in process and queries."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from boards.models import Person

    if email not in clients:
        clients[email] = Client()
        clients[email].force_login(Person.objects.get(email=email),
                                   backend="django.contrib.auth.backends.ModelBackend")
    client = clients[email]
    for _ in range(warmup):
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        status = client.get(url).status_code
        ms = (time.perf_counter() - started) * 1000
    return {"ms": ms, "queries": len(queries), "status": status}


def worker_counts():
    """{name: rows} for every table Django knows: a model by its name (a model that moves app
    keeps it), a many-to-many table by its table name (which stays when the field moves)."""
    from django.apps import apps

    models = [model for model in apps.get_models(include_auto_created=True)
              if (model._meta.managed or model._meta.auto_created) and not model._meta.proxy]
    names = [model._meta.db_table if model._meta.auto_created else model._meta.object_name
             for model in models]
    return {(name if names.count(name) == 1 else model._meta.label): model._base_manager.count()
            for name, model in zip(names, models, strict=True)}


def worker_main():
    answer = sys.stdout.write
    for line in sys.stdin:
        command, *args = line.split()
        try:
            if command == "pages":
                result = worker_pages()
            elif command == "time":
                result = worker_time(int(args[0]), args[1], args[2])
            elif command == "counts":
                result = worker_counts()
            else:
                result = {"error": f"unknown command {command}"}
        except Exception as error:  # noqa: BLE001 – reported to the driver, which says so
            result = {"error": f"{type(error).__name__}: {error}"[:300]}
        answer(WORKER_MARK + json.dumps(result) + "\n")
        sys.stdout.flush()


# --- The driver (plain Python, outside Django) ---------------------------------------------

class Worker:
    def __init__(self, name, tree, env):
        code = (f"import runpy; runpy.run_path({str(Path(__file__).resolve())!r}, "
                "run_name='bench_worker')")
        self.name = name
        self.process = subprocess.Popen(  # noqa: S603 – our own manage.py, no shell
            [str(Path(tree) / ".venv/bin/python"), "manage.py", "shell", "-c", code],
            cwd=tree, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, *command):
        self.process.stdin.write(" ".join(str(part) for part in command) + "\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            if line.startswith(WORKER_MARK):
                answer = json.loads(line[len(WORKER_MARK):])
                if isinstance(answer, dict) and "error" in answer:
                    raise RuntimeError(f"{self.name} worker: {answer['error']}")
                return answer
        raise RuntimeError(f"{self.name} worker ended ({self.process.wait()})")

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def worker_env(tree, database):
    env = dict(os.environ)
    env["DATABASE_URL"] = re.sub(r"/[^/]*$", f"/{database}", env["DATABASE_URL"])
    env["SAFEGUARD_VAR_DIR"] = str(Path(tree) / "var" / "bench")
    return env


def drive(args):
    old = Worker("before", args.before_tree, worker_env(args.before_tree, args.before_db))
    new = Worker("after", args.after_tree, worker_env(args.after_tree, args.after_db))
    if args.counts_only:
        print(json.dumps({"before": old.ask("counts"), "after": new.ask("counts")}))
        return
    old_pages = {p["label"]: p for p in old.ask("pages")}
    new_pages = {p["label"]: p for p in new.ask("pages")}
    both = [label for label in new_pages if label in old_pages
            and not old_pages[label]["note"] and not new_pages[label]["note"]]
    samples = {label: {"before": [], "after": [], "qb": [], "qa": [], "status": ""}
               for label in both}
    for round_no in range(args.rounds):
        for label in both:
            sides = [(old, "before", old_pages[label]), (new, "after", new_pages[label])]
            for worker, _, page in sides:
                worker.ask("time", WARMUP, page["url"], page["email"])
            for run in range(args.runs):  # before first, then after first, and so on
                for worker, side, page in (sides if (run + round_no) % 2 == 0 else sides[::-1]):
                    got = worker.ask("time", 0, page["url"], page["email"])
                    if got["status"] != 200:
                        samples[label]["status"] += f"{side}: status {got['status']}; "
                    samples[label][side].append(got["ms"])
                    samples[label]["qb" if side == "before" else "qa"].append(got["queries"])
            print(f"round {round_no + 1}/{args.rounds}: {label}", file=sys.stderr, flush=True)
    old.close()
    new.close()
    rows = summarise(samples, old_pages, new_pages)
    one_side = ([f"{label} (before only)" for label in old_pages if label not in new_pages]
                + [f"{label} (after only)" for label in new_pages if label not in old_pages]
                + [f"{label} (not available: {listed[label]['note']})"
                   for listed in (old_pages, new_pages) for label in listed
                   if listed[label]["note"]])
    result = {"rows": rows, "one_side": one_side, "rounds": args.rounds, "runs": args.runs,
              "when": datetime.now(UTC).strftime("%d %B %Y %H:%M UTC"),
              "load": ", ".join(f"{x:.2f}" for x in os.getloadavg())}
    Path(args.json).write_text(json.dumps(result, indent=1))
    print_table(rows, one_side)


def summarise(samples, old_pages, new_pages):
    rows = []
    for label, got in samples.items():
        if not got["before"] or not got["after"]:
            rows.append({"label": label, "note": got["status"] or "no timings"})
            continue
        before, after = statistics.median(got["before"]), statistics.median(got["after"])
        rows.append({
            "label": label, "url_before": old_pages[label]["url"],
            "url_after": new_pages[label]["url"], "before": before, "after": after,
            "ratio": after / before,
            "paired": statistics.median(a / b for b, a in zip(got["before"], got["after"],
                                                                strict=True)),
            "q_before": spread(got["qb"]), "q_after": spread(got["qa"]),
            "n": min(len(got["before"]), len(got["after"])), "note": got["status"],
        })
    return rows


def spread(counts):
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}–{high}"


def print_table(rows, one_side):
    width = max(len(r["label"]) for r in rows)
    print(f"\n{'page':<{width}} | before ms | after ms | after/before | paired | queries b→a")
    for r in rows:
        if "ratio" not in r:
            print(f"{r['label']:<{width}} | {r['note']}")
            continue
        flag = "  SLOWER >10%" if r["ratio"] > THRESHOLD else ""
        print(f"{r['label']:<{width}} | {r['before']:9.1f} | {r['after']:8.1f} | "
              f"{r['ratio']:12.2f} | {r['paired']:6.2f} | {r['q_before']}→{r['q_after']}{flag}")
    for line in one_side:
        print(f"  on one side only / not timed: {line}")


# --- The docs section ----------------------------------------------------------------------

def write_section(args):
    bench = json.loads(Path(args.json).read_text())
    migration = json.loads(Path(args.migration_json).read_text())
    text = "\n".join(section_lines(bench, migration, args)) + "\n"
    doc = Path(args.doc)
    current = doc.read_text() if doc.exists() else ""
    start = current.find(SECTION)
    if start == -1:
        doc.write_text(current.rstrip("\n") + "\n\n" + text)
        return
    following = current.find("\n## ", start + len(SECTION))
    rest = current[following + 1:] if following != -1 else ""
    doc.write_text(current[:start] + text + ("\n" + rest if rest else ""))


def section_lines(bench, migration, args):
    rows = [r for r in bench["rows"] if "ratio" in r]
    worst = max(rows, key=lambda r: r["ratio"])
    slower = [r for r in rows if r["ratio"] > THRESHOLD]
    lines = [
        SECTION,
        "",
        f"Written by `bin/bench-compare {args.before_ref} {args.after_ref}` "
        f"({args.before_sha[:7]} → {args.after_sha[:7]}), {bench['when']}, on {machine()};",
        f"load average when the timing ended {bench['load']} (a shared machine: other test "
        "runs were going on, so absolute times are noisy; the ratios are what count).",
        "",
        "How it is measured: the data set is built once with the *before* code (database",
        "`safeguard_bench_before`: migrate, `seed_scale`, `seed_scale_challenges`,",
        "`seed_scale_indicators`, DEBUG off as in `make bench`; the seed writes with COPY,",
        "past the services, so the script adds the action history they would have written:",
        "a row per action created and per progress update), copied to",
        "`safeguard_bench_after` (`CREATE DATABASE … TEMPLATE`) and migrated with the *after*",
        "code. One process per version (`manage.py shell` in a git worktree of each ref) lists",
        "that version's own bench pages; pages are matched by their bench label. Each page is",
        f"then timed on both in alternation: {bench['rounds']} rounds (pages in turn) of "
        f"{bench['runs']} timed requests per version (after {WARMUP} warm-up ones), one",
        "request of one version then one of the other, the order swapped at every pair, so",
        "drift of the machine falls on both alike. Times are server time in process",
        "(`django.test.Client`, signed in as the page's user), as `make bench` measures them.",
        "The medians are over all the timed requests; *paired* is the median of the ratios of",
        "each pair of neighbouring requests (less moved by a burst of load from elsewhere).",
        "",
        *([f"Installed packages: {args.deps}", ""] if args.deps else []),
        "| page | before ms (median) | after ms (median) | after / before | paired "
        "| queries before → after |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in bench["rows"]:
        if "ratio" not in r:
            lines.append(f"| {r['label']} | {r['note']} | | | | |")
            continue
        url = (f"`{r['url_after']}`" if r["url_before"] == r["url_after"]
               else f"`{r['url_before']}` → `{r['url_after']}`")
        ratio = f"**{r['ratio']:.2f}**" if r["ratio"] > THRESHOLD else f"{r['ratio']:.2f}"
        lines.append(f"| {r['label']} ({url}) | {r['before']:.1f} | {r['after']:.1f} | "
                     f"{ratio} | {r['paired']:.2f} | {r['q_before']} → {r['q_after']} |")
    lines += ["", f"Slowest relative to before: {worst['label']}, {worst['ratio']:.2f}. "
              + (f"More than 10% slower: {', '.join(r['label'] for r in slower)}."
                 if slower else "No page is more than 10% slower.")]
    if bench["one_side"]:
        lines += ["", "Not compared (on one side only, or not available):", ""]
        lines += [f"- {line}" for line in bench["one_side"]]
    lines += ["", "### The migration", "",
              f"Copying the database (`CREATE DATABASE … TEMPLATE`): {migration['copy_s']} s. "
              f"`manage.py migrate` with the after code: **{migration['migrate_s']} s**, "
              "applying:", ""]
    lines += [f"- {m}" for m in migration["applied"]] or ["- (nothing)"]
    lines += ["", f"Then `VACUUM ANALYZE` of the migrated copy ({migration['vacuum_s']} s, not "
              "counted in the migration): autovacuum may be off (it is here) and `seed_scale` ends "
              "with one, so both databases are timed with fresh statistics."]
    lines += ["", "Rows before (old schema) and after (new schema), every model counted "
              "(`COUNT(*)`), by model name (a many-to-many table by its table name):", "",
              "| model | before | after | |", "|---|---:|---:|---|"]
    lines += migration["count_rows"]
    lines += ["", migration["count_verdict"], "", "To reproduce:", "", "```",
              f"bin/bench-compare {args.before_ref} HEAD", "```", "",
              "It reuses `safeguard_bench_before` if it holds the before ref's data set (seeding",
              "took 5 minutes here, more under load), and drops and re-copies",
              "`safeguard_bench_after` each time. Raw figures: `var/bench-compare/*.json`.",
              ""]
    return lines


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{len(os.sched_getaffinity(0))} cores ({cpu}), Python "
            f"{platform.python_version()}")


BOOKKEEPING = {"ContentType", "Permission"}  # Django adds a row (and four) per new model
# Tables a migration renamed (old name: new name): the same rows under the new name.
RENAMED = {"challenges_recommendation_actions": "recommendations_recommendation_actions"}


def count_report(args):
    """Compares the row counts of the two databases; the action history's rows must reappear
    as boards.History rows, and nothing else may change but Django's own bookkeeping."""
    counts = json.loads(Path(args.counts_json).read_text())
    before, after = counts["before"], counts["after"]
    moved = before.get("ActionHistory")
    history_ok = (moved is not None and "ActionHistory" not in after
                  and after.get("History", 0) - before.get("History", 0) == moved)
    rows, problems = [], []
    for name in sorted(set(before) | set(after), key=str.lower):
        b, a = before.get(name), after.get(name)
        if b == a:
            note = ""
        elif name in ("ActionHistory", "History") and history_ok:
            note = "the action history, copied into boards.History"
        elif name in RENAMED and a is None and after.get(RENAMED[name]) == b:
            note = f"renamed {RENAMED[name]}, every row with it"
        elif name in RENAMED.values() and b is None and any(
                before.get(old) == a for old, new in RENAMED.items() if new == name):
            note = "the renamed table, every row in it"
        elif name in BOOKKEEPING and a > b:
            note = "Django's own rows for the new models"
        elif b is None:
            note = "new table" + (f", {a:,} rows" if a else "")
            problems += [name] if a else []
        elif a is None:
            note = "table gone" + (f" with {b:,} rows" if b else "")
            problems += [name] if b else []
        else:
            note, problems = "CHANGED", problems + [name]
        rows.append(f"| {name} | {fmt(b)} | {fmt(a)} | {note} |")
    verdict = (f"Every row is still there ({len(rows)} tables compared)"
               + (f"; the {moved:,} action history rows are now boards.History rows"
                  if history_ok else "") + "."
               if not problems else f"ROW COUNTS DIFFER for: {', '.join(problems)}.")
    migration = json.loads(Path(args.migration_json).read_text())
    Path(args.migration_json).write_text(json.dumps(
        {**migration, "count_rows": rows, "count_verdict": verdict}))
    print("\n".join(rows))
    print(verdict)
    return 0 if not problems else 1


def fmt(value):
    return "—" if value is None else f"{value:,}"


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("drive")
    for option in ("before-tree", "after-tree", "before-db", "after-db", "json"):
        run.add_argument(f"--{option}", required=True)
    run.add_argument("--rounds", type=int, default=5)
    run.add_argument("--runs", type=int, default=10)
    run.add_argument("--counts-only", action="store_true")
    counts = sub.add_parser("counts")
    counts.add_argument("--counts-json", required=True)
    counts.add_argument("--migration-json", required=True)
    doc = sub.add_parser("write")
    for option in ("json", "migration-json", "doc", "before-ref", "after-ref", "before-sha",
                   "after-sha"):
        doc.add_argument(f"--{option}", required=True)
    doc.add_argument("--deps", default="", help="What bin/bench-compare found of pyproject.toml.")
    args = parser.parse_args(argv)
    if args.command == "drive":
        return drive(args)
    if args.command == "counts":
        return count_report(args)
    return write_section(args)


if __name__ == "bench_worker":
    worker_main()
elif __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
