"""The attendance register of a meeting, as its page shows it: one row per current member (and
anyone else recorded), each with its status, deputy and capacity, and the meeting's attendance
version, so a save from a page opened before someone else's is refused, not lost."""

from dataclasses import dataclass

from django.utils import timezone

from .forms import AttendanceFormSet, AttendanceVersionForm
from .models import Person


@dataclass
class Register:
    people: list  # one per row (None: a posted row naming nobody; its form says so)
    formset: object
    version_form: object

    def rows(self):
        """(person, form) for each row, as the page lists them."""
        return list(zip(self.people, self.formset, strict=True))

    def chosen(self):
        """(person, status, deputy, capacity) of each filled-in row."""
        return [(f.cleaned_data["person"], f.cleaned_data["status"], f.cleaned_data["deputy"],
                 f.cleaned_data["capacity"]) for f in self.formset if f.cleaned_data]

    def is_valid(self):
        return self.formset.is_valid() and self.version_form.is_valid()

    def version(self):
        return self.version_form.cleaned_data["version"]


def register(meeting, data=None) -> Register:
    """The register for the page, bound to `data` when it was posted."""
    on = timezone.localdate(meeting.starts_at)
    recorded = {a.person_id: a for a in meeting.attendances.select_related("person__agency")}
    members = list(
        Person.objects.filter(memberships__in=meeting.board.memberships.current(on))
        .select_related("agency").distinct().order_by("full_name")
    )
    people = members + [a.person for a in recorded.values() if a.person not in members]
    initial = [
        {"person": p.pk, "status": recorded[p.pk].status if p.pk in recorded else "",
         "deputy": recorded[p.pk].deputy_id if p.pk in recorded else None,
         "capacity": recorded[p.pk].capacity if p.pk in recorded else ""}
        for p in people
    ]
    formset = AttendanceFormSet(data, initial=initial)
    version_form = AttendanceVersionForm(data, initial={"version": meeting.attendance_version})
    # The rows are the people the page was opened with, even if others were added since.
    people = _people_of(formset, people)
    # One list of deputies for every row, not one query per row.
    deputy_choices = [("", "No deputy"), *(
        (p.pk, f"{p} ({p.agency})" if p.agency_id else str(p))
        for p in Person.objects.select_related("agency").order_by("full_name")
    )]
    for form in formset:
        form.fields["deputy"].widget.choices = deputy_choices
        form.fields["person"].queryset = Person.objects.filter(
            pk__in=[p.pk for p in people if p is not None])
    return Register(people, formset, version_form)


def newer_than(meeting_now):
    """What someone else recorded meanwhile, to show beside this page's choices."""
    return list(meeting_now.attendances.select_related("person", "deputy")
                .order_by("person__full_name"))


def _people_of(formset, people):
    if not formset.is_bound:
        return people
    shown = {p.pk: p for p in people}
    wanted = [_person_id(form["person"].value()) for form in formset]
    missing = [pk for pk in wanted if pk is not None and pk not in shown]
    shown.update((p.pk, p) for p in Person.objects.filter(pk__in=missing)
                 .select_related("agency"))
    return [shown.get(pk) for pk in wanted]


def _person_id(value):
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None
