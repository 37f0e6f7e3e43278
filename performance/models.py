"""A board's core dataset: indicators, their targets, values per period and the commentary.

Every value goes submitted → validated (by someone other than who submitted it) → published.
Only published values reach the dashboard, the indicator pages, printed papers and reports. A
correction after publication is a new value that names the one it corrects; the old one stays,
marked superseded, so the history says what was published when and why it changed.

Periods are stored as the date of their first day and read in the board's terms: months
("March 2017"), financial quarters ("Q4 2016-17", Q1 starting in April) and financial years
("2016-17"). Targets are set per financial year. periods.py has the arithmetic, rag.py the
judgements (RAG against target and tolerance, direction of travel).
"""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from boards.models import Agency, Board, Person

from . import periods


class Unit(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage"
    COUNT = "count", "Count"
    RATE_PER_10K = "rate_10k", "Rate per 10,000 children"
    DAYS = "days", "Days"
    RATIO = "ratio", "Ratio"


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"
    NEITHER = "neither", "Neither (within a range is best)"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class Dimension(models.TextChoices):
    AGENCY = "agency", "Agency"
    AGE_BAND = "age_band", "Age band"
    LOCALITY = "locality", "Locality"


class Theme(models.Model):
    """A group of indicators on the dashboard: early help, child protection, workforce …"""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="theme_name_unique_on_board"),
        ]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="indicators")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(
        max_length=20, help_text="A short reference used in spreadsheets and the API, e.g. CP3.")
    name = models.CharField(max_length=200)
    definition = models.TextField(max_length=5000,
                                  help_text="What is counted, and how (numerator, denominator).")
    source = models.CharField("source of the data", max_length=200)
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT,
                                      related_name="owned_indicators")
    is_core = models.BooleanField("core indicator", default=True)
    decimal_places = models.PositiveSmallIntegerField(
        default=1, validators=[MaxValueValidator(4)],
        help_text="How many decimal places the figure is shown with (0 to 4).")
    submission_days = models.PositiveSmallIntegerField(
        "data due (days after the period ends)", default=20,
        validators=[MaxValueValidator(365)])
    position = models.PositiveSmallIntegerField(default=0)
    # Triangulation: what cites this indicator. Actions are on a floor below, so their link
    # lives here; challenges, recommendations and audits are above and hold their own links
    # (indicator.challenges … are their reverse names), and the indicator's page lists them
    # through performance.panels.
    actions = models.ManyToManyField("actions.Action", blank=True, related_name="indicators")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["theme__position", "theme__name", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["board", "code"],
                                    name="indicator_code_unique_on_board"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("performance:indicator", args=[self.pk])

    def clean(self):
        if self.theme_id and self.board_id and self.theme.board_id != self.board_id:
            raise ValidationError({"theme": "Choose one of this board's themes."})

    def format(self, value) -> str:
        """A value as the papers write it: 5.1%, 12.3 per 10,000, 17 days, 1,116."""
        if value is None:
            return "–"
        number = f"{Decimal(value):,.{self.decimal_places}f}"
        return {
            Unit.PERCENTAGE: f"{number}%",
            Unit.RATE_PER_10K: f"{number} per 10,000",
            Unit.DAYS: f"{number} days",
        }.get(self.unit, number)

    def period_label(self, start) -> str:
        return periods.label(start, self.frequency)

    def due_on(self, start):
        return periods.end(start, self.frequency) + timedelta(days=self.submission_days)


class Breakdown(models.Model):
    """One category of "the data behind the data": an age band, a locality, an agency."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="breakdowns")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    label = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dimension", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "label"],
                                    name="breakdown_label_unique_on_indicator"),
        ]

    def __str__(self):
        return self.label


class Target(models.Model):
    """The target for a financial year and the tolerance around it: within the tolerance on
    the wrong side of the target is amber, beyond it red."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(
        help_text="The financial year's first year: 2016 means 2016-17.")
    target = models.DecimalField(max_digits=14, decimal_places=4)
    tolerance = models.DecimalField(max_digits=14, decimal_places=4, default=Decimal(0),
                                    validators=[MinValueValidator(Decimal(0))])

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"],
                                    name="target_once_a_year"),
            models.CheckConstraint(name="target_tolerance_not_negative",
                                   condition=Q(tolerance__gte=0)),
        ]

    def __str__(self):
        return f"{self.indicator.code} {periods.year_label(self.year)}: {self.target}"


class ValueStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted, waiting for validation"
    VALIDATED = "validated", "Validated, waiting for publication"
    PUBLISHED = "published", "Published"
    RETURNED = "returned", "Returned to the agency"
    SUPERSEDED = "superseded", "Superseded by a correction"


PENDING_STATUSES = (ValueStatus.SUBMITTED, ValueStatus.VALIDATED)


class SubmittedVia(models.TextChoices):
    BROWSER = "browser", "Entered in the browser"
    UPLOAD = "upload", "Uploaded spreadsheet"
    API = "api", "Agency API"


class IndicatorValueQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ValueStatus.PUBLISHED)

    def totals(self):
        return self.filter(breakdown__isnull=True)

    def pending(self):
        return self.filter(status__in=PENDING_STATUSES)


class IndicatorValue(models.Model):
    """One figure for one period (and breakdown, or the total when there is none).

    For each indicator, period and breakdown there is at most one published value and at most
    one in the pipeline (submitted or validated); a pipeline value that differs from a published
    one is a correction, and names it. Rows are never changed in place: a new figure supersedes
    the old row, so every figure ever submitted stays, with who and when.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.DateField(help_text="The first day of the period.")
    breakdown = models.ForeignKey(Breakdown, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="values")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    status = models.CharField(max_length=12, choices=ValueStatus.choices,
                              default=ValueStatus.SUBMITTED)
    via = models.CharField(max_length=10, choices=SubmittedVia.choices,
                           default=SubmittedVia.BROWSER)
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    validated_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    validated_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(blank=True, max_length=2000)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="corrections",
                                 help_text="The published value this one corrects.")
    correction_reason = models.TextField(blank=True, max_length=2000)
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period", "breakdown"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="value_one_published_total",
                condition=Q(status="published", breakdown__isnull=True)),
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown"], name="value_one_published_breakdown",
                condition=Q(status="published", breakdown__isnull=False)),
            models.UniqueConstraint(
                fields=["indicator", "period"], name="value_one_pending_total",
                condition=Q(status__in=["submitted", "validated"], breakdown__isnull=True)),
            models.UniqueConstraint(
                fields=["indicator", "period", "breakdown"], name="value_one_pending_breakdown",
                condition=Q(status__in=["submitted", "validated"], breakdown__isnull=False)),
            models.CheckConstraint(
                name="value_correction_has_reason",
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""),
                violation_error_message="Say why the published figure is being corrected."),
            models.CheckConstraint(
                name="value_validated_by_someone_else",
                condition=Q(validated_by__isnull=True) | ~Q(validated_by=models.F("submitted_by")),
                violation_error_message="A value is validated by someone other than who "
                                        "submitted it."),
        ]
        indexes = [
            # The dashboard and the indicator page: published totals of an indicator by period.
            models.Index(fields=["indicator", "period"], name="value_published_totals",
                         condition=Q(status="published", breakdown__isnull=True)),
            # The breakdowns of an indicator's recent periods.
            models.Index(fields=["indicator", "period", "breakdown"],
                         name="value_published_breakdowns",
                         condition=Q(status="published", breakdown__isnull=False)),
            # The validation queue and the reminders.
            models.Index(fields=["status", "indicator", "period"], name="value_pipeline",
                         condition=Q(status__in=["submitted", "validated"])),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.indicator.period_label(self.period)}: {self.value}"

    @property
    def period_label(self):
        return self.indicator.period_label(self.period)

    @property
    def display(self):
        return self.indicator.format(self.value)


class BenchmarkKind(models.TextChoices):
    STATISTICAL_NEIGHBOURS = "neighbours", "Statistical neighbours' average"
    ENGLAND = "england", "England average"


class Benchmark(models.Model):
    """A comparison figure for a period. Definitions may differ from the board's own."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    period = models.DateField()
    kind = models.CharField(max_length=12, choices=BenchmarkKind.choices)
    value = models.DecimalField(max_digits=14, decimal_places=4)
    note = models.CharField(max_length=300, blank=True,
                            help_text="Where it comes from, and how its definition differs.")
    entered_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "period", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "kind"],
                                    name="benchmark_once_per_period"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value}"


class Commentary(models.Model):
    """The owning agency's account of a period, in three parts, as exception reports ask."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentary")
    period = models.DateField()
    data_says = models.TextField("what the data says", max_length=3000)
    why = models.TextField("why", max_length=3000)
    actions_taken = models.TextField("what is being done", max_length=3000)
    written_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["indicator", "-period"]
        verbose_name_plural = "commentary"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"],
                                    name="commentary_once_per_period"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.period_label}"

    @property
    def period_label(self):
        return self.indicator.period_label(self.period)
