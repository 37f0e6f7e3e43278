"""Agencies, people, boards, memberships, meetings and their minutes, and the notices outbox.

Business rules live here (model methods and querysets) and in services.py (writes that touch
several rows). Views only look things up, call them and render. One module a part of the
board's office; this package names them all, as `boards.models` always has.
"""

from .boards import (  # noqa: F401
    CHAIR_ROLES,
    OFFICE_HOLDER_ROLES,
    Board,
    BoardKind,
    BoardQuerySet,
    Membership,
    MembershipQuerySet,
    ReportingLine,
    Role,
)
from .history import History, HistoryQuerySet  # noqa: F401
from .meetings import (  # noqa: F401
    AgendaItem,
    AgendaItemKind,
    AgendaItemQuerySet,
    Attendance,
    AttendanceStatus,
    ForwardedItem,
    Meeting,
    MeetingKind,
    MeetingQuerySet,
    MinutesStatus,
    Paper,
    Quorum,
    paper_upload_to,
)
from .notices import (  # noqa: F401
    NOTICE_CLAIM_EXPIRES,
    Notice,
    NoticeQuerySet,
    NoticeStatus,
)
from .people import (  # noqa: F401
    STATUTORY_PARTNER_SECTORS,
    Agency,
    Person,
    PersonManager,
    Sector,
)
