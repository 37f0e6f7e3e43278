"""Reminders under faults (issue 10): a real worker on a Redis of the test's own and a real SMTP
server, over a board of 300+ actions due, overdue and stale, while the worker is killed with
SIGKILL at random moments, Redis is restarted and the mail server refuses, hangs and drops.
Then the sweeps run to quiet, and what must have been sent — worked out here from the actions'
dates alone, not from the app's ledger — is checked against what the server accepted:
nothing lost, nothing listed that was no longer true when it was sent, and an email sent
twice only when a kill fell between the server taking it and the worker marking it sent.

Time is simulated, not waited for: the sweeps are asked for every half second (beat asks every
few minutes), and the worker's mail back-off is 60 times shorter (TEST_TIME_SCALE).
Run it alone with `pytest -m faults -s` to see the figures (docs/benchmarks.md)."""

import random
import shutil
import statistics
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from celery import Celery
from django.utils import timezone

from actions.models import ActionStatus, Reminder
from actions.reminders import queue_action_reminders
from actions.services import action_withdraw
from boards.models import CHAIR_ROLES, Membership, Role

from .factories import ActionFactory, PersonFactory
from .faults import RedisServer, SmtpSink, Worker, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

SEED = 20261201
LEADS = 60
ACTIONS = 300
KILLS = 22
REDIS_RESTARTS = 3
SMTP_FAULTS = 6  # two each of refuse, hang and drop
# And one outage of half an hour (at TIME_SCALE): longer than the back-off's first three
# waits, so a row waiting on a refusal's back-off would wait another hour.
LONG_OUTAGE = 30
TIME_SCALE = 60
CONCURRENCY = 2  # pool processes: two sweeps at once, each skipping the other's rows
NEW_EACH_STEP = 8  # actions agreed during the run, each for a different lead
QUIET_SECONDS = 4
QUIET_BOUND = 150
# A message reaching the server this long after an action was withdrawn was written after
# it (writing and sending it takes milliseconds).
SETTLE = 1.0


class Sweeper(threading.Thread):
    """What beat does, faster: ask for a sweep every half second. A message lost to a Redis
    restart is simply asked for again."""

    def __init__(self, broker_url, queue):
        super().__init__(daemon=True)
        self.broker_url, self.queue = broker_url, queue
        self.stopping = threading.Event()
        self.sent = self.failed = 0

    def run(self):
        while not self.stopping.wait(0.5):
            app = Celery("fault-run", broker=self.broker_url, set_as_current=False)
            app.conf.broker_connection_timeout = 1
            try:
                app.send_task("actions.tasks.sweep_action_reminders", queue=self.queue,
                              retry=False)
                self.sent += 1
            except Exception:  # Redis is down: beat would try again too
                self.failed += 1
            finally:
                app.close()


class World:
    """The board's actions and what each must lead to, from their dates alone."""

    def __init__(self, cast, today, rng):
        self.cast, self.today, self.rng = cast, today, rng
        self.leads = [PersonFactory(agency=cast.police, email=f"lead{i:02d}@police.example.org")
                      for i in range(LEADS)]
        self.actions = {}  # description → (action, kind)
        self.withdrawn = {}  # description → monotonic time the withdrawal was committed
        now = timezone.now()
        for i in range(ACTIONS):
            kind = ("due soon", "overdue", "long overdue", "stale", "not yet due", "done")[i % 6]
            fields = {"due_on": today + timedelta(days=30 + i % 40)}
            if kind == "due soon":
                fields["due_on"] = today + timedelta(days=1 + i % 7)
            elif kind == "overdue":
                fields["due_on"] = today - timedelta(days=1 + i % 6)
            elif kind == "long overdue":
                fields["due_on"] = today - timedelta(weeks=2 + i % 6, days=i % 3)
            elif kind == "stale":
                fields["created_at"] = now - timedelta(weeks=8)
            elif kind == "done":
                fields["status"] = (ActionStatus.CLOSED, ActionStatus.WITHDRAWN)[i % 2]
            self.add(kind, self.leads[i % LEADS], **fields)

    def add(self, kind, lead, **fields):
        description = f"Fault run action {len(self.actions) + 1:04d}"
        action = ActionFactory(board=self.cast.board, lead_person=lead,
                               lead_agency=self.cast.police, created_by=self.cast.manager,
                               description=description, **fields)
        self.actions[description] = (action, kind)

    def new_due_soon(self, count):
        """Actions agreed during the run, due in a few days: tomorrow's run would queue them;
        here the run is asked again (it writes only what it has not written)."""
        added = []
        for lead in self.rng.sample(self.leads, count):
            self.add("due soon", lead, due_on=self.today + timedelta(days=3))
            added.append(next(reversed(self.actions)))
        queue_action_reminders(self.today)
        return added

    def withdraw(self, descriptions):
        for description in descriptions:
            action = self.actions[description][0]
            action.refresh_from_db()
            action_withdraw(action=action, by=self.cast.manager, reason="Overtaken by events",
                            version=action.version)
            self.withdrawn[description] = time.monotonic()

    def open_ones(self):
        return {d for d, (_, kind) in self.actions.items()
                if kind in ("due soon", "overdue", "long overdue") and d not in self.withdrawn}

    def must_reach_lead(self):
        """(lead's address, description) of every open action due within 7 days or overdue."""
        return {(self.actions[d][0].lead_person.email, d) for d in self.open_ones()}

    def never_mentioned(self):
        return {d for d, (_, kind) in self.actions.items() if kind in ("not yet due", "done")}

    def office(self):
        return set(Membership.objects.filter(
            board=self.cast.board, role__in=[Role.BUSINESS_MANAGER, *CHAIR_ROLES],
        ).values_list("person__email", flat=True))


def pending():
    """Reminders not yet sent, given up or dropped (including those waiting to retry)."""
    return Reminder.objects.filter(sent_at__isnull=True, failed_at__isnull=True, not_needed="")


def ended():
    """(now, whether any reminder is due now, rather than waiting to be tried again)."""
    return time.monotonic(), Reminder.objects.to_send(timezone.now()).exists()


def row_of(message_id):
    """The reminder a Message-ID was made from: <reminder.PK@host>."""
    return int(message_id.split("@")[0].rpartition(".")[2])


def restart(worker):
    """Start the worker again and wait until this start is ready (its log is appended to)."""
    started = worker.log().count(" ready.")
    worker.start()
    assert wait_for(lambda: worker.log().count(" ready.") > started or not worker.alive(), 60)
    assert worker.alive(), worker.log()[-3000:]


def test_reminders_survive_kills_redis_restarts_and_mail_faults(cast, tmp_path):
    if not shutil.which("redis-server"):
        pytest.fail("This test starts its own Redis: apt-get install redis-server")
    rng = random.Random(SEED)
    today = timezone.localdate()
    world = World(cast, today, rng)
    queue_action_reminders(today)  # the daily run's decision; the worker's sweeps send
    started = time.monotonic()
    faults = []  # (what, when it ended, whether any mail was due then)
    kills_in_window, in_window, checked = 0, [], 0
    sink = SmtpSink(hang_seconds=3, accept_seconds=0.1)
    with RedisServer(tmp_path) as redis_server, sink:
        worker = Worker(redis_server.url, tmp_path, email_url=sink.url, concurrency=CONCURRENCY,
                        extra_args=["--without-mingle", "--without-gossip"],
                        env={"EMAIL_TIMEOUT": "1", "TEST_TIME_SCALE": str(TIME_SCALE)})
        restart(worker)
        sweeper = Sweeper(redis_server.url, worker.queue)
        sweeper.start()
        redis_steps = set(rng.sample(range(2, KILLS), REDIS_RESTARTS))
        smtp_steps = dict(zip(sorted(rng.sample(range(1, KILLS), SMTP_FAULTS)),
                              rng.sample(["refuse", "hang", "drop"] * 2, SMTP_FAULTS),
                              strict=True))
        long_outage_step = rng.choice([s for s in range(1, KILLS) if s not in smtp_steps])
        drained = None
        try:
            for step in range(KILLS):
                added = world.new_due_soon(NEW_EACH_STEP)
                # One just agreed (its reminder likely still to send) and now and then an
                # older one are withdrawn: no email may list them once they are.
                world.withdraw(rng.sample(added, 1))
                if step % 3 == 1:
                    world.withdraw(rng.sample(sorted(world.open_ones()), 1))
                if step in smtp_steps:
                    sink.mode = smtp_steps[step]
                    time.sleep(rng.uniform(1, 4))
                    sink.mode = "accept"
                    # Rows it failed wait for their back-off: counted whether or not due.
                    faults.append((f"SMTP {smtp_steps[step]}", time.monotonic(), True))
                if step == long_outage_step:
                    # Once the last restart is sending again, so its recovery is its own.
                    taken = len(sink.accepted)
                    wait_for(lambda: len(sink.accepted) > taken, 30, step=0.05)  # noqa: B023
                    sink.mode = "drop"
                    time.sleep(LONG_OUTAGE)
                    waiting = set(pending().values_list("pk", flat=True))
                    sink.mode = "accept"
                    back = time.monotonic()
                    faults.append(("SMTP long outage", back, True))
                    # Everything that waited through it is sent (or no longer needed) soon.
                    wait_for(lambda: not pending().filter(pk__in=waiting).exists(),  # noqa: B023
                             120, step=0.05)
                    drained = time.monotonic() - back
                if step in redis_steps:
                    redis_server.restart(down_for=rng.uniform(0.5, 2))
                    faults.append(("Redis restart", *ended()))
                # A random moment of its work: once it is sending again, within a second.
                taken = len(sink.accepted)
                wait_for(lambda: len(sink.accepted) > taken, 10, step=0.02)  # noqa: B023
                time.sleep(rng.uniform(0, 1))
                worker.kill()
                # Restarted at once, as a supervisor would: mail is flowing again once the new
                # worker is up and a sweep has reached it, so this counts from the kill.
                faults.append(("worker SIGKILL", *ended()))
                time.sleep(0.2)  # a commit already on its way lands
                # Inside the SMTP window: the server took a message since the last kill whose
                # rows this kill left unmarked (two at most: a pool process each).
                since, checked = sink.accepted[checked:], len(sink.accepted)
                unmarked = [m.message_id for m in since
                            if pending().filter(pk=row_of(m.message_id)).exists()]
                kills_in_window += bool(unmarked)
                in_window.extend(unmarked)
                restart(worker)
            # Quiet: nothing left to send and nothing new taken for a few seconds.
            quiet_since, last_count = time.monotonic(), len(sink.accepted)
            deadline = time.monotonic() + QUIET_BOUND
            while time.monotonic() < deadline:
                if len(sink.accepted) != last_count or pending().exists():
                    quiet_since, last_count = time.monotonic(), len(sink.accepted)
                elif time.monotonic() - quiet_since > QUIET_SECONDS:
                    break
                time.sleep(0.2)
        finally:
            sweeper.stopping.set()
            worker.stop()
    elapsed = time.monotonic() - started

    accepted = sink.accepted
    log = worker.log()[-3000:]
    assert not pending().exists(), f"still unsent at the end:\n{log}"
    assert not Reminder.objects.filter(failed_at__isnull=False).exists(), log

    # 0 lost: every open action due soon or overdue was in an email to its lead.
    told = {(to, d) for m in accepted for to in m.to for d in world.actions if d in m.body}
    lost = world.must_reach_lead() - told
    assert not lost, f"{len(lost)} never told: {sorted(lost)[:10]}"
    for address in world.office():
        assert any(address in m.to and m.subject.startswith("Weekly digest") for m in accepted)
    assert not {d for m in accepted for d in world.never_mentioned() if d in m.body}
    stale_only = {d for d, (_, kind) in world.actions.items() if kind == "stale"}
    leads = {lead.email for lead in world.leads}
    assert not {d for m in accepted if set(m.to) & leads for d in stale_only if d in m.body}

    # Every email's items still true when sent: none lists an action withdrawn before it.
    untrue = [(m.message_id, d) for m in accepted for d, at in world.withdrawn.items()
              if d in m.body and m.at > at + SETTLE]
    assert not untrue, untrue

    # Sent twice only when a kill fell between the server taking it and the row being marked,
    # and then the same message. Each SIGKILL kills the worker's CONCURRENCY pool processes,
    # and a process caught in the window leaves one message unmarked: so the bound is the
    # number of process kills inside the window, which is len(in_window).
    duplicates = len(accepted) - len({m.message_id for m in accepted})
    copies = Counter(m.message_id for m in accepted)
    assert {mid for mid, n in copies.items() if n > 1} <= set(in_window)
    assert duplicates <= len(in_window) <= kills_in_window * CONCURRENCY

    # How long after each fault mail was flowing again (when some was due as it ended).
    recovery = []
    for what, at, due in faults:
        if due:
            later = [m.at for m in accepted if m.at >= at]
            recovery.append((what, min(later) - at if later else float("inf")))
    assert recovery and max(seconds for _, seconds in recovery) < 300
    # Drained within minutes of the server's return (simulated: a second is a minute of the
    # back-off); waiting out the back-off would take the hour's wait, 60 s here.
    assert drained is not None and drained < 20, drained

    seconds = [s for _, s in recovery]
    print(f"\nReminders under faults (seed {SEED}, {elapsed:.0f} s)\n"
          f"actions {len(world.actions)}, leads {LEADS}, withdrawn during the run "
          f"{len(world.withdrawn)}\n"
          f"worker SIGKILLs {KILLS}, of which inside the SMTP window {kills_in_window} "
          f"(pool processes killed there, each leaving a message taken but not marked sent: "
          f"{len(in_window)})\n"
          f"Redis restarts {REDIS_RESTARTS}, SMTP faults {SMTP_FAULTS} "
          f"({', '.join(smtp_steps.values())})\n"
          f"messages reaching the server {len(sink.received)}, accepted {len(accepted)}, "
          f"duplicates {duplicates}, lost {len(lost)}, untrue items {len(untrue)}\n"
          f"sweeps asked for {sweeper.sent} (lost to Redis being down: {sweeper.failed})\n"
          f"mail flowing again after a fault: median {statistics.median(seconds):.1f} s, "
          f"max {max(seconds):.1f} s over {len(seconds)} faults\n"
          f"after a {LONG_OUTAGE} s outage ({LONG_OUTAGE} min at the back-off's scale), "
          f"everything waiting was sent in {drained:.1f} s")
    for what in ("worker SIGKILL", "Redis restart", "SMTP"):
        those = [s for w, s in recovery if w.startswith(what)]
        if those:
            print(f"  {what} ({len(those)}): median {statistics.median(those):.1f} s, "
                  f"max {max(those):.1f} s")
    print("  each, in order: " + ", ".join(f"{w} {s:.1f}" for w, s in recovery))
