from django import forms

from boards.models import Agency, Person
from safeguard.lib.dates import DateField
from safeguard.lib.forms import GDSFormMixin

from .models import LEAD_STATUSES, Action, ActionStatus, Rag


class ActionForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Create action"
    due_on = DateField(label="By when")

    class Meta:
        model = Action
        fields = ["number", "description", "lead_person", "lead_agency", "supporting_agencies",
                  "due_on", "source"]
        labels = {"description": "What must be done", "lead_person": "Lead",
                  "lead_agency": "Lead agency", "number": "Number in the plan (optional)"}
        help_texts = {"number": "For example 1.2"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "supporting_agencies": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_person"].queryset = Person.objects.select_related("agency")
        self.fields["lead_agency"].queryset = Agency.objects.all()
        self.fields["supporting_agencies"].required = False

    def clean(self):
        cleaned = super().clean()
        lead, agency = cleaned.get("lead_person"), cleaned.get("lead_agency")
        if lead and agency and lead.agency_id and lead.agency_id != agency.pk:
            self.add_error("lead_agency", f"{lead} is with {lead.agency}: choose that agency "
                                          f"or another lead")
        return cleaned


class ActionFromItemForm(ActionForm):
    class Meta(ActionForm.Meta):
        fields = ["description", "lead_person", "lead_agency", "supporting_agencies", "due_on"]


class ActionEditForm(ActionForm):
    submit_label = "Save changes"
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(ActionForm.Meta):
        fields = ["number", "description", "lead_person", "lead_agency", "supporting_agencies",
                  "due_on", "version"]


class ProgressForm(GDSFormMixin, forms.Form):
    submit_label = "Save update"
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in LEAD_STATUSES], label="Status",
        help_text="Choosing complete asks the business manager or chair to close it.",
    )
    text = forms.CharField(label="Progress update", max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={
                               "required": "Enter what has happened since the last update"},
                           help_text="What has happened since the last update.")
    lead_rag = forms.ChoiceField(
        required=False, label="Your own assessment (optional)",
        choices=[("", "No assessment"), *[(r.value, r.label) for r in (Rag.RED, Rag.AMBER,
                                                                      Rag.GREEN)]],
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, action=None, prefix=None, **kwargs):
        if action is not None and prefix is None:
            prefix = f"a{action.pk}"
        super().__init__(*args, prefix=prefix, **kwargs)
        if action is not None and not self.is_bound:
            status = action.status if action.status in LEAD_STATUSES else ActionStatus.IN_PROGRESS
            self.initial.update(status=status, version=action.version,
                                lead_rag=action.lead_rag)

    @classmethod
    def kept_after_conflict(cls, data, action):
        """Someone else updated the action first: the user's words, kept to save again over
        the action as it is now (its version), and why."""
        kept = data.copy()
        kept[cls(action=action).add_prefix("version")] = action.version
        form = cls(kept, action=action)
        form.is_valid()
        form.add_error(None, "Someone else updated this action while you were writing. "
                             "Their update is shown; yours is kept below — save it again.")
        return form


class ImpactForm(GDSFormMixin, forms.Form):
    submit_label = "Save evidence of impact"
    evidence = forms.CharField(label="Evidence of impact", max_length=10000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="What changed for children, and how we know.")
    evidenced_on = DateField(label="Date evidenced")
    version = forms.IntegerField(widget=forms.HiddenInput)

class DelegateForm(GDSFormMixin, forms.Form):
    submit_label = "Delegate"
    delegate = forms.ModelChoiceField(queryset=Person.objects.none(), required=False,
                                      label="Delegate to", empty_label="No one (the lead)")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = Person.objects.filter(
            agency_id=action.lead_agency_id, is_active=True
        ).exclude(pk=action.lead_person_id)


class VersionForm(forms.Form):
    """A button with no fields of its own posts the version of the action the page showed."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ExportForm(forms.Form):
    """A tracker's export button: which tracker (`board:12`, `mine`…), its filters, a format."""

    scope = forms.RegexField(r"^(?:mine|(?:board|meeting|plan|recommendation):\d{1,18})$",
                             max_length=40)
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    query = forms.CharField(required=False, max_length=4000, strip=False)


class ReasonForm(GDSFormMixin, forms.Form):
    reason = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, submit_label="Save", **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
