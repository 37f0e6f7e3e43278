from django import forms

from boards.models import Agency, Board, Meeting
from safeguard.lib.dates import DateField
from safeguard.lib.forms import GDSFormMixin
from safeguard.lib.uploads import ACCEPT_ATTRIBUTE

from .models import EvidenceKind, Outcome


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
