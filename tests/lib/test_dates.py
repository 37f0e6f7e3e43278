"""The years the board's records may fall in, 2000 to 2100 (safeguard/lib/dates.py)."""

import re
from datetime import date

import pytest
from django import forms

from safeguard.lib.dates import DateField, YearField, is_sensible_year, parse_date


def test_sensible_years():
    assert is_sensible_year(2000) and is_sensible_year(2100)
    assert not is_sensible_year(1999) and not is_sensible_year(2101)


class MeetingForm(forms.Form):
    on = DateField(label="Date")


OUT_OF_RANGE = "Enter a date between 2000 and 2100"


@pytest.mark.parametrize(("year", "errors"), [
    ("2017", None), ("17", [OUT_OF_RANGE]), ("2101", [OUT_OF_RANGE]),
    ("9" * 20, [OUT_OF_RANGE]),  # Python cannot hold the year: caught, not a crash
    ("20017", ["year 20017 is out of range"]),  # the library's own message, before ours
])
def test_the_three_box_date_holds_to_the_years_and_never_crashes(year, errors):
    form = MeetingForm({"on_0": "31", "on_1": "1", "on_2": year})
    assert form.is_valid() == (errors is None)
    if errors:
        assert form.errors["on"] == errors


@pytest.mark.parametrize("text", ["1999", "2101", "x", "9" * 30])
def test_a_year_outside_the_range_gets_one_message(text):
    with pytest.raises(forms.ValidationError) as refused:
        YearField().clean(text)
    assert refused.value.messages == ["Enter a year between 2000 and 2100"]
    assert YearField().clean("2017") == 2017


# Dates as people type them in a spreadsheet (moved from tests/test_import.py) -----------

@pytest.mark.parametrize("text, expected", [
    ("31/01/2015", date(2015, 1, 31)),
    ("1/2/2015", date(2015, 2, 1)),
    ("2015-01-31", date(2015, 1, 31)),
    ("2015-01-31 00:00:00", date(2015, 1, 31)),
    ("January 2015", date(2015, 1, 31)),
    ("february 2016", date(2016, 2, 29)),
    ("Sept 2015", date(2015, 9, 30)),
    ("26th January 2015", date(2015, 1, 26)),
    ("31 Mar 2015", date(2015, 3, 31)),
])
def test_dates_as_boards_write_them(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["On-going", "31/01/15", "30/02/2015", "January 1999",
                                  "In-line with audit programme", "2101-01-01"])
def test_dates_that_are_refused(text):
    with pytest.raises(ValueError, match=re.escape(f"“{text}”")):
        parse_date(text)
