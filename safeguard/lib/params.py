"""What a page is asked for, read safely: a record's id typed or posted by hand, and a year."""

from django.contrib import messages
from django.core.exceptions import ValidationError

from .dates import YearField


def record_number(text) -> int | None:
    """A record's id posted or typed by hand, or None for anything else. Only ASCII digits,
    and no more than a bigint holds: str.isdigit() accepts "²", which int() refuses, and
    int() refuses more than 4,300 digits."""
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def year_from(request, default: int) -> int:
    """The year a page is asked for (`?year=`), or `default`. One that is not a year between
    2000 and 2100 is refused with a message, and `default` is shown instead."""
    try:
        year = YearField(required=False).clean(request.GET.get("year"))
    except ValidationError as error:
        messages.error(request, f"{' '.join(error.messages)}: showing {default} instead.")
        return default
    return default if year is None else year
