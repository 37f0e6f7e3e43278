"""What `manage.py run_bench` measures of the indicators: the large board's dashboard, an
indicator's page and exception report (pages), and a 10,000-row CSV upload validated and
loaded through the same code as the upload page (timed once, rolled back)."""

import csv
import io
import time
from decimal import Decimal

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings

from performance import imports
from performance.models import Indicator, IndicatorValue, ValueStatus
from performance.reminders import send_indicator_reminders

IMPORT_ROWS = 10_000


def pages(board):
    """[(label, url name, args)] for the board's indicator pages."""
    indicator = (Indicator.objects.filter(board=board, breakdowns__isnull=False)
                 .order_by("pk").first())
    if indicator is None:
        return []
    return [
        ("Performance dashboard (exceptions first)", "performance:dashboard", (board.pk,)),
        ("Exception report", "performance:exceptions", (board.pk,)),
        (f"Indicator page ({indicator.code}, with breakdowns)", "performance:indicator",
         (indicator.pk,)),
    ]


def import_csv(board, rows=IMPORT_ROWS) -> bytes:
    """A CSV of `rows` corrections to the board's published figures, newest periods first:
    the worst case, since every row is checked, locked, and a new row written."""
    published = (IndicatorValue.objects.filter(indicator__board=board,
                                               status=ValueStatus.PUBLISHED)
                 .select_related("indicator", "breakdown")
                 .order_by("-period", "indicator_id", "breakdown_id")[:rows])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Indicator", "Period", "Breakdown", "Value"])
    for value in published:
        writer.writerow([value.indicator.code, f"{value.period:%Y-%m}",
                         value.breakdown.label if value.breakdown else "",
                         f"{min(value.value + Decimal('0.5'), Decimal(99)):f}"])
    return out.getvalue().encode()


def time_import(board, person) -> str:
    content = import_csv(board)
    lines = content.count(b"\n") - 1
    started = time.perf_counter()
    with transaction.atomic():
        try:
            upload = SimpleUploadedFile("figures.csv", content, content_type="text/csv")
            rows = imports.read(upload)
            read_s = time.perf_counter() - started
            loaded = imports.load(board, rows, by=person,
                                  correction_reason="Bench: corrected figures")
            total = time.perf_counter() - started
        finally:
            transaction.set_rollback(True)
    return (f"{lines:,}-row CSV of corrections: read {read_s:.1f} s, checked and loaded "
            f"{total:.1f} s in all ({loaded.submitted.words}); rolled back")


def time_reminders() -> str:
    """The indicator reminder run over every board, email to memory, rolled back."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), \
            transaction.atomic():
        try:
            mail.outbox = []
            started = time.perf_counter()
            sent = send_indicator_reminders()
            seconds = time.perf_counter() - started
        finally:
            transaction.set_rollback(True)
            mail.outbox = []
    counts = ", ".join(f"{kind} {n:,}" for kind, n in sent.items())
    return f"indicator reminder run over every board: {seconds:.1f} s ({counts}); rolled back"
