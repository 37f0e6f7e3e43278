"""What `run_bench` measures: the busiest pages of the large board, each fetched as the person
who would use it, and how a page's timings are summed up."""

import statistics
from dataclasses import dataclass

from actions.models import Action, ActionStatus
from boards.models import Person
from recommendations.models import RecommendationSource
from tooling.scale import ADMIN_EMAIL, MANAGER_EMAIL, PARTNER_EMAIL

from . import indicators

WARMUP = 2
RUNS = 30
TRACKER_DEEP_PAGE = 200  # 50 rows a page: rows 9,951–10,000
ADMIN_DEEP_PAGE = 199  # the admin's `p` is 1-based in Django 5 (100 rows a page)
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
NOT_AVAILABLE = "NOT AVAILABLE"


@dataclass
class Page:
    label: str
    url_name: str
    args: tuple = ()
    query: str = ""
    email: str = MANAGER_EMAIL


@dataclass
class Result:
    label: str
    url: str = ""
    p50: float = 0.0
    p95: float = 0.0
    sql_p50: float = 0.0
    queries: str = ""
    note: str = ""



def pages(board):
    action = (Action.objects.filter(board=board, status=ActionStatus.IN_PROGRESS)
              .exclude(latest_update=None).order_by("pk").first())
    police = Person.objects.select_related("agency").get(email=PARTNER_EMAIL).agency
    admin_filter = f"board__id__exact={board.pk}"
    return [
        Page("Board tracker, page 1", "actions:board_tracker", (board.pk,)),
        Page(f"Board tracker, page {TRACKER_DEEP_PAGE}", "actions:board_tracker",
             (board.pk,), f"page={TRACKER_DEEP_PAGE}"),
        Page("Board tracker, in progress and overdue", "actions:board_tracker",
             (board.pk,), "status=in_progress&overdue=true"),
        Page(f"My agency's actions ({police.name})", "actions:mine", email=PARTNER_EMAIL),
        Page(f"Action page (#{action.pk if action else '?'})", "actions:detail",
             (action.pk,) if action else ()),
        Page("Admin: the board's actions, page 1", "admin:actions_action_changelist",
             query=admin_filter, email=ADMIN_EMAIL),
        Page(f"Admin: the board's actions, page {ADMIN_DEEP_PAGE}",
             "admin:actions_action_changelist",
             query=f"{admin_filter}&p={ADMIN_DEEP_PAGE}", email=ADMIN_EMAIL),
        Page("Admin: all actions, page 1", "admin:actions_action_changelist",
             email=ADMIN_EMAIL),
        Page("Challenge log, page 1", "challenges:log", (board.pk,)),
        Page("Challenge log, responses overdue", "challenges:log", (board.pk,),
             "overdue=true"),
        Page("Chair's review of challenges", "challenges:chair_review", (board.pk,)),
        *source_pages(board),
        *(Page(label, name, args) for label, name, args in indicators.pages(board)),
    ]

def source_pages(board):
    source = RecommendationSource.objects.filter(board=board).order_by("pk").first()
    if source is None:
        return []
    return [Page("Recommendations of a source, rolled up", "recommendations:source_detail",
                 (source.pk,))]


def percentile(values, pct):
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]

