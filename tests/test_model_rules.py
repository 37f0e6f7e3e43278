"""The database itself refuses records that break the board's rules, whatever the form does."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from boards import services
from boards.models import AttendanceStatus, BoardKind, Membership, MinutesStatus, Role

from .factories import BoardFactory, MeetingFactory, MembershipFactory, PersonFactory, aware

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_a_meeting_must_end_after_it_starts():
    refused(lambda: MeetingFactory(starts_at=aware(2017, 5, 10, 14),
                                   ends_at=aware(2017, 5, 10, 13)))


def test_a_meeting_must_belong_to_a_board():
    refused(lambda: MeetingFactory(board=None))


def test_a_membership_cannot_end_before_it_starts():
    refused(lambda: MembershipFactory(starts_on=date(2017, 5, 1), ends_on=date(2017, 4, 1)))


def test_a_person_has_one_open_membership_of_a_board():
    first = MembershipFactory(starts_on=date(2016, 1, 1))
    refused(lambda: MembershipFactory(person=first.person, board=first.board,
                                      starts_on=date(2017, 1, 1)))


def test_memberships_of_one_person_on_one_board_cannot_overlap_in_the_database():
    first = MembershipFactory(starts_on=date(2016, 1, 1), ends_on=date(2016, 12, 31))
    refused(lambda: MembershipFactory(person=first.person, board=first.board,
                                      starts_on=date(2016, 6, 1), ends_on=date(2017, 6, 1)))
    # Back-to-back terms are fine.
    MembershipFactory(person=first.person, board=first.board, starts_on=date(2017, 1, 1))


def test_the_form_level_check_names_the_overlap():
    first = MembershipFactory(starts_on=date(2016, 1, 1), ends_on=date(2016, 12, 31))
    clash = Membership(person=first.person, board=first.board, role=Role.CHAIR,
                       starts_on=date(2016, 6, 1), ends_on=date(2016, 7, 1))
    with pytest.raises(Exception, match="overlap"):
        clash.full_clean()


def test_a_task_and_finish_group_needs_a_sunset_date():
    refused(lambda: BoardFactory(kind=BoardKind.TASK_AND_FINISH, sunset_on=None))
    BoardFactory(kind=BoardKind.TASK_AND_FINISH, sunset_on=date(2014, 3, 31))


def test_only_someone_giving_apologies_sends_a_deputy():
    meeting = MeetingFactory()
    person, deputy = PersonFactory(), PersonFactory()
    refused(lambda: meeting.attendances.create(person=person, status=AttendanceStatus.PRESENT,
                                               deputy=deputy))
    refused(lambda: meeting.attendances.create(person=person, status=AttendanceStatus.APOLOGIES,
                                               deputy=person))
    meeting.attendances.create(person=person, status=AttendanceStatus.APOLOGIES, deputy=deputy)


def test_approved_minutes_must_name_the_meeting_that_approved_them():
    meeting = MeetingFactory()
    meeting.minutes_status = MinutesStatus.APPROVED
    refused(lambda: meeting.save())


def test_a_board_cannot_report_to_itself():
    board = BoardFactory()
    refused(lambda: board.reporting_lines.create(reports_to=board, starts_on=date(2015, 1, 1)))


def test_moving_a_reporting_line_keeps_its_history():
    warrington = BoardFactory(name="Warrington Safeguarding Children Board")
    partnership = BoardFactory(name="Warrington Children and Young People's Partnership")
    early_help = BoardFactory(name="Early Help Sub-group", kind=BoardKind.SUB_COMMITTEE)
    services.reporting_line_move(board=early_help, reports_to=warrington,
                                 starts_on=date(2013, 4, 1))
    services.reporting_line_move(board=early_help, reports_to=partnership,
                                 starts_on=date(2015, 9, 1), note="Moved; board keeps scrutiny")

    lines = list(early_help.reporting_lines.order_by("starts_on"))
    assert [(line.reports_to.name, line.starts_on, line.ends_on) for line in lines] == [
        (warrington.name, date(2013, 4, 1), date(2015, 8, 31)),
        (partnership.name, date(2015, 9, 1), None),
    ]
    assert early_help.reporting_line_on(date(2014, 1, 1)).reports_to == warrington
    assert early_help.parent == partnership


def test_a_reporting_line_cannot_make_a_loop():
    parent, child = BoardFactory(), BoardFactory()
    services.reporting_line_move(board=child, reports_to=parent, starts_on=date(2015, 1, 1))
    with pytest.raises(Exception, match="already reports"):
        services.reporting_line_move(board=parent, reports_to=child, starts_on=date(2015, 1, 1))


def test_overlapping_reporting_lines_are_refused_by_the_database():
    board, a, b = BoardFactory(), BoardFactory(), BoardFactory()
    board.reporting_lines.create(reports_to=a, starts_on=date(2015, 1, 1),
                                 ends_on=date(2015, 12, 31))
    refused(lambda: board.reporting_lines.create(
        reports_to=b, starts_on=date(2015, 6, 1), ends_on=date(2016, 1, 1)))


def test_the_creator_of_a_board_becomes_its_business_manager():
    manager = PersonFactory()
    board = services.board_create(created_by=manager, name="Neglect Strategy Task and Finish",
                                  kind=BoardKind.TASK_AND_FINISH,
                                  sunset_on=date(2030, 3, 31))
    assert board.memberships.get().role == Role.BUSINESS_MANAGER
    assert board.memberships.get().person == manager
