"""Shared fixtures. A board of the 2017 minutes' shape: the Improvement Board with a chair,
a business manager, a police partner member, a lay member, an adviser; someone who sits on
another board only (the outsider); and a signed-in reader with no memberships."""

import os
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings

from boards.models import Role, Sector

from .factories import AgencyFactory, BoardFactory, MembershipFactory, PersonFactory
from .faults import SmtpSink

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine and not os.environ.get("ALLOW_NON_POSTGRES_TESTS"):
        raise pytest.UsageError(
            f"The tests run on PostgreSQL, not {engine}: set DATABASE_URL (make test does)."
        )


@pytest.fixture(autouse=True)
def _office_mfa_off_unless_asked(settings, request):
    """Most tests are about the board's work, not sign-in: MFA enforcement is tested on its
    own (tests/test_auth.py), with the marker `enforce_mfa`."""
    settings.MFA_REQUIRED_FOR_OFFICE_HOLDERS = bool(request.node.get_closest_marker("enforce_mfa"))


@pytest.fixture(autouse=True)
def _media_in_tmp_and_fast_passwords(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Hashing a password properly takes a third of a second; tests make hundreds of people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Cast:
    board: object
    other_board: object
    council: object
    police: object
    health: object
    chair: object
    manager: object
    partner: object
    lay_member: object
    adviser: object
    outsider: object
    reader: object

    def by_role(self, name):
        return getattr(self, name)


ROLES = ["manager", "chair", "partner", "lay_member", "adviser", "outsider", "reader"]


@pytest.fixture
def cast(db):
    council = AgencyFactory(name="Wirral Council", sector=Sector.LOCAL_AUTHORITY)
    police = AgencyFactory(name="Merseyside Police", sector=Sector.POLICE)
    health = AgencyFactory(name="Wirral Clinical Commissioning Group", sector=Sector.HEALTH)
    board = BoardFactory(name="Wirral Improvement Board", quorum_minimum=3,
                         quorum_requires_statutory_partners=True)
    other_board = BoardFactory(name="Warrington Safeguarding Children Board")

    def member(name, agency, role, on=board, **extra):
        person = PersonFactory(full_name=name, agency=agency,
                               email=f"{name.split()[0].lower()}@example.org")
        MembershipFactory(person=person, board=on, role=role, **extra)
        return person

    return Cast(
        board=board, other_board=other_board, council=council, police=police, health=health,
        chair=member("Helen Marsh", council, Role.INDEPENDENT_CHAIR),
        manager=member("Priya Nolan", council, Role.BUSINESS_MANAGER),
        partner=member("Gareth Doyle", police, Role.PARTNER_MEMBER),
        lay_member=member("Irene Walsh", None, Role.LAY_MEMBER,
                          lead_role="Champion for private fostering"),
        adviser=member("Tom Okafor", None, Role.ADVISER),
        outsider=member("Olive Grant", police, Role.PARTNER_MEMBER, on=other_board),
        reader=PersonFactory(full_name="Cllr Ray Moss", agency=council, email="ray@example.org"),
    )


@pytest.fixture
def client_for(client):
    """client_for(person) → a test client signed in as that person (None: anonymous)."""

    def sign_in(person):
        client.logout()
        if person is not None:
            client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture
def smtp(settings):
    """Django's real SMTP backend, talking to an SMTP server the test controls (it can refuse,
    hang or drop: tests/faults.py), with a one-second timeout for each step."""
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 1
        yield sink
