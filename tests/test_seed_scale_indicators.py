"""`make bench` adds every partnership's core dataset with `seed_scale_indicators`: tried here
on one small partnership and one year, with the shape the national run has."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from boards.models import BoardKind, Role, Sector
from performance.models import (
    Benchmark,
    Breakdown,
    Commentary,
    Indicator,
    IndicatorValue,
    Target,
    Theme,
    ValueStatus,
)
from tooling.scale import LARGE_BOARD_NAME

from .factories import AgencyFactory, BoardFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    """A main board as seed_scale makes them: a business manager, a chair, partner members
    from the council, the police and health."""
    council = AgencyFactory(name="Avonford Council", short_name="Council",
                            sector=Sector.LOCAL_AUTHORITY)
    police = AgencyFactory(name="Avonford Police", short_name="Police", sector=Sector.POLICE)
    trust = AgencyFactory(name="Avonford NHS Foundation Trust", short_name="Trust",
                          sector=Sector.HEALTH)
    board = BoardFactory(name=LARGE_BOARD_NAME, kind=BoardKind.PARTNERSHIP_EXECUTIVE)
    for name, agency, role in (("Bench Manager", council, Role.BUSINESS_MANAGER),
                               ("Helen Marsh", council, Role.CHAIR),
                               ("Priya Shaw", council, Role.VICE_CHAIR),
                               ("Gareth Doyle", police, Role.PARTNER_MEMBER),
                               ("Amira Khan", trust, Role.PARTNER_MEMBER)):
        MembershipFactory(board=board, role=role, person=PersonFactory(
            full_name=name, agency=agency, email=f"{name.replace(' ', '.').lower()}@bench.invalid"))
    return board


def seed():
    out = StringIO()
    call_command("seed_scale_indicators", partnerships=1, years=1, writers=0, stdout=out)
    return out.getvalue()


def test_it_gives_the_board_forty_monthly_indicators_with_a_year_of_figures(partnership):
    assert "Seeded in" in seed()

    indicators = Indicator.objects.filter(board=partnership)
    assert indicators.count() == 40
    assert Theme.objects.filter(board=partnership).count() == 5
    assert not Theme.objects.filter(name__endswith="(seeding)").exists()
    assert set(indicators.values_list("frequency", flat=True)) == {"monthly"}
    assert {"EH1", "CP3", "WF1", "FD2"} <= set(indicators.values_list("code", flat=True))
    assert set(indicators.values_list("owning_agency__short_name", flat=True)) == {
        "Council", "Police", "Trust"}
    assert Breakdown.objects.filter(indicator__board=partnership).count() == 40 * 8
    assert Target.objects.values("indicator").annotate(n=Count("pk")).filter(n=0).count() == 0

    values = IndicatorValue.objects.filter(indicator__board=partnership)
    periods = sorted(set(values.values_list("period", flat=True)))
    assert len(periods) == 12
    # A total and 8 breakdowns an indicator a month, and one more row for each correction.
    corrections = values.filter(corrects__isnull=False)
    assert corrections.count() == 2
    assert values.count() == 40 * 12 * 9 + 2
    for correction in corrections.select_related("corrects"):
        old = correction.corrects
        assert correction.status == ValueStatus.PUBLISHED and correction.correction_reason
        assert old.status == ValueStatus.SUPERSEDED and old.superseded_at is not None
        assert (old.indicator_id, old.period, old.breakdown_id) == (
            correction.indicator_id, correction.period, None)

    # One published total a period, except the last month's few still in the pipeline.
    published = Counter(values.published().totals().values_list("indicator", "period"))
    assert set(published.values()) == {1}
    pending = values.pending().totals()
    assert set(pending.values_list("period", flat=True)) == {periods[-1]}
    assert pending.count() == 4  # a tenth of the last month's
    assert len(published) == 40 * 12 - 4
    assert set(values.values_list("status", flat=True)) == {
        ValueStatus.PUBLISHED, ValueStatus.SUPERSEDED, ValueStatus.SUBMITTED,
        ValueStatus.VALIDATED}

    # Submitted, validated and published by three different people, in that order.
    assert not values.filter(validated_by=F("submitted_by")).exists()
    assert not values.filter(published_by=F("submitted_by")).exists()
    assert not values.filter(published_by=F("validated_by")).exists()
    assert not values.filter(Q(validated_at__lt=F("submitted_at"))
                             | Q(published_at__lt=F("validated_at"))).exists()
    assert not values.filter(status=ValueStatus.SUBMITTED, validated_by__isnull=False).exists()

    assert Benchmark.objects.filter(indicator__board=partnership).count() == 40 * 4 * 2
    assert not Commentary.objects.filter(indicator__board=partnership,
                                         period__lt=periods[0]).exists()


def test_it_runs_once(partnership):
    seed()
    rows = IndicatorValue.objects.count()
    assert "already seeded" in seed()
    assert IndicatorValue.objects.count() == rows
