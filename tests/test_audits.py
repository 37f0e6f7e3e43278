"""Audits as far as triangulation needs them: recorded by the business manager with the
indicators they cite, seen by the board's members only."""

from datetime import date

import pytest
from django.urls import reverse

from audits.models import Audit
from performance import services
from performance.models import Theme

from .conftest import ROLES


@pytest.fixture
def audit(cast):
    return Audit.objects.create(board=cast.board, title="Dip sample of assessments",
                                completed_on=date(2017, 4, 20), created_by=cast.manager,
                                findings="26 assessments sampled: 19 appropriate, 4 unclear, "
                                         "1 disagreed.")


@pytest.mark.parametrize("role", ROLES)
def test_every_audit_page_checks_the_role_on_the_server(cast, audit, client_for, role):
    client = client_for(cast.by_role(role))
    pages = {"list": reverse("audits:list", args=[cast.board.pk]),
             "create": reverse("audits:create", args=[cast.board.pk]),
             "detail": audit.get_absolute_url()}
    for name, url in pages.items():
        status = client.get(url).status_code
        if role in ("outsider", "reader"):
            assert status == 404, (role, name)
        elif name == "create" and role != "manager":
            assert status == 403, (role, name)
        else:
            assert status == 200, (role, name)
    assert client_for(None).get(pages["detail"]).status_code == 302


def test_an_audit_is_recorded_with_the_indicators_it_cites(cast, client_for):
    theme = Theme.objects.create(board=cast.board, name="Front door")
    indicator = services.indicator_create(
        board=cast.board, theme=theme, code="CP1", name="Repeat contacts", definition="-",
        source="-", unit="percentage", polarity="lower", frequency="monthly",
        owning_agency=cast.council)
    client = client_for(cast.manager)
    url = reverse("audits:create", args=[cast.board.pk])
    form = {"title": "Multi-agency case audit: neglect", "kind": "case_audit",
            "completed_on_0": "15", "completed_on_1": "2", "completed_on_2": "2017",
            "findings": "Eight cases audited.", "indicators": [indicator.pk]}
    bad = client.post(url, {**form, "completed_on_2": "1917"})
    assert "Enter a date between 2000 and 2100" in bad.content.decode()
    assert not Audit.objects.exists()
    response = client.post(url, form)
    audit = Audit.objects.get()
    assert response["Location"] == audit.get_absolute_url()
    assert (audit.board, audit.created_by, audit.completed_on) == (
        cast.board, cast.manager, date(2017, 2, 15))
    assert list(audit.indicators.all()) == [indicator]
    assert audit.title in client.get(indicator.get_absolute_url()).content.decode()
