"""Every view, tried by every role: allowed, forbidden (403) or not found (404).

The table in docs/permissions.md says the same in words. Anonymous visitors are sent to
sign in, except on the public pages.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from boards import services
from boards.models import Paper

from .conftest import ROLES
from .factories import AgendaItemFactory, MeetingFactory, aware

pytestmark = pytest.mark.django_db

ALL = [*ROLES, "anonymous"]
MEMBERS = {"manager", "chair", "partner", "lay_member", "adviser"}
LOGIN = "login"


def member_read(role):
    return LOGIN if role == "anonymous" else 200 if role in MEMBERS else 404


def manage(role, ok=200):
    if role == "anonymous":
        return LOGIN
    if role == "manager":
        return ok
    return 403 if role in MEMBERS else 404


def office(role, ok=200):
    if role in ("manager", "chair"):
        return ok
    return manage(role, ok)


def directory_read(role):
    return LOGIN if role == "anonymous" else 200


def directory_manage(role):
    return LOGIN if role == "anonymous" else 200 if role == "manager" else 403


def public(role):
    return 200


@pytest.fixture
def scene(cast):
    march = MeetingFactory(board=cast.board, starts_at=aware(2017, 3, 22),
                           ends_at=aware(2017, 3, 22, 16))
    may = MeetingFactory(board=cast.board, starts_at=aware(2017, 5, 10),
                         ends_at=aware(2017, 5, 10, 16))
    services.minutes_circulate(meeting=march, by=cast.manager)
    secret = AgendaItemFactory(meeting=march, title="Case complexity report",
                               is_confidential=True)
    paper = Paper.objects.create(
        agenda_item=secret, title="Case complexity", original_name="case.pdf",
        file=ContentFile(b"%PDF-1.4 confidential", name="case.pdf"),
        content_type="application/pdf", size=21, uploaded_by=cast.manager,
    )
    published = MeetingFactory(board=cast.board, starts_at=aware(2017, 1, 11),
                               ends_at=aware(2017, 1, 11, 16))
    services.minutes_circulate(meeting=published, by=cast.manager)
    services.minutes_approve(meeting=published, at_meeting=march, amendments="", by=cast.chair)
    services.minutes_publish(meeting=published, by=cast.chair)
    membership = cast.board.memberships.get(person=cast.partner)
    return {"board": cast.board.pk, "march": march.pk, "may": may.pk, "item": secret.pk,
            "paper": paper.pk, "published_uid": published.uid, "membership": membership.pk,
            "agency": cast.police.pk, "person": cast.partner.pk}


# (name, url name, url arguments from the scene, method, expectation)
VIEWS = [
    ("home", "boards:home", [], "get", directory_read),
    ("agency list", "boards:agency_list", [], "get", directory_read),
    ("agency detail", "boards:agency_detail", ["agency"], "get", directory_read),
    ("agency create", "boards:agency_create", [], "get", directory_manage),
    ("agency edit", "boards:agency_edit", ["agency"], "get", directory_manage),
    ("person list", "boards:person_list", [], "get", directory_read),
    ("person detail", "boards:person_detail", ["person"], "get", directory_read),
    ("person create", "boards:person_create", [], "get", directory_manage),
    ("person edit", "boards:person_edit", ["person"], "get", directory_manage),
    ("board list", "boards:board_list", [], "get", directory_read),
    ("board create", "boards:board_create", [], "get", directory_manage),
    ("board detail", "boards:board_detail", ["board"], "get", member_read),
    ("board edit", "boards:board_edit", ["board"], "get", manage),
    ("sub-group create", "boards:subgroup_create", ["board"], "get", manage),
    ("reporting line", "boards:reporting_line_move", ["board"], "get", manage),
    ("report-back", "boards:report_back_edit", ["board"], "get", manage),
    ("membership create", "boards:membership_create", ["board"], "get", manage),
    ("membership edit", "boards:membership_edit", ["membership"], "get", manage),
    ("attendance by agency", "boards:attendance_by_agency", ["board"], "get", member_read),
    ("meeting list", "boards:meeting_list", ["board"], "get", member_read),
    ("meeting create", "boards:meeting_create", ["board"], "get", manage),
    ("meeting detail", "boards:meeting_detail", ["march"], "get", member_read),
    ("meeting edit", "boards:meeting_edit", ["march"], "get", manage),
    ("meeting ics", "boards:meeting_ics", ["march"], "get", member_read),
    ("attendance", "boards:attendance_edit", ["march"], "get", manage),
    ("attendee add", "boards:attendee_add", ["march"], "post", lambda r: manage(r, 302)),
    ("agenda item add", "boards:agenda_item_create", ["march"], "get", manage),
    ("full minutes", "boards:minutes", ["march"], "get", member_read),
    ("circulate", "boards:minutes_circulate", ["may"], "post", lambda r: manage(r, 302)),
    ("approve", "boards:minutes_approve", ["march"], "get", office),
    ("publish", "boards:minutes_publish", ["march"], "post", lambda r: office(r, 302)),
    ("confidential item", "boards:agenda_item_detail", ["item"], "get", member_read),
    ("minute edit", "boards:minute_edit", ["item"], "get", manage),
    ("paper upload", "boards:paper_upload", ["item"], "get", manage),
    ("item forward", "boards:item_forward", ["item"], "get", manage),
    ("confidential paper", "boards:paper_download", ["paper"], "get", member_read),
    ("action from item", "actions:create_from_item", ["item"], "get", manage),
    ("public board", "boards:public_board", ["board"], "get", public),
    ("public minutes", "boards:public_minutes", ["published_uid"], "get", public),
]


@pytest.mark.parametrize("role", ALL)
@pytest.mark.parametrize(("name", "url_name", "args", "method", "expect"), VIEWS,
                         ids=[v[0] for v in VIEWS])
def test_every_view_for_every_role(cast, scene, client_for, role, name, url_name, args, method,
                                   expect):
    person = None if role == "anonymous" else cast.by_role(role)
    url = reverse(url_name, args=[scene[a] for a in args])
    response = getattr(client_for(person), method)(url)
    expected = expect(role)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{name} as {role}"


def test_the_admin_is_for_superusers_only(cast, client_for, admin_user):
    assert client_for(cast.manager).get("/admin/").status_code == 302
    assert client_for(admin_user).get("/admin/").status_code == 200
