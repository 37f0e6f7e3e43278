"""Forms, rendered by crispy-forms-gds in the GOV.UK Design System's patterns: an error
summary at the top and each error next to its field."""

from datetime import datetime

from django import forms
from django.utils import timezone

from safeguard.lib.dates import DateField
from safeguard.lib.forms import GDSFormMixin, VersionedFormMixin
from safeguard.lib.uploads import ACCEPT_ATTRIBUTE, validate_paper

from .models import (
    Agency,
    AgendaItem,
    AttendanceStatus,
    Board,
    BoardKind,
    Meeting,
    Membership,
    Person,
    ReportingLine,
)


class AgencyForm(GDSFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "sector"]
        widgets = {"sector": forms.RadioSelect}


class PersonForm(GDSFormMixin, VersionedFormMixin, forms.ModelForm):
    """What a business manager may change about someone on their board. Not the email address:
    that is how the person signs in (see boards/signin.py)."""

    class Meta:
        model = Person
        fields = ["full_name", "job_title", "agency"]
        labels = {"full_name": "Full name"}


class NewPersonForm(PersonForm):
    """Adding someone to the directory: their email address is where the invitation goes."""

    class Meta(PersonForm.Meta):
        fields = ["full_name", "email", "job_title", "agency"]
        help_texts = {"email": "They will be sent a link to set a password and sign in."}

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class BoardForm(GDSFormMixin, VersionedFormMixin, forms.ModelForm):
    sunset_on = DateField(label="Sunset date", required=False,
                          help_text="Task-and-finish groups only: when the group ends.")

    class Meta:
        model = Board
        fields = ["name", "short_name", "kind", "purpose", "quorum_minimum",
                  "quorum_requires_statutory_partners", "sunset_on"]
        labels = {"quorum_requires_statutory_partners": "Each statutory partner must be present"}


class SubGroupForm(BoardForm):
    submit_label = "Create sub-group"

    def __init__(self, *args, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = BoardKind.SUB_COMMITTEE


class ReportBackForm(GDSFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Board
        fields = ["report_back_meeting"]
        labels = {"report_back_meeting": "Report-back meeting of the parent board"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.instance.parent
        self.fields["report_back_meeting"].queryset = (
            Meeting.objects.filter(board=parent).select_related("board").order_by("starts_at")
            if parent else Meeting.objects.none()
        )


class ReportingLineForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Move reporting line"
    starts_on = DateField(label="From")

    class Meta:
        model = ReportingLine
        fields = ["reports_to", "starts_on", "note"]
        labels = {"reports_to": "Reports to", "note": "Reason (optional)"}

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports_to"].queryset = Board.objects.exclude(pk=board.pk)


class MembershipForm(GDSFormMixin, VersionedFormMixin, forms.ModelForm):
    starts_on = DateField(label="Start date")
    ends_on = DateField(label="End date", required=False)

    class Meta:
        model = Membership
        fields = ["person", "role", "lead_role", "starts_on", "ends_on"]
        labels = {"lead_role": "Lead role (optional)"}

    def __init__(self, *args, board=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["person"].queryset = Person.objects.select_related("agency")
        if self.instance.pk:
            self.fields["person"].disabled = True


class MeetingForm(GDSFormMixin, VersionedFormMixin, forms.ModelForm):
    day = DateField(label="Date")
    start_time = forms.TimeField(label="Start time", help_text="For example, 14:00",
                                 widget=forms.TimeInput(format="%H:%M"))
    end_time = forms.TimeField(label="End time", help_text="For example, 16:30",
                               widget=forms.TimeInput(format="%H:%M"))

    class Meta:
        model = Meeting
        fields = ["kind", "title", "day", "start_time", "end_time", "venue"]
        labels = {"title": "Theme or title (optional)"}
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            starts = timezone.localtime(self.instance.starts_at)
            self.initial.update(day=starts.date(), start_time=starts.time(),
                                end_time=timezone.localtime(self.instance.ends_at).time())

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", "The end time must be after the start time")
                return cleaned
            cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, start))
            cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, end))
            self.instance.starts_at = cleaned["starts_at"]
            self.instance.ends_at = cleaned["ends_at"]
        return cleaned

    def _update_errors(self, errors):
        # The model speaks of starts_at/ends_at; the form asks for a date and two times.
        if hasattr(errors, "error_dict"):
            for model_field, form_field in (("ends_at", "end_time"), ("starts_at", "day")):
                if model_field in errors.error_dict:
                    errors.error_dict.setdefault(form_field, []).extend(
                        errors.error_dict.pop(model_field)
                    )
        super()._update_errors(errors)

    def meeting_fields(self):
        data = self.cleaned_data
        return {"kind": data["kind"], "title": data["title"], "venue": data["venue"],
                "starts_at": data["starts_at"], "ends_at": data["ends_at"]}

    changes = meeting_fields


class AgendaItemForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Add item"

    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "is_confidential"]
        labels = {"presenter": "Presenter (optional)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = Person.objects.all()


class MinuteForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Save minute"
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AgendaItem
        fields = ["discussion", "decisions", "version"]
        labels = {"discussion": "Discussion", "decisions": "Decisions"}
        widgets = {"discussion": forms.Textarea(attrs={"rows": 10}),
                   "decisions": forms.Textarea(attrs={"rows": 4})}


class PaperForm(GDSFormMixin, forms.Form):
    submit_label = "Upload paper"
    title = forms.CharField(max_length=200)
    file = forms.FileField(
        label="File", help_text="PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file"):
            try:
                validate_paper(cleaned["file"])
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ApproveMinutesForm(GDSFormMixin, forms.Form):
    submit_label = "Record approval"
    at_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(),
                                        label="Approved at which meeting")
    amendments = forms.CharField(
        required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 4}),
        label="Amendments agreed (if any)",
        help_text="For example: to be amended to reflect Jo Smith providing apologies.",
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_meeting"].queryset = Meeting.objects.filter(
            board_id=meeting.board_id, starts_at__gt=meeting.starts_at
        ).select_related("board").order_by("starts_at")


class ForwardItemForm(GDSFormMixin, forms.Form):
    submit_label = "Forward to the parent board"
    note = forms.CharField(required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           label="Note for the parent board (optional)")


ATTENDANCE_CHOICES = [("", "Not recorded"), *AttendanceStatus.choices]


class AttendanceRowForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.all(), widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=ATTENDANCE_CHOICES, required=False)
    deputy = forms.ModelChoiceField(queryset=Person.objects.all(), required=False)
    capacity = forms.CharField(required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("deputy") and cleaned.get("status") != AttendanceStatus.APOLOGIES:
            self.add_error("deputy", "Only someone giving apologies can send a deputy")
        if cleaned.get("deputy") and cleaned.get("deputy") == cleaned.get("person"):
            self.add_error("deputy", "Someone cannot deputise for themselves")
        return cleaned


class BaseAttendanceFormSet(forms.BaseFormSet):
    """One row for each person the page listed, whatever count the browser sends back: a
    count that was changed is refused by the management form's own check, not followed."""

    def initial_form_count(self):
        return len(self.initial or ())

    total_form_count = initial_form_count


AttendanceFormSet = forms.formset_factory(AttendanceRowForm, formset=BaseAttendanceFormSet,
                                          extra=0)


class AttendanceVersionForm(forms.Form):
    """The meeting's attendance version when the attendance page was opened."""
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AddAttendeeForm(GDSFormMixin, forms.Form):
    submit_label = "Add to attendance"
    person = forms.ModelChoiceField(queryset=Person.objects.all())
    status = forms.ChoiceField(choices=AttendanceStatus.choices, widget=forms.RadioSelect,
                               initial=AttendanceStatus.IN_ATTENDANCE)
    capacity = forms.CharField(required=False, max_length=200,
                               label="Capacity (optional)", help_text="For example: Head of "
                               "Performance, Quality & Improvement")

