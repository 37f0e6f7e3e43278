"""`make run` loads the demo data: it must load on PostgreSQL as well, and only once."""

import pytest
from django.core.management import call_command

from actions.models import Action, ActionPlan
from boards.models import Board, Meeting, MinutesStatus

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_the_boards_and_papers_of_the_seeds(capsys, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    call_command("load_demo")
    first = capsys.readouterr().out
    assert "manager@demo.safeguard.invalid" in first
    call_command("load_demo")
    assert "Demo data already loaded" in capsys.readouterr().out

    assert Board.objects.filter(name="Wirral Improvement Board").exists()
    march = Meeting.objects.get(board__name="Wirral Improvement Board",
                                starts_at__date="2017-03-22")
    assert march.minutes_status == MinutesStatus.PUBLISHED
    assert "providing apologies" in march.minutes_amendments
    plan = ActionPlan.objects.get(board__name="Warrington Safeguarding Children Board")
    numbers = list(Action.objects.filter(plan=plan).values_list("number", flat=True))
    assert numbers[:3] == ["1.1", "1.2", "1.3"] and numbers[-1] == "5.1"
    early_help = Board.objects.get(name="Early Help Sub-group")
    assert early_help.reporting_lines.count() == 2
