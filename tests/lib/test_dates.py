"""The years the board's records may fall in, 2000 to 2100 (safeguard/lib/dates.py)."""

import pytest
from django import forms

from safeguard.lib.dates import DateField, YearField, is_sensible_year


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
