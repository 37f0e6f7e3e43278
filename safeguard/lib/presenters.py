"""Helpers for presenters: values worked out in Python exactly as a template would write them,
for the pages and emails that list hundreds of records (the chair's review, the reminder
emails). There the template's filters, autoescaping and reverse() per row were most of the
time; done once per value here, the template only places them and says the same."""

import html
from datetime import datetime

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.timezone import get_current_timezone, is_aware


def escaped(value):
    """As `{{ value }}` writes it with autoescaping: django.utils.html.escape, without its
    lazy-string wrapper."""
    return SafeString(html.escape(str(value)))


class Days(dict):
    """As `{{ value|date:"<format>" }}` writes it — a date and time on the local day — each
    day formatted once: a list's records share their days many times over."""

    def __init__(self, date_format):
        super().__init__()
        self.date_format = date_format
        self.here = get_current_timezone()

    def __call__(self, value):
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = (value.astimezone(self.here) if is_aware(value) else value).date()
        if value not in self:  # escaped, as autoescaping would (a date has nothing to escape)
            self[value] = escaped(date_filter(value, self.date_format))
        return self[value]


class PathsById:
    """reverse(url_name, args=[pk]) for many records, with one reverse(): the paths differ
    only by the id. Checked against reverse() on first use; should they ever differ, it is
    reverse() for every one."""

    PLACEHOLDER = 2147483647

    def __init__(self, url_name):
        self.url_name = url_name
        self.pattern = reverse(url_name, args=[self.PLACEHOLDER])
        self.checked = False

    def __call__(self, pk):
        if not self.checked:
            self.checked = True
            if (self.pattern.count(str(self.PLACEHOLDER)) != 1
                    or self._by_pattern(pk) != reverse(self.url_name, args=[pk])):
                self.pattern = None
        if self.pattern is None:
            return reverse(self.url_name, args=[pk])
        return self._by_pattern(pk)

    def _by_pattern(self, pk):
        return self.pattern.replace(str(self.PLACEHOLDER), str(int(pk)))
