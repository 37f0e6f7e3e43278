from django import forms

from boards.models import Agency
from safeguard.lib.forms import GDSFormMixin

from . import periods
from .models import BenchmarkKind, Dimension, Frequency, Indicator, Polarity, Theme, Unit


class IndicatorForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add the indicator"
    new_theme = forms.CharField(label="Or a new theme", max_length=100, required=False,
                                help_text="For example: Early help, Child protection, Workforce.")
    breakdown_dimension = forms.ChoiceField(
        label="Breakdowns (optional)", required=False,
        choices=[("", "No breakdowns"), *Dimension.choices],
        help_text="“The data behind the data”: the categories the figure is also given by.")
    breakdown_labels = forms.CharField(
        label="Breakdown categories, one per line", required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: Under 1, 1 to 4, 5 to 9, 10 to 15, 16 to 17.")

    class Meta:
        model = Indicator
        fields = ["theme", "new_theme", "code", "name", "definition", "source", "unit",
                  "polarity", "frequency", "owning_agency", "is_core", "decimal_places",
                  "submission_days", "breakdown_dimension", "breakdown_labels"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3}),
                   "unit": forms.RadioSelect, "polarity": forms.RadioSelect,
                   "frequency": forms.RadioSelect}
        error_messages = {
            "code": {"required": "Enter a short code, like CP3"},
            "name": {"required": "Enter the indicator's name"},
            "definition": {"required": "Enter what is counted, and how"},
            "source": {"required": "Enter where the figures come from"},
            "unit": {"required": "Choose the unit"},
            "polarity": {"required": "Choose whether higher or lower is better"},
            "frequency": {"required": "Choose how often the figures come"},
            "owning_agency": {"required": "Choose the agency that owns the figures"},
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.fields["theme"].queryset = Theme.objects.filter(board=board)
        self.fields["theme"].required = False
        self.fields["owning_agency"].queryset = Agency.objects.all()
        # Radios have no "---------" option: a choice must be made.
        for name, choices in (("unit", Unit.choices), ("polarity", Polarity.choices),
                              ("frequency", Frequency.choices)):
            self.fields[name].choices = choices

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        if Indicator.objects.filter(board=self.board, code__iexact=code).exists():
            raise forms.ValidationError(f"This board already has an indicator {code}")
        return code

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("theme") and not cleaned.get("new_theme", "").strip():
            self.add_error("theme", "Choose a theme or name a new one")
        labels = [line.strip() for line in cleaned.get("breakdown_labels", "").splitlines()
                  if line.strip()]
        if labels and not cleaned.get("breakdown_dimension"):
            self.add_error("breakdown_dimension", "Choose what the categories are")
        if len(labels) != len({label.lower() for label in labels}):
            self.add_error("breakdown_labels", "Each category once")
        if any(len(label) > 100 for label in labels):
            self.add_error("breakdown_labels", "Each category must be 100 characters or fewer")
        cleaned["breakdowns"] = [(cleaned.get("breakdown_dimension"), label)
                                 for label in labels]
        return cleaned

    def _post_clean(self):
        # The theme may be new: the model is checked by services.indicator_create instead.
        pass


def year_choices(today):
    this_year = periods.financial_year(today)
    return [(y, periods.year_label(y)) for y in range(this_year + 1, this_year - 11, -1)]


class TargetForm(GDSFormMixin, forms.Form):
    submit_label = "Save the target"
    year = forms.TypedChoiceField(coerce=int, label="Financial year")
    target = forms.DecimalField(max_digits=14, decimal_places=4, label="Target")
    tolerance = forms.DecimalField(
        max_digits=14, decimal_places=4, min_value=0, initial=0, label="Tolerance",
        help_text="How far on the wrong side of the target is still amber; beyond it is red.")
    replace = forms.BooleanField(
        required=False, label="Replace the target already set",
        help_text="Only if the year has a target already: yours takes its place.")

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(today)


class PeriodField(forms.CharField):
    def __init__(self, *, frequency, **kwargs):
        self.frequency = frequency
        super().__init__(max_length=10, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        period = periods.parse(value)
        if period is None or not periods.is_start(period, self.frequency):
            raise forms.ValidationError(
                f"Enter the period as {periods.start_error(self.frequency)}")
        return period


class BenchmarkForm(GDSFormMixin, forms.Form):
    submit_label = "Save the benchmark"
    kind = forms.ChoiceField(choices=BenchmarkKind.choices, widget=forms.RadioSelect,
                             label="Benchmark")
    value = forms.DecimalField(max_digits=14, decimal_places=4, label="Figure")
    note = forms.CharField(
        max_length=300, required=False, label="Note",
        help_text="Where it comes from, and whether its definition differs from ours.")

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"] = PeriodField(
            frequency=indicator.frequency, label="Period",
            help_text=f"As {periods.start_error(indicator.frequency)}")
        self.order_fields(["period", "kind", "value", "note"])
        self.build_helper()


class CommentaryForm(GDSFormMixin, forms.Form):
    submit_label = "Save the commentary"
    data_says = forms.CharField(label="What the data says", max_length=3000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    why = forms.CharField(label="Why", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    actions_taken = forms.CharField(label="What is being done", max_length=3000,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, data=None, *, current=None):
        """`current`: the period's commentary as it stands (None: not yet written)."""
        initial = {"version": current.version if current else 0}
        if current:
            initial.update(data_says=current.data_says, why=current.why,
                           actions_taken=current.actions_taken)
        super().__init__(data, initial=initial)

    def keep_after_conflict(self, newer):
        """Someone else saved first: say so, and keep this text to save over theirs."""
        self.add_error(None, f"{newer.written_by} changed this commentary while you were "
                             f"writing. Their version is shown below; yours is kept in the "
                             f"form. Save again to replace theirs.")
        self.data = self.data.copy()
        self.data["version"] = newer.version if newer else 0


class ReturnForm(forms.Form):
    reason = forms.CharField(label="Why are these figures sent back?", max_length=2000,
                             required=False, widget=forms.Textarea(attrs={"rows": 2}))
