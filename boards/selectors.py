"""Reads shared by pages, exports and the annual report: worked out once, here, not in views."""

from dataclasses import dataclass

from django.db.models import Count

from . import history
from .models import Attendance, AttendanceStatus


@dataclass(frozen=True)
class AttendanceByAgency:
    meetings: list  # the year's meetings, in order
    agencies: list  # {"name", "cells": [{"present", "in_attendance", "apologies"}], "attended"}


def meeting_years(board) -> list[int]:
    """The years the board has met in, newest first."""
    return sorted({d.year for d in board.meetings.dates("starts_at", "year")}, reverse=True)


def attendance_by_agency(board, year) -> AttendanceByAgency:
    """One row per agency, one cell per meeting of the year: how many of its people were
    present, in attendance or sent apologies, and at how many meetings it was present."""
    meetings = list(board.meetings.filter(starts_at__year=year).order_by("starts_at"))
    rows = (
        Attendance.objects.filter(meeting__in=meetings)
        .values("agency__name", "meeting_id", "status")
        .annotate(n=Count("pk"))
    )
    table = {}
    for row in rows:
        agency = row["agency__name"] or "No agency recorded"
        cell = table.setdefault(agency, {}).setdefault(row["meeting_id"], {})
        cell[row["status"]] = row["n"]
    agencies = []
    for agency in sorted(table):
        cells = [table[agency].get(m.pk, {}) for m in meetings]
        agencies.append({
            "name": agency,
            "cells": [
                {"present": c.get(AttendanceStatus.PRESENT, 0),
                 "in_attendance": c.get(AttendanceStatus.IN_ATTENDANCE, 0),
                 "apologies": c.get(AttendanceStatus.APOLOGIES, 0)} for c in cells
            ],
            "attended": sum(1 for c in cells if c.get(AttendanceStatus.PRESENT)),
        })
    return AttendanceByAgency(meetings, agencies)


def membership_history(board) -> list:
    """Every change to the board's memberships, newest first, each line naming the member."""
    return history.of_each(board.memberships.select_related("person"),
                           name=lambda membership: str(membership.person))
