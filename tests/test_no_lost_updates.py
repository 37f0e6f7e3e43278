"""No update is ever silently lost. Two people open the same edit form; Alice saves first; Bob's
save, from the form he opened before hers, is refused: her values stay, the page shows them
beside his own input, kept so he can check it and save again.

Every form that edits an existing record is in EDIT_FORMS; the guards at the bottom fail when a
new edit page or a ModelForm used on an existing record is added without joining the table."""

import inspect
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actions.models import Action
from boards import services as board_services
from boards.models import (
    Agency,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Board,
    BoardKind,
    Meeting,
    Membership,
    Person,
    Role,
)
from performance import services as performance_services
from performance.models import Commentary, Theme
from recommendations.models import Recommendation, RecommendationSource
from safeguard.lib.forms import VersionedFormMixin

from .factories import (
    ActionFactory,
    AgendaItemFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

REFUSED = re.compile(r"Someone else (changed|saved) this .*while you were (editing|writing)|"
                     r"changed this commentary while you were writing")


@dataclass
class Editing:
    """One edit form: where it is, the field Alice and Bob both change, and how to read it
    back from the database and from the page that refused Bob's save."""

    url: str
    field: str
    alice_types: str
    bob_types: str
    saved: Callable[[], str]
    their_value_shown: Callable[[object], str] | None = None  # default: the "newer" list
    alice_sees: str | None = None  # the newer value in words, when it is not what she typed


def _board_manager_too(cast):
    """Bob: a second business manager of the Improvement Board, as boards often have."""
    bob = PersonFactory(full_name="Bob Hale", agency=cast.council, email="bob@example.org")
    MembershipFactory(person=bob, board=cast.board, role=Role.BUSINESS_MANAGER)
    return bob


def meeting_edit(cast):
    meeting = MeetingFactory(board=cast.board)
    return Editing(reverse("boards:meeting_edit", args=[meeting.pk]), "venue",
                   "Wallasey Town Hall", "Birkenhead Central Library",
                   lambda: Meeting.objects.get(pk=meeting.pk).venue)


def board_edit(cast):
    return Editing(reverse("boards:board_edit", args=[cast.board.pk]), "purpose",
                   "Holds partners to account", "Learns from case reviews",
                   lambda: Board.objects.get(pk=cast.board.pk).purpose)


def report_back_edit(cast):
    group = board_services.board_create(created_by=cast.manager, parent=cast.board,
                                        name="Neglect sub-group", kind=BoardKind.SUB_COMMITTEE)
    MembershipFactory(person=Person.objects.get(email="bob@example.org"), board=group,
                      role=Role.BUSINESS_MANAGER)
    june = MeetingFactory(board=cast.board, venue="June venue")
    july = MeetingFactory(board=cast.board, venue="July venue",
                          starts_at=june.starts_at.replace(month=7),
                          ends_at=june.ends_at.replace(month=7))
    return Editing(reverse("boards:report_back_edit", args=[group.pk]), "report_back_meeting",
                   str(june.pk), str(july.pk),
                   lambda: str(Board.objects.get(pk=group.pk).report_back_meeting_id),
                   alice_sees=str(june))


def membership_edit(cast):
    membership = Membership.objects.get(person=cast.partner, board=cast.board)
    return Editing(reverse("boards:membership_edit", args=[membership.pk]), "lead_role",
                   "Champion for neglect", "Champion for exploitation",
                   lambda: Membership.objects.get(pk=membership.pk).lead_role)


def person_edit(cast):
    return Editing(reverse("boards:person_edit", args=[cast.lay_member.pk]), "job_title",
                   "Cabinet member for children", "Lead member for children",
                   lambda: Person.objects.get(pk=cast.lay_member.pk).job_title)


def agency_edit(cast):
    return Editing(reverse("boards:agency_edit", args=[cast.health.pk]), "short_name",
                   "Wirral CCG", "NHS Wirral",
                   lambda: Agency.objects.get(pk=cast.health.pk).short_name)


def recommendation_edit(cast):
    source = RecommendationSource.objects.create(
        board=cast.board, kind="inspection", title="Ofsted inspection 2016", body="Ofsted",
        made_on=date(2016, 9, 1))
    recommendation = Recommendation.objects.create(source=source, number="6",
                                                   text="Ensure accuracy of performance data")
    return Editing(reverse("recommendations:recommendation_edit", args=[recommendation.pk]),
                   "evidence", "Audit of March 2017", "Dip sample of June 2017",
                   lambda: Recommendation.objects.get(pk=recommendation.pk).evidence)


def action_edit(cast):
    action = ActionFactory(board=cast.board, lead_person=cast.partner)
    return Editing(reverse("actions:edit", args=[action.pk]), "description",
                   "Refresh the threshold document", "Circulate the threshold document",
                   lambda: Action.objects.get(pk=action.pk).description)


def minute_edit(cast):
    item = AgendaItemFactory(meeting=MeetingFactory(board=cast.board))
    return Editing(reverse("boards:minute_edit", args=[item.pk]), "discussion",
                   "The board discussed neglect", "The board agreed the neglect strategy",
                   lambda: AgendaItem.objects.get(pk=item.pk).discussion,
                   their_value_shown=lambda response: response.context["conflict"].discussion)


def commentary_edit(cast):
    indicator = performance_services.indicator_create(
        board=cast.board, theme=Theme.objects.create(board=cast.board, name="Early help"),
        code="EH1", name="Early help assessments", definition="-", source="-", unit="count",
        polarity="neither", frequency="monthly", owning_agency=cast.council)
    Commentary.objects.create(indicator=indicator, period=date(2017, 1, 1), data_says="Rose",
                              why="Unknown", actions_taken="None yet",
                              written_by=cast.manager)
    return Editing(reverse("performance:commentary", args=[indicator.pk, "2017-01"]), "why",
                   "More referrals from schools", "Staff changes",
                   lambda: Commentary.objects.get(indicator=indicator).why,
                   their_value_shown=lambda response: response.context["newer"].why)


EDIT_FORMS = {
    "boards:meeting_edit": meeting_edit,
    "boards:board_edit": board_edit,
    "boards:report_back_edit": report_back_edit,
    "boards:membership_edit": membership_edit,
    "boards:person_edit": person_edit,
    "boards:agency_edit": agency_edit,
    "recommendations:recommendation_edit": recommendation_edit,
    "actions:edit": action_edit,
    "boards:minute_edit": minute_edit,
    "performance:commentary": commentary_edit,
}
# Edit pages with their own test below (a table of rows, not one form).
EDIT_PAGES_TESTED_APART = {"boards:attendance_edit"}


def signed_in(person):
    client = Client()
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    return client


def as_posted(form):
    """What the browser posts back for a form as it was shown."""
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        value, widget = bound.value(), bound.field.widget
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            data.update({f"{bound.html_name}_{i}": "" if part is None else str(part)
                         for i, part in enumerate(parts)})
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = "" if value is None else str(getattr(value, "pk", value))
    return data


@pytest.mark.parametrize("name", sorted(EDIT_FORMS))
def test_the_second_save_from_an_older_form_is_refused_and_nothing_is_lost(cast, name):
    bob = _board_manager_too(cast)
    editing = EDIT_FORMS[name](cast)
    alice_client, bob_client = signed_in(cast.manager), signed_in(bob)

    alice_form = as_posted(alice_client.get(editing.url).context["form"])
    bob_form = as_posted(bob_client.get(editing.url).context["form"])
    assert alice_form.get("version") and alice_form["version"] == bob_form["version"]

    response = alice_client.post(editing.url, {**alice_form, editing.field: editing.alice_types})
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert editing.saved() == editing.alice_types

    response = bob_client.post(editing.url, {**bob_form, editing.field: editing.bob_types})

    assert response.status_code == 409
    assert editing.saved() == editing.alice_types, "Alice's save was overwritten"
    page = response.content.decode()
    assert REFUSED.search(page), "Bob is not told why his save was refused"
    form = response.context["form"]
    assert str(form[editing.field].value()) == editing.bob_types, "Bob's input was dropped"
    if editing.their_value_shown:
        shown = editing.their_value_shown(response)
    else:
        [(shown, differs)] = [(value, differs) for label, value, differs
                              in response.context["newer"] if label == form[editing.field].label]
        assert differs, "the field Alice and Bob both changed is not marked as differing"
    assert shown == (editing.alice_sees or editing.alice_types)

    # Bob checks both and saves again, now on top of Alice's version: that goes through.
    response = bob_client.post(editing.url, as_posted(form))
    assert response.status_code == 302
    assert editing.saved() == editing.bob_types


def test_a_change_bob_did_not_make_is_pointed_out_before_he_saves_over_it(cast):
    """Alice renamed the meeting; Bob only moved it. His form still has the old title, so the
    page marks the title as differing from his form, and the date as the same."""
    bob = _board_manager_too(cast)
    editing = meeting_edit(cast)
    alice_client, bob_client = signed_in(cast.manager), signed_in(bob)
    alice_form = as_posted(alice_client.get(editing.url).context["form"])
    bob_form = as_posted(bob_client.get(editing.url).context["form"])
    alice_client.post(editing.url, {**alice_form, "title": "Neglect strategy",
                                    "venue": "Wallasey Town Hall"})

    response = bob_client.post(editing.url, {**bob_form, "venue": "Birkenhead Library"})

    assert response.status_code == 409
    marked = {label: (value, differs) for label, value, differs in response.context["newer"]}
    assert marked["Theme or title (optional)"] == ("Neglect strategy", True)
    assert marked["Venue"] == ("Wallasey Town Hall", True)
    assert marked["Date"] == ("10 May 2017", False)
    assert "Not what your form has" in response.content.decode()


def test_attendance_recorded_by_two_people_at_once_keeps_the_first_and_shows_it(cast):
    bob = _board_manager_too(cast)
    meeting = MeetingFactory(board=cast.board)
    url = reverse("boards:attendance_edit", args=[meeting.pk])
    alice_client, bob_client = signed_in(cast.manager), signed_in(bob)

    def opened(client, chair_status):
        response = client.get(url)
        people = [person for person, _ in response.context["rows"]]
        data = {"form-TOTAL_FORMS": len(people), "form-INITIAL_FORMS": len(people),
                "version": response.context["version_form"]["version"].value()}
        for i, person in enumerate(people):
            data[f"form-{i}-person"] = person.pk
            data[f"form-{i}-status"] = chair_status if person == cast.chair else ""
        return data

    alice_form = opened(alice_client, AttendanceStatus.PRESENT)
    bob_form = opened(bob_client, AttendanceStatus.APOLOGIES)
    assert alice_client.post(url, alice_form).status_code == 302

    response = bob_client.post(url, bob_form)

    assert response.status_code == 409
    assert Attendance.objects.get(meeting=meeting).status == AttendanceStatus.PRESENT
    page = response.content.decode()
    assert "Someone else changed this while you were editing" in page
    assert [(a.person, a.status) for a in response.context["newer"]] == [
        (cast.chair, AttendanceStatus.PRESENT)]
    kept = {person: form["status"].value() for person, form in response.context["rows"]}
    assert kept[cast.chair] == AttendanceStatus.APOLOGIES
    # Saving again from the page that refused him goes through, on top of Alice's record.
    again = {**bob_form, "version": response.context["version_form"]["version"].value()}
    assert bob_client.post(url, again).status_code == 302
    assert Attendance.objects.get(meeting=meeting).status == AttendanceStatus.APOLOGIES


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_one_meeting_at_the_same_moment_lose_nothing(cast):
    """Two business managers press Save on the same meeting at the same instant, 20 times over,
    each through its own database connection: every time exactly one save wins and the other
    is refused, never both written."""
    bob = _board_manager_too(cast)
    meeting = MeetingFactory(board=cast.board)
    url = reverse("boards:meeting_edit", args=[meeting.pk])
    alice_client, bob_client = signed_in(cast.manager), signed_in(bob)
    lost = 0
    for attempt in range(20):
        forms_opened = [as_posted(c.get(url).context["form"]) for c in (alice_client, bob_client)]
        venues = [f"Alice's venue {attempt}", f"Bob's venue {attempt}"]
        start, statuses = threading.Barrier(2), {}

        def save(who, client, data, start=start, statuses=statuses):
            try:
                start.wait()
                statuses[who] = client.post(url, data).status_code
            finally:
                connections.close_all()

        threads = [threading.Thread(target=save, args=(who, client, {**data, "venue": venue}))
                   for who, client, data, venue in zip(
                       ("alice", "bob"), (alice_client, bob_client), forms_opened, venues,
                       strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert sorted(statuses.values()) in ([302, 409], [302, 302]), statuses
        winners = [who for who, status in statuses.items() if status == 302]
        if len(winners) != 1:
            lost += 1
            continue
        expected = venues[0] if winners == ["alice"] else venues[1]
        assert Meeting.objects.get(pk=meeting.pk).venue == expected
    assert lost == 0


# Guards: a new edit form is covered without anyone remembering.

def _url_names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_edit_page_is_in_the_table():
    # recommendations_moved: the challenge log's old addresses, each a permanent redirect to the
    # page's new home (tested in test_recommendations), not a form of its own.
    edit_pages = {name for name in _url_names()
                  if re.search(r"(^|[:_])edit$", name)
                  and not name.startswith(("admin:", "recommendations_moved:"))}
    assert edit_pages, "no edit pages found: the URL walk is broken"
    missing = edit_pages - set(EDIT_FORMS) - EDIT_PAGES_TESTED_APART
    assert not missing, f"edit pages without a lost-update test: {sorted(missing)}"


APPS = ("boards", "actions", "challenges", "performance", "audits", "recommendations")


def _views_sources():
    root = Path(settings.BASE_DIR)
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            if "views" in path.parts or path.name == "views.py":
                yield path, path.read_text()


def test_every_model_form_given_an_existing_record_carries_its_version():
    """A ModelForm built with an instance edits that record: it must carry the version (through
    VersionedFormMixin, or a version field of its own) and its view must be in the table."""
    given_an_instance = set()
    for _path, source in _views_sources():
        given_an_instance |= set(re.findall(r"(\w+Form)\([^()]*instance=", source))
        given_an_instance |= set(re.findall(r"versioned_edit\(\s*request,\s*\w+,\s*(\w+Form)",
                                            source))
    assert "MeetingForm" in given_an_instance, "the view scan is broken"
    forms_by_name = {}
    for app in APPS:
        module = __import__(f"{app}.forms", fromlist=["*"])
        forms_by_name.update({name: cls for name, cls in inspect.getmembers(module, inspect.isclass)
                              if issubclass(cls, forms.ModelForm)})
    unversioned = [name for name in sorted(given_an_instance)
                   if not (issubclass(forms_by_name[name], VersionedFormMixin)
                           or "version" in forms_by_name[name].base_fields)]
    assert not unversioned, f"edit forms without a version: {unversioned}"
