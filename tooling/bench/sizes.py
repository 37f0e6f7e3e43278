"""The machine and the data set a bench ran on, for docs/benchmarks.md."""

import json
import os
import platform

import django
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from actions.models import OPEN_STATUSES, Action, ProgressUpdate
from boards.models import Agency, AgendaItem, Board, Meeting, Membership, Person, ReportingLine
from challenges.models import Challenge
from performance.models import Indicator, IndicatorValue
from recommendations.models import Recommendation
from tooling.scale import PARTNER_EMAIL, TIMINGS_PATH


def machine_info():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(" on ")[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    return {
        "CPU cores (nproc)": len(os.sched_getaffinity(0)),
        "CPU": cpu_model(),
        "RAM": f"{mem_total_gb():.1f} GB",
        "PostgreSQL": f"{pg_version} (local, shared_buffers {shared_buffers})",
        "Python / Django": f"{platform.python_version()} / {django.get_version()}",
        "DEBUG": settings.DEBUG,
        "Load average when the bench started (1, 5, 15 min)": ", ".join(
            f"{load:.2f}" for load in os.getloadavg()),
    }


def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def mem_total_gb():
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def data_set_sizes(board):
    today = timezone.localdate()
    police = Person.objects.get(email=PARTNER_EMAIL).agency
    sizes = {
        "agencies": Agency.objects.count(),
        "people": Person.objects.count(),
        "boards": Board.objects.count(),
        "reporting lines": ReportingLine.objects.count(),
        "memberships": Membership.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "actions": Action.objects.count(),
        "progress updates": ProgressUpdate.objects.count(),
        "open actions": Action.objects.filter(status__in=OPEN_STATUSES).count(),
        "overdue actions": Action.objects.overdue(today).count(),
        "actions with evidence of impact": Action.objects.exclude(impact_evidence="").count(),
        f"large board (id {board.pk}) actions": Action.objects.filter(board=board).count(),
        f"{police.name} (police) actions": Action.objects.filter(lead_agency=police).count(),
        **challenge_sizes(board),
        **indicator_sizes(board),
    }
    by_status = Action.objects.values("status").annotate(n=Count("pk")).order_by("status")
    sizes["actions by status"] = ", ".join(f"{row['status']} {row['n']:,}" for row in by_status)
    return {k: f"{v:,}" if isinstance(v, int) else v for k, v in sizes.items()}


def challenge_sizes(board):
    return {
        "challenges": Challenge.objects.count(),
        f"large board (id {board.pk}) challenges": Challenge.objects.filter(board=board).count(),
        "open challenges": Challenge.objects.open().count(),
        "recommendations": Recommendation.objects.count(),
    }


def indicator_sizes(board):
    return {
        "indicators": Indicator.objects.count(),
        "indicator values": IndicatorValue.objects.count(),
        f"large board (id {board.pk}) indicator values": IndicatorValue.objects.filter(
            indicator__board=board).count(),
    }


def seed_timings():
    """What seed_scale recorded of its last run on this machine, if anything."""
    try:
        return json.loads(TIMINGS_PATH.read_text())
    except (OSError, ValueError):
        return None


