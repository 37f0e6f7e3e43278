"""`seed_scale`'s meetings and agenda items, ten years of them on every board, with their
minutes as far as they have got (PostgreSQL COPY)."""

import uuid
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.db import transaction

from boards.models import (
    AgendaItem,
    AgendaItemKind,
    Meeting,
    MeetingKind,
    MinutesStatus,
)

from .copying import copy_rows, reserve_ids
from .shape import (
    CONFIDENTIAL_ITEM_SHARE,
    ITEM_TITLES,
    LONDON,
    MAX_ITEMS,
    MEETINGS_PER_YEAR,
    MIN_ITEMS,
    VENUES,
    YEARS,
    first_day,
)


class MeetingSeeding:
    """Mixed into the `seed_scale` command, which holds the random generator (self.rng), the
    day and the moment (self.today, self.now)."""

    def meeting_dates(self, board_index):
        """MEETINGS_PER_YEAR meetings a year from first_day(), on a day that varies by board."""
        first = first_day(self.today)
        every = 12 // MEETINGS_PER_YEAR
        for k in range(YEARS * MEETINGS_PER_YEAR):
            year, month = divmod(first.year * 12 + first.month - 1 + k * every, 12)
            day = 2 + (board_index * 7 + k * 3) % 25
            hour = 10 if board_index % 2 else 14
            yield datetime.combine(date(year, month + 1, day), dtime(hour), tzinfo=LONDON)

    def create_meetings(self, plans):
        item_counts = [self.rng.randint(MIN_ITEMS, MAX_ITEMS)
                       for _ in range(YEARS * MEETINGS_PER_YEAR * len(plans))]
        meeting_id = reserve_ids(Meeting, len(item_counts))
        item_id = reserve_ids(AgendaItem, sum(item_counts))
        counts = iter(item_counts)
        meeting_rows, item_rows = [], []
        for board_index, plan in enumerate(plans):
            dates = list(self.meeting_dates(board_index))
            for k, starts_at in enumerate(dates):
                next_at = dates[k + 1] if k + 1 < len(dates) else None
                meeting_rows.append(
                    self.meeting_row(plan, board_index, k, meeting_id, starts_at, next_at))
                rows, items = self.agenda_rows(plan, meeting_id, starts_at, item_id, next(counts))
                item_rows += rows
                if starts_at < self.now:
                    plan.meetings.append((starts_at, meeting_id, items))
                meeting_id += 1
                item_id += len(rows)
        with transaction.atomic():
            copy_rows(Meeting, MEETING_FIELDS, meeting_rows)
            copy_rows(AgendaItem, ITEM_FIELDS, item_rows)

    def meeting_row(self, plan, board_index, k, meeting_id, starts_at, next_at):
        status, approved_at, circulated, published = self.minutes_state(
            starts_at, next_at, meeting_id + 1)
        kind = MeetingKind.DEVELOPMENT_DAY if k % MEETINGS_PER_YEAR == 3 else MeetingKind.ORDINARY
        return (
            meeting_id, uuid.UUID(int=self.rng.getrandbits(128), version=4), plan.board_id,
            kind, "", starts_at, starts_at + timedelta(hours=2),
            VENUES[(board_index + k) % len(VENUES)], status, circulated, approved_at, "",
            published, starts_at - timedelta(days=30), plan.partnership.manager_id,
        )

    def agenda_rows(self, plan, meeting_id, starts_at, first_id, count):
        """The meeting's agenda: the previous minutes, then items. Returns the rows and the
        items actions can arise from, as (item id, confidential)."""
        held = starts_at < self.now
        rows, items = [], []
        for position in range(1, count + 1):
            item_id = first_id + position - 1
            if position == 1:
                kind, title, confidential = (AgendaItemKind.PREVIOUS_MINUTES,
                                             "Minutes of the previous meeting", False)
            else:
                kind, title = AgendaItemKind.ITEM, self.rng.choice(ITEM_TITLES)
                confidential = self.rng.random() < CONFIDENTIAL_ITEM_SHARE
                items.append((item_id, confidential))
            rows.append((
                item_id, meeting_id, position, kind, title,
                self.rng.choice(plan.partnership.people)[0], confidential,
                "The board discussed the report and asked questions." if held else "",
                "The board noted the report." if held else "",
                1, starts_at + timedelta(days=3) if held else starts_at,
                plan.partnership.manager_id,
            ))
        return rows, items

    def minutes_state(self, starts_at, next_at, next_id):
        """Minutes are published once the next meeting has approved them; the last meeting
        held has circulated minutes; meetings to come have none yet."""
        if next_at and next_at < self.now:
            circulated = starts_at + timedelta(days=7)
            published = min(next_at + timedelta(days=3), self.now)
            return MinutesStatus.PUBLISHED, next_id, circulated, published
        if starts_at < self.now:
            return MinutesStatus.CIRCULATED, None, starts_at + timedelta(days=7), None
        return MinutesStatus.DRAFT, None, None, None


MEETING_FIELDS = (
    "id", "uid", "board_id", "kind", "title", "starts_at", "ends_at", "venue", "minutes_status",
    "minutes_circulated_at", "minutes_approved_at_meeting_id", "minutes_amendments",
    "minutes_published_at", "created_at", "created_by_id",
)
ITEM_FIELDS = (
    "id", "meeting_id", "position", "kind", "title", "presenter_id", "is_confidential",
    "discussion", "decisions", "version", "updated_at", "updated_by_id",
)
