"""`seed_scale`'s actions and their progress updates: a million of them, generated board by
board and written with PostgreSQL COPY by writer threads while the next chunk is generated."""

import time
from bisect import bisect
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from itertools import accumulate

from django.db import connection, transaction

from actions.models import (
    Action,
    ActionPlan,
    ActionSource,
    ActionStatus,
    AreaForDevelopment,
    ProgressUpdate,
    sort_key_for,
)

from .copying import copy_rows, reserve_ids
from .shape import (
    ACTION_CHUNK,
    ACTIONS,
    COMPLETION_NOTE,
    DELEGATE_SHARE,
    DESCRIPTIONS,
    IMPACT_SHARE,
    IMPACT_TEXTS,
    LARGE_BOARD_ACTIONS,
    LARGE_PLAN_AREAS,
    MAIN_BOARD_WEIGHT,
    RECENT_DAYS,
    SOURCE_WEIGHTS,
    STATUS_WEIGHTS,
    SUPPORTING_SHARE,
    UPDATE_COUNT_WEIGHTS,
    UPDATE_TEXTS,
    WRITERS,
)


class ActionSeeding:
    """Mixed into the `seed_scale` command, which holds the random generator (self.rng), the
    day and the moment (self.today, self.now), and the first moment of the data set
    (self.first_moment)."""

    def create_large_plan(self, large):
        plan = ActionPlan.objects.create(board_id=large.board_id, title="Business plan",
                                         source=ActionSource.BUSINESS_PLAN)
        areas = AreaForDevelopment.objects.bulk_create(
            AreaForDevelopment(plan=plan, number=n, title=f"Area for development {n}")
            for n in range(1, LARGE_PLAN_AREAS + 1)
        )
        large.plan_areas = [(plan.pk, area.pk, area.number) for area in areas]

    def spread_actions(self, plans):
        """LARGE_BOARD_ACTIONS to the large board; the rest spread over the others by weight."""
        plans[0].action_count = LARGE_BOARD_ACTIONS
        others = plans[1:]
        weights = [MAIN_BOARD_WEIGHT if p.board_id == p.partnership.boards[0].pk else 1
                   for p in others]
        left = ACTIONS - LARGE_BOARD_ACTIONS
        for plan, weight in zip(others, weights, strict=True):
            plan.action_count = left * weight // sum(weights)
        for plan in others[: left - sum(p.action_count for p in others)]:
            plan.action_count += 1

    def create_actions(self, plans):
        batch = ActionBatch()
        done = 0
        for plan in plans:
            self.board_actions(plan, batch)
            if len(batch.actions) >= ACTION_CHUNK:
                done += batch.flush()
                self.progress(done)
        done += batch.flush()
        batch.close()
        self.progress(done)
        spent = ", ".join(f"{k} {v:.0f} s" for k, v in batch.seconds.items())
        self.stdout.write(f" (summed over {WRITERS} writer threads: {spent})", ending="")

    def progress(self, done):
        if done % (ACTION_CHUNK * 4) < ACTION_CHUNK or done == ACTIONS:
            self.stdout.write(f" {done:,}", ending="")
            self.stdout.flush()

    def board_actions(self, plan, batch):
        first_action = reserve_ids(Action, plan.action_count)
        generated = [self.make_action(plan) for _ in range(plan.action_count)]
        first_update = reserve_ids(ProgressUpdate, sum(len(u) for _, u in generated))
        numbers = {}
        update_id = first_update
        for offset, (action, updates) in enumerate(generated):
            action["id"] = first_action + offset
            for update in updates:
                update["id"], update["action_id"] = update_id, action["id"]
                update_id += 1
                batch.updates.append(tuple(update[f] for f in UPDATE_FIELDS))
            if updates:
                action["latest_update_id"] = update_id - 1
                action["last_progress_at"] = updates[-1]["written_at"]
            if plan.plan_areas and action["source"] == ActionSource.BUSINESS_PLAN:
                plan_id, area_id, area_number = self.rng.choice(plan.plan_areas)
                numbers[area_id] = numbers.get(area_id, 0) + 1
                number = f"{area_number}.{numbers[area_id]}"
                action.update(plan_id=plan_id, area_id=area_id, number=number,
                              sort_key=sort_key_for(number))
            batch.actions.append(tuple(action[f] for f in ACTION_FIELDS))
            if self.rng.random() < SUPPORTING_SHARE:
                batch.supporting.append((action["id"], self.supporting_agency(plan, action)))

    def supporting_agency(self, plan, action):
        others = [a.pk for a in plan.partnership.agencies.values()
                  if a.pk != action["lead_agency_id"]]
        return self.rng.choice(others)

    def make_action(self, plan):
        """One action as a dict of field values, and its progress updates oldest first."""
        rng = self.rng
        partnership = plan.partnership
        source, created_at, agenda_item_id, confidential = self.origin(plan)
        due_on = created_at.date() + timedelta(days=rng.randint(14, 240))
        status = self.pick_status(due_on)
        lead_id, agency_id = rng.choice(partnership.people)
        action = {
            "board_id": plan.board_id, "description": rng.choice(DESCRIPTIONS),
            "lead_person_id": lead_id, "lead_agency_id": agency_id,
            "delegate_id": self.delegate(partnership, lead_id, agency_id),
            "due_on": due_on, "status": status, "lead_rag": "", "source": source,
            "agenda_item_id": agenda_item_id, "plan_id": None, "area_id": None, "number": "",
            "sort_key": "", "is_confidential": confidential, "completion_note": "",
            "completed_at": None, "completed_by_id": None, "closed_at": None,
            "closed_by_id": None, "status_reason": "", "impact_evidence": "",
            "impact_evidenced_on": None, "impact_evidenced_by_id": None,
            "latest_update_id": None, "last_progress_at": None, "version": 1,
            "created_at": created_at, "created_by_id": partnership.manager_id,
            "updated_at": created_at,
        }
        finished_at = self.finish(action, plan)
        updates = self.make_updates(action, finished_at)
        action["version"] = 1 + len(updates) + (status == ActionStatus.CLOSED)
        action["updated_at"] = max([created_at, finished_at or created_at,
                                    *(u["written_at"] for u in updates)])
        if status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS):
            action["lead_rag"] = rng.choice(("", "", "green", "amber", "red"))
        return action, updates

    def origin(self, plan):
        """Where the action came from and when: a minute item two days after its meeting,
        anything else on a random day (challenges are not seeded: no link to one)."""
        source = weighted(self.rng, SOURCE_TABLE)
        if source == ActionSource.MINUTE_ITEM:
            starts_at, _, items = self.rng.choice(plan.meetings)
            if items:
                item_id, confidential = self.rng.choice(items)
                created_at = min(starts_at + timedelta(days=2), self.now)
                return source, created_at, item_id, confidential
            source = ActionSource.DIRECT
        created_at = self.first_moment + (self.now - self.first_moment) * self.rng.random()
        return source, created_at, None, False

    def pick_status(self, due_on):
        return weighted(self.rng, STATUS_TABLES[self.age(due_on)])

    def age(self, due_on):
        days_past = (self.today - due_on).days
        return "old" if days_past > RECENT_DAYS else "recent" if days_past > 0 else "future"

    def delegate(self, partnership, lead_id, agency_id):
        if self.rng.random() >= DELEGATE_SHARE:
            return None
        colleagues = [pid for pid, aid in partnership.people if aid == agency_id and pid != lead_id]
        return self.rng.choice(colleagues) if colleagues else None

    def finish(self, action, plan):
        """Set completion, closing and impact for done actions; return when it was done."""
        status = action["status"]
        if status not in (ActionStatus.COMPLETE, ActionStatus.CLOSED, ActionStatus.WITHDRAWN):
            return None
        created_at = action["created_at"]
        due_at = datetime.combine(action["due_on"], dtime(12), tzinfo=UTC)
        done_at = due_at + timedelta(days=self.rng.randint(-45, 15))
        done_at = min(max(done_at, created_at + timedelta(days=1)), self.now)
        if status == ActionStatus.WITHDRAWN:
            action["status_reason"] = "No longer needed: superseded by the new business plan."
            return done_at
        action.update(completion_note=COMPLETION_NOTE, completed_at=done_at,
                      completed_by_id=action["lead_person_id"])
        if status == ActionStatus.CLOSED:
            closed_at = min(done_at + timedelta(days=self.rng.randint(1, 30)), self.now)
            action.update(closed_at=closed_at, closed_by_id=plan.partnership.manager_id)
        if self.rng.random() < IMPACT_SHARE:
            evidenced = min(done_at.date() + timedelta(days=self.rng.randint(30, 180)),
                            self.today)
            action.update(impact_evidence=self.rng.choice(IMPACT_TEXTS),
                          impact_evidenced_on=evidenced, impact_evidenced_by_id=plan.chair_id)
        return done_at

    def make_updates(self, action, finished_at):
        """0–3 dated updates by the lead between creation and completion (or a recent day for
        open actions, some of them more than ACTION_STALE_WEEKS ago: amber)."""
        rng = self.rng
        status = action["status"]
        created_at = action["created_at"]
        if status == ActionStatus.NOT_STARTED:
            count = 1 if rng.random() < 0.2 else 0
        elif status == ActionStatus.WITHDRAWN:
            count = rng.randint(0, 1)
        else:
            count = weighted(rng, UPDATE_COUNT_TABLE)
        if not count:
            return []
        if finished_at:
            last_at = finished_at
        else:
            last_at = max(self.now - timedelta(days=rng.randint(1, 90)),
                          created_at + timedelta(hours=1))
            last_at = min(last_at, self.now)
        step = (last_at - created_at) / count
        updates = []
        for n in range(1, count + 1):
            final = n == count
            status_after = ActionStatus.IN_PROGRESS
            if final and status in (ActionStatus.COMPLETE, ActionStatus.CLOSED):
                status_after = ActionStatus.COMPLETE
            elif final and status in (ActionStatus.NOT_STARTED, ActionStatus.WITHDRAWN):
                status_after = status
            updates.append({
                "text": rng.choice(UPDATE_TEXTS), "status_after": status_after,
                "written_by_id": action["lead_person_id"], "written_at": created_at + step * n,
            })
        return updates


# --- Weighted choices, fast (a million times over) -------------------------------------------

def cumulative(weights):
    return list(weights), list(accumulate(weights.values()))


def weighted(rng, table):
    values, cum_weights = table
    return values[bisect(cum_weights, rng.random() * cum_weights[-1])]


SOURCE_TABLE = cumulative(SOURCE_WEIGHTS)
STATUS_TABLES = {age: cumulative(weights) for age, weights in STATUS_WEIGHTS.items()}
UPDATE_COUNT_TABLE = cumulative(UPDATE_COUNT_WEIGHTS)


ACTION_FIELDS = (
    "id", "board_id", "description", "lead_person_id", "lead_agency_id", "delegate_id", "due_on",
    "status", "lead_rag", "source", "agenda_item_id", "plan_id", "area_id",
    "number", "sort_key", "is_confidential", "completion_note", "completed_at", "completed_by_id",
    "closed_at", "closed_by_id", "status_reason", "impact_evidence", "impact_evidenced_on",
    "impact_evidenced_by_id", "latest_update_id", "last_progress_at", "version", "created_at",
    "created_by_id", "updated_at",
)
UPDATE_FIELDS = ("id", "action_id", "text", "status_after", "written_by_id", "written_at")


class ActionBatch:
    """Rows waiting to be copied. flush() hands them to one of WRITERS threads, each with its
    own database connection, and returns at once: the next chunk is generated while
    PostgreSQL takes the last ones. Each chunk is one transaction, so an action's
    latest_update (a deferred foreign key) is there by the time it commits."""

    def __init__(self):
        self.actions, self.updates, self.supporting = [], [], []
        self.writers = ThreadPoolExecutor(max_workers=WRITERS)
        self.pending = []
        self.seconds = {"COPY": 0.0, "commit (deferred foreign key checks)": 0.0}

    def flush(self):
        """Queue the rows for writing; return how many actions were queued."""
        while len(self.pending) >= WRITERS:
            self.pending.pop(0).result()  # raises here what went wrong in a writer
        rows = (self.actions, self.updates, self.supporting)
        self.actions, self.updates, self.supporting = [], [], []
        self.pending.append(self.writers.submit(self.write, *rows))
        return len(rows[0])

    def close(self):
        for future in self.pending:
            future.result()
        self.writers.shutdown()

    def write(self, actions, updates, supporting):
        started = time.perf_counter()
        try:
            with transaction.atomic():
                copy_rows(Action, ACTION_FIELDS, actions)
                copy_rows(ProgressUpdate, UPDATE_FIELDS, updates)
                copy_rows(Action.supporting_agencies.through, ("action_id", "agency_id"),
                          supporting)
                copied = time.perf_counter()
        finally:
            connection.close()  # this thread's connection; the next chunk opens another
        self.seconds["COPY"] += copied - started
        self.seconds["commit (deferred foreign key checks)"] += time.perf_counter() - copied


