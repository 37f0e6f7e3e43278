"""The years the board's records may fall in, said once: 2000 to 2100.

Every date typed into a form, every year asked for in a page's address, and every date read
from a spreadsheet is held to this range. Outside it a date is a typing slip (17 for 2017,
20017), and Python's dates end at 9999 anyway: a year of twenty digits used to crash the page.
"""

import calendar
import re
from datetime import date

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


# A date as people type it in a spreadsheet ------------------------------------------------

MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if n}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if n})
MONTHS["sept"] = 9
MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
WORDS_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+" + MONTH + r",?\s+(\d{4})$")
MONTH_DATE = re.compile(r"^" + MONTH + r",?\s+(\d{4})$")


def parse_date(text: str) -> date:
    """31/01/2015, 31-1-2015, 2015-01-31, 31 January 2015, 31st Jan 2015, January 2015 (the
    month's last day). Raises ValueError with a message fit for the person who typed it."""
    text = " ".join(text.split())
    lowered = text.lower()
    if match := ISO_DATE.match(lowered):
        year, month, day = (int(g) for g in match.groups())
    elif match := UK_DATE.match(lowered):
        if len(match[3]) == 2:
            raise ValueError(f"Write the year of “{text}” in full, for example 31/01/2015")
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    elif match := WORDS_DATE.match(lowered):
        day, month, year = int(match[1]), MONTHS[match[2]], int(match[3])
    elif match := MONTH_DATE.match(lowered):
        month, year = MONTHS[match[1]], int(match[2])
        day = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 1
    else:
        raise ValueError(f"“{text}” is not a date: write it like 31/01/2015, 2015-01-31 or "
                         f"January 2015")
    try:
        value = date(year, month, day)
    except ValueError as error:
        raise ValueError(f"“{text}” is not a real date") from error
    if not is_sensible_year(value.year):
        raise ValueError(f"“{text}” is not between {FIRST_YEAR} and {LAST_YEAR}")
    return value
