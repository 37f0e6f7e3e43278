"""Presenters' helpers (safeguard/lib/presenters.py) say exactly what the template would."""

from datetime import UTC, date, datetime

from django.template import Context, Template
from django.urls import reverse

from safeguard.lib.presenters import Days, PathsById, escaped


def as_template(source, **context):
    return Template(source).render(Context(context))


def test_escaped_as_autoescaping_writes_it():
    text = "<b>Tom & \"Jerry\"</b> 'x'"
    assert escaped(text) == as_template("{{ v }}", v=text)


def test_days_format_each_day_once_on_the_local_day(settings):
    settings.TIME_ZONE = "Europe/London"
    days = Days("j F Y")
    late = datetime(2017, 6, 30, 23, 30, tzinfo=UTC)  # 1 July in London
    assert days(late) == as_template('{{ v|date:"j F Y" }}', v=late) == "1 July 2017"
    assert days(date(2017, 7, 1)) == "1 July 2017"
    assert days(None) == ""
    assert len(days) == 1


def test_paths_by_id_are_those_reverse_gives():
    paths = PathsById("boards:agency_detail")
    assert [paths(pk) for pk in (1, 42, 7)] == [
        reverse("boards:agency_detail", args=[pk]) for pk in (1, 42, 7)]
