from django import forms

from performance.models import Indicator
from safeguard.lib.dates import DateField
from safeguard.lib.forms import GDSFormMixin, VersionedFormMixin

from .models import Acceptance, Recommendation, RecommendationSource


class SourceForm(GDSFormMixin, forms.ModelForm):
    made_on = DateField(label="Date")

    class Meta:
        model = RecommendationSource
        fields = ["kind", "title", "body", "made_on", "summary", "is_confidential"]
        labels = {"body": "Made by", "is_confidential": "Confidential"}


class RecommendationForm(GDSFormMixin, VersionedFormMixin, forms.ModelForm):
    indicators = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        label="Indicators that show its impact",
        help_text="The board's indicators this recommendation is meant to move; each lists it "
                  "on its page.")

    class Meta:
        model = Recommendation
        fields = ["number", "text", "acceptance", "acceptance_reason", "evidence"]
        widgets = {"acceptance": forms.RadioSelect,
                   "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.filter(board=board)
        if self.instance.pk:
            self.initial["indicators"] = list(self.instance.indicators.all())

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("acceptance") and cleaned["acceptance"] != Acceptance.ACCEPTED
                and not cleaned.get("acceptance_reason", "").strip()):
            self.add_error("acceptance_reason", "Say why it was not accepted in full")
        return cleaned


class ImportForm(GDSFormMixin, forms.Form):
    submit_label = "Check the file"
    file = forms.FileField(label="Spreadsheet (CSV or XLSX)",
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))
