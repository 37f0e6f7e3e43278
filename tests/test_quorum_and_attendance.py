import pytest
from django.urls import reverse

from boards import services
from boards.models import AttendanceStatus

from .factories import MeetingFactory, PersonFactory, aware

pytestmark = pytest.mark.django_db

PRESENT, APOLOGIES, IN_ATTENDANCE = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES,
                                     AttendanceStatus.IN_ATTENDANCE)


def test_quorate_only_when_each_statutory_partner_is_present(cast):
    meeting = MeetingFactory(board=cast.board)
    services.attendance_record(meeting=meeting, rows=[
        (cast.chair, PRESENT, None, ""), (cast.manager, PRESENT, None, ""),
        (cast.partner, PRESENT, None, ""),
    ])
    quorum = meeting.quorum()
    assert not quorum.is_quorate
    assert quorum.reasons == ["no one present from health"]

    nurse = PersonFactory(agency=cast.health, full_name="Dr Anne Lowe")
    services.attendance_record(meeting=meeting, rows=[(nurse, PRESENT, None, "")])
    assert meeting.quorum().is_quorate


def test_officers_and_apologies_do_not_count_towards_the_quorum(cast):
    meeting = MeetingFactory(board=cast.board)
    services.attendance_record(meeting=meeting, rows=[
        (cast.chair, PRESENT, None, ""), (cast.manager, IN_ATTENDANCE, None, ""),
        (cast.partner, APOLOGIES, cast.outsider, ""),
    ])
    quorum = meeting.quorum()
    assert quorum.present == 1
    assert "1 present; the board's rule needs 3" in quorum.reasons


def test_meeting_page_shows_the_three_lists_and_the_quorum(cast, client_for):
    meeting = MeetingFactory(board=cast.board)
    services.attendance_record(meeting=meeting, rows=[
        (cast.chair, PRESENT, None, "Chair of Improvement Board"),
        (cast.adviser, IN_ATTENDANCE, None, ""),
        (cast.partner, APOLOGIES, cast.outsider, ""),
    ])
    page = client_for(cast.lay_member).get(meeting.get_absolute_url()).content.decode()
    assert "Present" in page and "Officers in attendance" in page and "Apologies" in page
    assert "Not quorate" in page
    assert "Olive Grant" in page  # the deputy


def test_attendance_by_agency_over_a_year(cast, client_for):
    for month in (3, 5, 7):
        meeting = MeetingFactory(board=cast.board, starts_at=aware(2017, month, 10),
                                 ends_at=aware(2017, month, 10, 16))
        services.attendance_record(meeting=meeting, rows=[
            (cast.partner, PRESENT if month != 5 else APOLOGIES, None, ""),
            (cast.chair, PRESENT, None, ""),
        ])
    response = client_for(cast.manager).get(
        reverse("boards:attendance_by_agency", args=[cast.board.pk]), {"year": 2017}
    )
    rows = {row["name"]: row for row in response.context["agencies"]}
    assert rows["Merseyside Police"]["attended"] == 2
    assert rows["Wirral Council"]["attended"] == 3
    assert len(response.context["meetings"]) == 3


def test_recording_attendance_in_the_browser_form(cast, client_for):
    meeting = MeetingFactory(board=cast.board)
    url = reverse("boards:attendance_edit", args=[meeting.pk])
    response = client_for(cast.manager).get(url)
    people = [person for person, _ in response.context["rows"]]
    data = {"form-TOTAL_FORMS": len(people), "form-INITIAL_FORMS": len(people),
            "version": meeting.attendance_version}
    for i, person in enumerate(people):
        data[f"form-{i}-person"] = person.pk
        data[f"form-{i}-status"] = PRESENT if person == cast.chair else ""
        if person == cast.partner:
            data[f"form-{i}-status"] = APOLOGIES
            data[f"form-{i}-deputy"] = cast.outsider.pk
    response = client_for(cast.manager).post(url, data)
    assert response.status_code == 302
    recorded = {a.person: (a.status, a.deputy) for a in meeting.attendances.all()}
    assert recorded == {cast.chair: (PRESENT, None), cast.partner: (APOLOGIES, cast.outsider)}
    assert meeting.attendances.get(person=cast.partner).agency == cast.police
