"""The versioned save (safeguard/lib/versioning.py): of two saves opened at one version,
exactly one wins; the other is refused with the newer record."""

import pytest

from boards.models import Agency, Sector
from safeguard.lib.versioning import StaleEdit, claim_version, versioned_save

pytestmark = pytest.mark.django_db


def test_a_save_at_the_current_version_moves_it_on_and_writes_only_its_fields():
    agency = Agency.objects.create(name="Wirral Council", short_name="WC", sector=Sector.OTHER)
    Agency.objects.filter(pk=agency.pk).update(short_name="Wirral")  # changed elsewhere
    versioned_save(agency, version=1, changes={"name": "Wirral Borough Council"})
    agency.refresh_from_db()
    assert (agency.name, agency.short_name, agency.version) == (
        "Wirral Borough Council", "Wirral", 2)


def test_a_save_opened_at_an_older_version_is_refused_with_the_newer_record():
    agency = Agency.objects.create(name="Police", sector=Sector.OTHER)
    versioned_save(agency, version=1, changes={"name": "Merseyside Police"})
    stale = Agency.objects.get(pk=agency.pk)
    with pytest.raises(StaleEdit) as refused:
        versioned_save(stale, version=1, changes={"name": "Cheshire Police"})
    assert refused.value.current.name == "Merseyside Police"
    assert Agency.objects.get(pk=agency.pk).name == "Merseyside Police"


def test_claiming_without_a_version_always_claims_and_says_the_new_one():
    agency = Agency.objects.create(name="Health", sector=Sector.OTHER)
    assert claim_version(Agency, agency.pk, None) == 2
    assert claim_version(Agency, agency.pk, 2) == 3
    with pytest.raises(StaleEdit):
        claim_version(Agency, agency.pk, 2)


def test_a_change_that_fails_its_checks_is_not_written():
    agency = Agency.objects.create(name="Schools", sector=Sector.OTHER)
    with pytest.raises(Exception):  # noqa: B017 - full_clean's ValidationError
        versioned_save(agency, version=1, changes={"name": ""})
    assert Agency.objects.get(pk=agency.pk).version == 1
