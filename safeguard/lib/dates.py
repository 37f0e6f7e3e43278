"""The years the board's records may fall in, said once: 2000 to 2100.

Every date typed into a form, every year asked for in a page's address, and every date read
from a spreadsheet is held to this range. Outside it a date is a typing slip (17 for 2017,
20017), and Python's dates end at 9999 anyway: a year of twenty digits used to crash the page.
"""

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError

FIRST_YEAR, LAST_YEAR = 2000, 2100
DATE_OUT_OF_RANGE = f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}"
YEAR_OUT_OF_RANGE = f"Enter a year between {FIRST_YEAR} and {LAST_YEAR}"


def is_sensible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def validate_sensible_date(value):
    if value and not is_sensible_year(value.year):
        raise ValidationError(DATE_OUT_OF_RANGE, code="out_of_range")


class DateField(DateInputField):
    """The GOV.UK three-box date, between 2000 and 2100. The library turns a year Python
    cannot hold (twenty digits) into an OverflowError, not a message: caught here."""

    default_validators = [validate_sensible_date]

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except OverflowError as error:
            raise ValidationError(DATE_OUT_OF_RANGE, code="out_of_range") from error


class YearField(forms.IntegerField):
    """A year between 2000 and 2100; anything else, however long, gets the same message."""

    def __init__(self, **kwargs):
        message = {key: YEAR_OUT_OF_RANGE for key in ("invalid", "min_value", "max_value")}
        kwargs.setdefault("error_messages", message)
        super().__init__(min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)
