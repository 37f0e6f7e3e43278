"""GOV.UK form and filter helpers (safeguard/lib/forms.py, filters.py), the page's year and
record number (params.py) and the safe next address (redirects.py)."""

import django_filters
import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from boards.models import Agency, Sector
from safeguard.lib.filters import GDSFilterSet, YearFilter
from safeguard.lib.forms import GDSFormMixin, VersionedFormMixin, add_service_error
from safeguard.lib.params import record_number, year_from
from safeguard.lib.redirects import next_or


class AgencyForm(GDSFormMixin, VersionedFormMixin, forms.ModelForm):
    submit_label = "Save agency"

    class Meta:
        model = Agency
        fields = ["name", "short_name"]


def test_a_gds_form_has_its_helper_and_submit_button():
    form = AgencyForm()
    assert form.helper.inputs[0].value == "Save agency"
    assert "version" not in form.fields  # a new record has no version to carry


@pytest.mark.django_db
def test_a_versioned_form_carries_the_version_and_gives_only_its_changes():
    agency = Agency.objects.create(name="Police", sector=Sector.OTHER, version=4)
    form = AgencyForm({"name": "Merseyside Police", "short_name": "", "version": "4"},
                      instance=agency)
    assert form.fields["version"].initial == 4
    assert form.is_valid()
    assert form.changes() == {"name": "Merseyside Police", "short_name": ""}


@pytest.mark.django_db
def test_a_services_error_goes_next_to_its_field_or_to_the_top():
    form = AgencyForm({"name": "x", "short_name": ""})
    assert form.is_valid()
    add_service_error(form, ValidationError({"name": "Taken", "elsewhere": "Odd"}))
    add_service_error(form, ValidationError("Whole form"))
    assert form.errors["name"] == ["Taken"]
    assert form.non_field_errors() == ["Odd", "Whole form"]


class AgencyFilter(GDSFilterSet):
    year = YearFilter(field_name="id", label="Year")

    class Meta:
        model = Agency
        fields = ["year"]


@pytest.mark.django_db
def test_a_gds_filter_is_submitted_with_get_and_refuses_a_silly_year():
    filters = AgencyFilter({"year": "20017"}, queryset=Agency.objects.all())
    assert filters.form.helper.form_method == "get"
    assert not filters.is_valid()
    assert filters.form.errors["year"] == ["Enter a year between 2000 and 2100"]
    assert isinstance(AgencyFilter.base_filters["year"], django_filters.NumberFilter)


@pytest.mark.parametrize(("text", "number"), [
    ("12", 12), (" 7 ", 7), ("²", None), ("1e3", None), ("-1", None), ("", None), (None, None),
    ("9" * 18, int("9" * 18)), ("9" * 19, None),
])
def test_record_numbers_typed_by_hand(text, number):
    assert record_number(text) == number


def request_for(path):
    request = RequestFactory().get(path)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_the_year_asked_for_or_the_default_with_a_message():
    assert year_from(request_for("/?year=2019"), 2017) == 2019
    assert year_from(request_for("/"), 2017) == 2017
    refused = request_for("/?year=20190")
    assert year_from(refused, 2017) == 2017
    assert [str(m) for m in refused._messages] == [
        "Enter a year between 2000 and 2100: showing 2017 instead."]


@pytest.mark.parametrize(("target", "followed"), [
    ("/actions/3/", True), ("https://testserver/x/", True), ("https://evil.example/", False),
    ("//evil.example/", False), ("javascript:alert(1)", False), ("", False),
])
def test_next_is_followed_only_on_this_site(target, followed):
    request = RequestFactory().post("/", {"next": target})
    assert next_or(request, "/home/") == (target if followed else "/home/")
    assert next_or(RequestFactory().get("/", {"next": target}), "/home/") == (
        target if followed else "/home/")
