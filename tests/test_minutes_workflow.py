"""Minutes go draft → circulated → approved at the next meeting (amendments recorded) →
published; each minute is saved without ever silently overwriting someone else's."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boards import services
from boards.models import AgendaItemKind, MinutesStatus

from .factories import AgendaItemFactory, MeetingFactory, aware

pytestmark = pytest.mark.django_db


@pytest.fixture
def march_and_may(cast):
    march = MeetingFactory(board=cast.board, starts_at=aware(2017, 3, 22),
                           ends_at=aware(2017, 3, 22, 16), venue="Wallasey Town Hall")
    may = MeetingFactory(board=cast.board, starts_at=aware(2017, 5, 10),
                         ends_at=aware(2017, 5, 10, 16))
    return march, may


def test_the_whole_workflow_records_the_amendment_and_the_approving_meeting(cast, march_and_may):
    march, may = march_and_may
    services.minutes_circulate(meeting=march, by=cast.manager)
    services.minutes_approve(
        meeting=march, at_meeting=may, by=cast.chair,
        amendments="To be amended to reflect Irene Walsh providing apologies.",
    )
    services.minutes_publish(meeting=march, by=cast.chair)
    march.refresh_from_db()
    assert march.minutes_status == MinutesStatus.PUBLISHED
    assert march.minutes_approved_at_meeting == may
    assert march.minutes_amendments == "To be amended to reflect Irene Walsh providing apologies."
    assert march.minutes_published_at is not None


@pytest.mark.parametrize("step", ["approve", "publish"])
def test_draft_minutes_cannot_skip_circulation(cast, march_and_may, step):
    march, may = march_and_may
    with pytest.raises(ValidationError, match="are draft cannot be"):
        if step == "approve":
            services.minutes_approve(meeting=march, at_meeting=may, amendments="", by=cast.chair)
        else:
            services.minutes_publish(meeting=march, by=cast.chair)
    march.refresh_from_db()
    assert march.minutes_status == MinutesStatus.DRAFT


def test_minutes_are_approved_at_a_later_meeting_of_the_same_board(cast, march_and_may):
    march, may = march_and_may
    services.minutes_circulate(meeting=may, by=cast.manager)
    with pytest.raises(ValidationError, match="later meeting"):
        services.minutes_approve(meeting=may, at_meeting=march, amendments="", by=cast.chair)
    elsewhere = MeetingFactory(board=cast.other_board, starts_at=aware(2017, 7, 1),
                               ends_at=aware(2017, 7, 1, 16))
    with pytest.raises(ValidationError, match="later meeting"):
        services.minutes_approve(meeting=may, at_meeting=elsewhere, amendments="", by=cast.chair)


def test_approved_minutes_can_no_longer_be_edited(cast, march_and_may):
    march, may = march_and_may
    item = AgendaItemFactory(meeting=march, discussion="As agreed.")
    services.minutes_circulate(meeting=march, by=cast.manager)
    services.minutes_approve(meeting=march, at_meeting=may, amendments="", by=cast.chair)
    item.refresh_from_db()
    with pytest.raises(ValidationError, match="approved"):
        services.minute_save(item=item, discussion="Rewritten", decisions="", version=item.version,
                             by=cast.manager)
    item.refresh_from_db()
    assert item.discussion == "As agreed."


def test_a_stale_minute_is_refused_not_lost(cast, march_and_may):
    march, _ = march_and_may
    item = AgendaItemFactory(meeting=march)
    opened_at = item.version
    services.minute_save(item=item, discussion="First writer's text", decisions="",
                         version=opened_at, by=cast.manager)
    with pytest.raises(services.StaleEdit) as stale:
        services.minute_save(item=item, discussion="Second writer's text", decisions="",
                             version=opened_at, by=cast.chair)
    assert stale.value.current.discussion == "First writer's text"
    item.refresh_from_db()
    assert item.discussion == "First writer's text"


def test_the_second_editor_sees_the_newer_minute_and_keeps_their_own_text(
    cast, march_and_may, client_for
):
    march, _ = march_and_may
    item = AgendaItemFactory(meeting=march)
    url = reverse("boards:minute_edit", args=[item.pk])
    services.minute_save(item=item, discussion="Saved by the chair meanwhile", decisions="",
                         version=1, by=cast.chair)

    response = client_for(cast.manager).post(url, {
        "discussion": "My careful notes", "decisions": "Agreed", "version": 1,
    })

    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this minute" in page
    assert "Saved by the chair meanwhile" in page
    assert "My careful notes" in page
    item.refresh_from_db()
    assert item.discussion == "Saved by the chair meanwhile"
    # Saving again, now on top of the newer version, goes through.
    response = client_for(cast.manager).post(url, {
        "discussion": "My careful notes", "decisions": "Agreed", "version": item.version,
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.discussion == "My careful notes"


def test_a_new_meeting_opens_with_previous_minutes_and_matters_arising(cast):
    meeting = services.meeting_schedule(
        board=cast.board, created_by=cast.manager, kind="ordinary", title="",
        starts_at=aware(2027, 1, 20), ends_at=aware(2027, 1, 20, 16), venue="Wallasey Town Hall",
    )
    assert [(i.position, i.kind, i.title) for i in meeting.agenda_items.all()] == [
        (1, AgendaItemKind.PREVIOUS_MINUTES, "Minutes of the previous meeting"),
        (2, AgendaItemKind.MATTERS_ARISING, "Matters arising"),
    ]


def test_a_sub_group_forwards_an_item_to_its_parent_boards_next_agenda(cast):
    sub_group = services.board_create(created_by=cast.manager, parent=cast.board,
                                      name="Performance and Quality Assurance Sub-committee",
                                      kind="sub_committee")
    sub_meeting = MeetingFactory(board=sub_group, starts_at=aware(2026, 10, 1),
                                 ends_at=aware(2026, 10, 1, 16))
    item = AgendaItemFactory(meeting=sub_meeting, title="Graded Care Profile audit findings")

    waiting = services.item_forward(item=item, forwarded_by=cast.manager, note="For decision")
    assert waiting.placed_as is None  # the parent board has no meeting scheduled yet

    next_meeting = services.meeting_schedule(
        board=cast.board, created_by=cast.manager, kind="ordinary", title="",
        starts_at=aware(2027, 1, 20), ends_at=aware(2027, 1, 20, 16), venue="Wallasey Town Hall",
    )
    titles = [i.title for i in next_meeting.agenda_items.all()]
    assert titles[2] == f"Graded Care Profile audit findings (from {sub_group})"
    waiting.refresh_from_db()
    assert waiting.placed_as.meeting == next_meeting
    with pytest.raises(ValidationError, match="already been forwarded"):
        services.item_forward(item=item, forwarded_by=cast.manager)


def test_a_board_with_no_parent_cannot_forward(cast):
    item = AgendaItemFactory(meeting=MeetingFactory(board=cast.board))
    with pytest.raises(ValidationError, match="does not report"):
        services.item_forward(item=item, forwarded_by=cast.manager)
