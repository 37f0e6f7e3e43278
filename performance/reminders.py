"""Indicator reminders, once per event and recipient (queued in the boards.Notice outbox):
- the owning agency's performance officers on the board (or, where it has none, its other
  members there) when a period's figures are due and none has been submitted;
- the board's performance officers and business manager when figures wait for validation —
  but not someone who submitted every one of them, since they cannot validate their own."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from boards import notices
from boards.models import Board, Membership, Role
from boards.notices import Letter, NotNeeded

from . import periods
from .models import Indicator, IndicatorValue, ValueStatus

LIVE = (ValueStatus.SUBMITTED, ValueStatus.VALIDATED, ValueStatus.PUBLISHED)


def _last_due_period(indicator, today):
    """The latest period whose figures were due on or before today: the last one that ended
    by `submission_days` ago."""
    ended_by = today - timedelta(days=indicator.submission_days)
    return periods.recent(indicator.frequency, ended_by + timedelta(days=1), 1)[0]


def _members(board_ids):
    """{board id: [(person, role)]} of current, active members."""
    members = defaultdict(list)
    for membership in (Membership.objects.current().filter(board_id__in=board_ids,
                                                           person__is_active=True)
                       .select_related("person")):
        members[membership.board_id].append((membership.person, membership.role))
    return members


def missing_figures(today):
    """{(board, frequency, period): [indicators with no figure for the period]}"""
    indicators = list(Indicator.objects.select_related("board", "owning_agency"))
    by_period = defaultdict(list)
    for indicator in indicators:
        by_period[_last_due_period(indicator, today)].append(indicator)
    missing = defaultdict(list)
    for period, group in by_period.items():
        present = set(IndicatorValue.objects.filter(
            period=period, indicator__in=group, breakdown__isnull=True, status__in=LIVE)
            .values_list("indicator_id", flat=True))
        for indicator in group:
            if indicator.pk not in present:
                missing[indicator.board, indicator.frequency, period].append(indicator)
    return missing


def send_indicator_reminders(today=None):
    today = today or timezone.localdate()
    counts = {"data_due": 0, "awaiting_validation": 0}
    missing = missing_figures(today)
    # Per board: the oldest waiting figure, and who submitted them (if only one person did,
    # they are the one validator not to remind).
    waiting = list(IndicatorValue.objects.filter(status=ValueStatus.SUBMITTED)
                   .values("indicator__board")
                   .annotate(since=Min("submitted_at"), one=Min("submitted_by"),
                             submitters=Count("submitted_by", distinct=True)))
    members = _members({board.pk for board, _, _ in missing}
                       | {row["indicator__board"] for row in waiting})
    for (board, frequency, period), indicators in missing.items():
        by_agency = defaultdict(list)
        for indicator in indicators:
            by_agency[indicator.owning_agency].append(indicator)
        for agency, owned in by_agency.items():
            people = [p for p, role in members[board.pk]
                      if p.agency_id == agency.pk and role == Role.PERFORMANCE_OFFICER]
            people = people or [p for p, _ in members[board.pk] if p.agency_id == agency.pk]
            label = periods.label(period, frequency)
            due = min(i.due_on(period) for i in owned)
            counts["data_due"] += notices.queue(
                kind="indicator_data_due",
                key=f"board:{board.pk}:{agency.pk}:{frequency}:{period:%Y-%m}",
                recipients={p.pk: p for p in people}.values(), board=board,
                reason=f"{agency}'s figures for {label} were due on {due:%d %B %Y} and "
                       f"have not been submitted")
    for row in waiting:
        board_id = row["indicator__board"]
        sole_submitter = row["one"] if row["submitters"] == 1 else None
        validators = {p.pk: p for p, role in members[board_id]
                      if role in (Role.PERFORMANCE_OFFICER, Role.BUSINESS_MANAGER)
                      and p.pk != sole_submitter}
        since = timezone.localtime(row["since"]).date()
        counts["awaiting_validation"] += notices.queue(
            kind="indicator_awaiting_validation", key=f"board:{board_id}:{since}",
            recipients=validators.values(), board=Board(pk=board_id),
            reason=f"figures submitted since {since:%d %B %Y} are waiting for validation")
    return counts


def data_due(notice) -> Letter:
    """Still true while some of the agency's indicators have no figure for the period."""
    _, board_id, agency_id, frequency, month = notice.key.split(":")
    period = date.fromisoformat(f"{month}-01")
    today = timezone.localdate()
    board = Board.objects.get(pk=board_id)
    owned = [i for i in Indicator.objects.filter(board=board, owning_agency_id=agency_id,
                                                 frequency=frequency)
             .exclude(pk__in=IndicatorValue.objects.filter(
                 period=period, breakdown__isnull=True, status__in=LIVE).values("indicator_id"))
             if i.due_on(period) <= today]
    if not owned:
        raise NotNeeded("the figures have been submitted")
    label = periods.label(period, frequency)
    return Letter(subject=f"{board}: figures for {label} are due",
                  template="performance/email/data_due",
                  context={"board": board, "indicators": owned, "period_label": label,
                           "path": f"{reverse('performance:enter', args=[board.pk])}"
                                   f"?period={frequency}:{period:%Y-%m}"})


def awaiting_validation(notice) -> Letter:
    board_id = notice.key.split(":")[1]
    if not IndicatorValue.objects.filter(indicator__board_id=board_id,
                                         status=ValueStatus.SUBMITTED).exists():
        raise NotNeeded("the figures have been validated or sent back")
    return Letter(subject="Indicator figures are waiting for validation",
                  template="performance/email/awaiting_validation",
                  context={"path": reverse("performance:validate", args=[board_id])})


def register():
    notices.register("indicator_data_due", data_due)
    notices.register("indicator_awaiting_validation", awaiting_validation)
