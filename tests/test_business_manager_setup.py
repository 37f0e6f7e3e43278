"""A business manager sets up the office in the browser: agencies, people, boards,
sub-groups, memberships, a moved reporting line."""

import pytest
from django.urls import reverse

from boards.models import Agency, Board, Membership, Person, Role

pytestmark = pytest.mark.django_db


def test_the_business_manager_builds_the_board_from_scratch(cast, client_for):
    client = client_for(cast.manager)
    client.post(reverse("boards:agency_create"),
                {"name": "Merseyside Fire and Rescue Service", "short_name": "MFRS",
                 "sector": "fire"})
    fire = Agency.objects.get(short_name="MFRS")

    client.post(reverse("boards:person_create"),
                {"full_name": "Sam Ellery", "email": "Sam.Ellery@Example.org",
                 "job_title": "Group Manager", "agency": fire.pk})
    sam = Person.objects.get(email="sam.ellery@example.org")
    assert not sam.has_usable_password()

    client.post(reverse("boards:board_create"),
                {"name": "Wirral Safeguarding Children Board", "kind": "lscb",
                 "quorum_minimum": 6, "quorum_requires_statutory_partners": "on"})
    lscb = Board.objects.get(name="Wirral Safeguarding Children Board")
    assert lscb.memberships.get().person == cast.manager

    client.post(reverse("boards:subgroup_create", args=[lscb.pk]),
                {"name": "Child Sexual Exploitation Sub-committee", "kind": "sub_committee",
                 "quorum_minimum": 3})
    cse = Board.objects.get(name="Child Sexual Exploitation Sub-committee")
    assert cse.parent == lscb

    response = client.post(reverse("boards:membership_create", args=[lscb.pk]), {
        "person": sam.pk, "role": "lay_member", "lead_role": "Champion for private fostering",
        "starts_on_0": "1", "starts_on_1": "4", "starts_on_2": "2016",
    })
    assert response.status_code == 302
    membership = Membership.objects.get(person=sam)
    assert (membership.role, membership.lead_role) == (
        Role.LAY_MEMBER, "Champion for private fostering"
    )

    response = client.post(reverse("boards:reporting_line_move", args=[cse.pk]), {
        "reports_to": cast.board.pk, "starts_on_0": "1", "starts_on_1": "1",
        "starts_on_2": "2099", "note": "Moved to the Improvement Board",
    })
    assert response.status_code == 302
    assert [line.reports_to for line in cse.reporting_lines.order_by("starts_on")] == [
        lscb, cast.board
    ]
    page = client.get(cse.get_absolute_url()).content.decode()
    assert "Moved to the Improvement Board" in page and lscb.name in page


def test_a_new_line_cannot_start_before_the_current_one(cast, client_for):
    client = client_for(cast.manager)
    client.post(reverse("boards:subgroup_create", args=[cast.board.pk]),
                {"name": "Audit sub-group", "kind": "sub_committee", "quorum_minimum": 1})
    sub_group = Board.objects.get(name="Audit sub-group")
    response = client.post(reverse("boards:reporting_line_move", args=[sub_group.pk]), {
        "reports_to": cast.other_board.pk, "starts_on_0": "1", "starts_on_1": "1",
        "starts_on_2": "2001",
    })
    assert response.status_code == 200
    assert "must start after the current one began" in " ".join(
        response.context["form"].errors["starts_on"]
    )
    assert sub_group.reporting_lines.count() == 1
