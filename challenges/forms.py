from django import forms

from boards.models import Agency, Board, Meeting
from safeguard.lib.dates import DateField
from safeguard.lib.forms import GDSFormMixin, VersionedFormMixin
from safeguard.lib.uploads import ACCEPT_ATTRIBUTE

from .models import Acceptance, EvidenceKind, Outcome, Recommendation, RecommendationSource


class ChallengeForm(GDSFormMixin, forms.Form):
    submit_label = "Raise the challenge"
    question = forms.CharField(label="What is the board asking?", max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 4}))
    why = forms.CharField(label="Why: the evidence that prompted it", max_length=5000,
                          required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence_kind = forms.ChoiceField(label="Kind of evidence", required=False,
                                      choices=[("", "Not stated"), *EvidenceKind.choices])
    to_agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        label="Challenged agencies")
    to_board = forms.ModelChoiceField(queryset=Board.objects.all(), required=False,
                                      label="Or another board",
                                      empty_label="No board")
    raised_at_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False,
                                               label="Raised at", empty_label="Between meetings")
    response_due_on = DateField(label="Response due by")
    is_confidential = forms.BooleanField(required=False, label="Confidential",
                                         help_text="Seen only by members of this board.")

    def __init__(self, *args, board=None, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_board"].queryset = Board.objects.exclude(pk=board.pk)
        self.fields["raised_at_meeting"].queryset = board.meetings.select_related(
            "board").order_by("-starts_at")[:30] if board else Meeting.objects.none()
        if meeting is not None:
            self.fields["raised_at_meeting"].queryset = Meeting.objects.filter(
                pk=meeting.pk).select_related("board")
            self.initial["raised_at_meeting"] = meeting.pk

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("to_agencies") and not cleaned.get("to_board"):
            self.add_error("to_agencies", "Choose the agencies or the board challenged")
        return cleaned


class ResponseForm(GDSFormMixin, forms.Form):
    submit_label = "Send the response"
    text = forms.CharField(label="Your agency's response", max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 8}))
    attachment = forms.FileField(
        required=False, label="Supporting document (optional)",
        help_text="PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))


class ReasonForm(GDSFormMixin, forms.Form):
    reason = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, submit_label="Save", **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class AskAgainForm(ReasonForm):
    response_due_on = DateField(label="New response date")


class CloseForm(GDSFormMixin, forms.Form):
    submit_label = "Close the challenge"
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect,
                                label="The chair's judgement")
    outcome_note = forms.CharField(label="What changed, or why it was not resolved",
                                   max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    closing_evidence = forms.CharField(label="Evidence that closed it (optional)",
                                       required=False, max_length=5000,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


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
        from performance.models import Indicator

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
