"""The demo data that `make run` loads (`manage.py load_demo`), drawn from the papers in
/work/shared/seeds/: boards, agencies, venues, figures and wording come from the Wirral and
Warrington papers; every person is fictional.

Built in parts, in this order (each part may use what the earlier ones made, through `Demo`):
people.py (agencies, people, boards, memberships), meetings.py (meetings, agendas, attendance,
minutes), actions.py, challenges.py, and indicators.py (the core dataset and its audits).
"""

from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from boards.models import Person

from . import actions, challenges, indicators, meetings, people
from .people import CHAIR_EMAIL, email

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 – published, demo only


def is_loaded():
    return Person.objects.filter(email=CHAIR_EMAIL).exists()


def load():
    """Build the whole demo in one transaction."""
    with transaction.atomic():
        Demo().build()
        for key in ("chair", "manager"):
            # Office holders must use an authenticator app, in the demo too: these
            # two get a published secret (`make totp` prints the current codes).
            TOTP.activate(Person.objects.get(email=email(key)), DEMO_TOTP_SECRET)


class Demo:
    """What the parts share, by the keys the papers' tables use: agencies, people, boards
    (and the day each started), meetings (by board and day) and agenda items (by title)."""

    def build(self):
        self.agencies = people.make_agencies()
        self.people = people.make_people(self.agencies)
        self.manager, self.chair = self.people["manager"], self.people["chair"]
        self.boards, self.starts, self.meetings, self.items = {}, {}, {}, {}
        people.make_boards(self)
        people.make_memberships(self)
        meetings.lscb_meetings(self)
        meetings.improvement_meetings(self)
        meetings.other_meetings(self)
        actions.make_actions(self)
        challenges.make_challenges(self)
        actions.make_warrington_plan(self)
        indicators.load(
            board=self.boards["lscb"], agencies=self.agencies, manager=self.manager,
            validator=self.people["performance"],
            submitters={"council": self.people["analyst"], "police": self.people["partner"],
                        "ccg": self.people["nurse"]})
