from django import forms

from performance.models import Indicator
from safeguard.lib.dates import DateField
from safeguard.lib.forms import GDSFormMixin

from .models import Audit


class AuditForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Record the audit"
    completed_on = DateField(label="Completed on")
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Indicators it cites",
        help_text="The figures this audit speaks to: it will be listed on their pages.")

    class Meta:
        model = Audit
        fields = ["title", "kind", "completed_on", "findings", "is_confidential", "indicators"]
        widgets = {"kind": forms.RadioSelect, "findings": forms.Textarea(attrs={"rows": 5})}
        labels = {"is_confidential": "Confidential"}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.filter(board=board)
