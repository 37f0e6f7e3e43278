"""What boards' notices say, composed when each is sent (see boards.notices), and the events
that queue them: a meeting scheduled, draft minutes circulated, a person added."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from . import notices
from .calendar import meeting_ics
from .models import Meeting, MinutesStatus, Person
from .notices import Letter, NotNeeded

MEETING_INVITATION = "meeting_invitation"
MINUTES_CIRCULATED = "minutes_circulated"
INVITATION = "invitation"


def members(board):
    return Person.objects.filter(
        memberships__in=board.memberships.current(), is_active=True
    ).distinct()


def _meeting(notice) -> Meeting:
    meeting = Meeting.objects.select_related("board").get(pk=notice.key.split(":")[1])
    if not members(meeting.board).filter(pk=notice.recipient_id).exists():
        raise NotNeeded(f"the recipient no longer sits on {meeting.board}")
    return meeting


def queue_meeting_invitations(meeting) -> int:
    return notices.queue(kind=MEETING_INVITATION, key=f"meeting:{meeting.pk}",
                         recipients=members(meeting.board), board=meeting.board,
                         reason=f"you are a member of {meeting.board}")


def meeting_invitation(notice) -> Letter:
    meeting = _meeting(notice)
    if meeting.starts_at < timezone.now():
        raise NotNeeded("the meeting has started or is past")
    return Letter(subject=f"Invitation: {meeting}", template="boards/email/meeting_invitation",
                  context={"meeting": meeting},
                  attachments=(("invite.ics", meeting_ics(meeting), "text/calendar"),))


def queue_minutes_circulated(meeting) -> int:
    return notices.queue(
        kind=MINUTES_CIRCULATED, key=f"meeting:{meeting.pk}", recipients=members(meeting.board),
        board=meeting.board,
        reason=f"you are a member of {meeting.board} and its draft minutes were circulated")


def minutes_circulated(notice) -> Letter:
    meeting = _meeting(notice)
    if meeting.minutes_status != MinutesStatus.CIRCULATED:
        raise NotNeeded("the minutes are no longer out for comment "
                        f"({meeting.get_minutes_status_display().lower()})")
    return Letter(subject=f"Draft minutes for comment: {meeting}",
                  template="boards/email/minutes_circulated", context={"meeting": meeting})


def queue_invitation(person, *, added_by=None) -> int:
    return notices.queue(
        kind=INVITATION, key=f"person:{person.pk}", recipients=[person],
        reason=(f"{added_by} added you to the partnership office directory" if added_by
                else "you were added to the partnership office directory"),
        details={"added_by": added_by.pk} if added_by else {})


def set_password_url(person) -> str:
    """allauth's password-reset link: it works once, for three days
    (PASSWORD_RESET_TIMEOUT), and stops working when the password or the address changes."""
    path = reverse("account_reset_password_from_key", kwargs={
        "uidb36": user_pk_to_url_str(person), "key": default_token_generator.make_token(person),
    })
    return f"{settings.SITE_URL}{path}"


def invitation(notice) -> Letter:
    person = notice.recipient
    if person.has_usable_password():
        raise NotNeeded("they have set a password already")
    added_by = Person.objects.filter(pk=notice.details.get("added_by")).first()
    return Letter(subject="Set your password for the safeguarding partnership office",
                  template="boards/email/invitation",
                  context={"set_password_url": set_password_url(person), "added_by": added_by,
                           "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)})


def register():
    notices.register(MEETING_INVITATION, meeting_invitation)
    notices.register(MINUTES_CIRCULATED, minutes_circulated)
    notices.register(INVITATION, invitation)
