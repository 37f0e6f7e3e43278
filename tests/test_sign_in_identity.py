"""Nobody changes another person's sign-in identity. A business manager adds people (who are
invited to set a password, which verifies their address) and edits the name, job title and
agency of people on the boards they run; the email address is the person's own to change, with
verification, or a superuser's. A change of address ends the person's other sessions and
every outstanding set-password link."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from boards import letters, signin
from boards.models import Notice, Person, Role

from .conftest import ROLES
from .factories import PASSWORD, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/accounts/password/reset/key/\S+/")
NEW_PASSWORD = "a-new-and-long-password-7"  # noqa: S105
CONFIRM = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_manager(cast):
    """The business manager of another board: "a business manager anywhere"."""
    person = PersonFactory(full_name="Nina Cole", email="nina@example.org")
    MembershipFactory(person=person, board=cast.other_board, role=Role.BUSINESS_MANAGER)
    return person


def signed_in(person):
    """A browser of the person's own, signed in through the real sign-in page."""
    client = Client()
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def still_signed_in(client):
    return client.get(reverse("boards:home")).status_code == 200


def set_password(client, link, password=None):
    password = password or NEW_PASSWORD
    response = client.get(link)
    if response.status_code == 302:  # allauth moves the key into the session
        response = client.get(response["Location"])
    if b'name="password1"' not in response.content:
        return response
    return client.post(response.request["PATH_INFO"],
                       {"password1": password, "password2": password})


# Who may edit whom -------------------------------------------------------------------------

def edit_expected(role, whom):
    if role == "anonymous":
        return "login"
    if role == "superuser":
        return 200
    if (role, whom) in {("manager", "partner"), ("other_manager", "outsider")}:
        return 200  # someone on a board they run
    return 403


@pytest.mark.parametrize("whom", ["partner", "outsider", "reader"])
@pytest.mark.parametrize("role", [*ROLES, "other_manager", "superuser", "anonymous"])
def test_who_may_edit_a_persons_directory_entry(cast, other_manager, admin_user, client_for,
                                                role, whom):
    actor = {"other_manager": other_manager, "superuser": admin_user,
             "anonymous": None}.get(role) or (cast.by_role(role) if role in ROLES else None)
    person = cast.by_role(whom)
    response = client_for(actor).get(reverse("boards:person_edit", args=[person.pk]))
    expected = edit_expected(role, whom)
    if expected == "login":
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{role} editing {whom}"


@pytest.mark.parametrize("role", [*ROLES, "other_manager", "superuser"])
def test_who_may_add_a_person(cast, other_manager, admin_user, client_for, role):
    actor = {"other_manager": other_manager, "superuser": admin_user}.get(role) or cast.by_role(
        role)
    response = client_for(actor).get(reverse("boards:person_create"))
    allowed = role in ("manager", "other_manager", "superuser")
    assert response.status_code == (200 if allowed else 403)


def test_the_edit_link_shows_only_to_who_may_use_it(cast, other_manager, client_for):
    edit = reverse("boards:person_edit", args=[cast.lay_member.pk])
    page = client_for(cast.manager).get(cast.lay_member.get_absolute_url()).content.decode()
    assert edit in page
    page = client_for(other_manager).get(cast.lay_member.get_absolute_url()).content.decode()
    assert edit not in page


def test_the_takeover_is_closed(cast, other_manager, client_for):
    """The business manager of another board tries to point a lay member's account at their
    own mailbox, to reset the password and read the board's confidential papers."""
    client = client_for(other_manager)
    response = client.post(reverse("boards:person_edit", args=[cast.lay_member.pk]),
                           {"full_name": "Irene Walsh", "email": "nina@evil.example"})
    assert response.status_code == 403
    cast.lay_member.refresh_from_db()
    assert cast.lay_member.email == "irene@example.org"


def test_a_business_manager_edits_only_what_the_board_needs(cast, client_for):
    client = client_for(cast.manager)
    form_page = client.get(reverse("boards:person_edit", args=[cast.partner.pk]))
    assert 'name="email"' not in form_page.content.decode()
    response = client.post(reverse("boards:person_edit", args=[cast.partner.pk]), {
        "full_name": "Gareth Doyle QPM", "job_title": "Detective Superintendent",
        "agency": cast.police.pk, "email": "manager@example.org",
        "version": form_page.context["form"]["version"].value(),
    })
    assert response.status_code == 302
    cast.partner.refresh_from_db()
    assert (cast.partner.full_name, cast.partner.job_title, cast.partner.email) == (
        "Gareth Doyle QPM", "Detective Superintendent", "gareth@example.org")


# Day one: the invitation -----------------------------------------------------------------

def test_adding_a_person_invites_them_to_set_a_password_which_verifies_their_address(
        cast, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.manager).post(reverse("boards:person_create"), {
            "full_name": "Sam Ellery", "email": "Sam.Ellery@Example.org",
            "job_title": "Group Manager", "agency": cast.council.pk,
        }, follow=True)
    assert "We have emailed them a link to set a password" in response.content.decode()
    sam = Person.objects.get(email="sam.ellery@example.org")
    assert not sam.has_usable_password()
    [invitation] = mail.outbox
    assert invitation.to == ["sam.ellery@example.org"]
    assert "Priya Nolan has added you" in invitation.body
    assert Notice.objects.filter(kind=signin.INVITATION, recipient=sam).count() == 1
    assert not EmailAddress.objects.get(user=sam).verified

    stranger = Client()
    set_password(stranger, LINK.search(invitation.body).group(0))
    sam.refresh_from_db()
    assert sam.has_usable_password()
    address = EmailAddress.objects.get(user=sam)
    assert (address.email, address.verified, address.primary) == (sam.email, True, True)
    response = stranger.post("/accounts/login/", {"login": sam.email,
                                                  "password": NEW_PASSWORD})
    assert response.status_code == 302

    # The ledger sends the invitation once, however often it is asked.
    assert signin.invitation_send(sam) is False
    assert len(mail.outbox) == 2  # the invitation and allauth's "password changed" notice


def test_an_invitation_link_works_once(cast, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast.manager).post(reverse("boards:person_create"), {
            "full_name": "Sam Ellery", "email": "sam@example.org", "agency": cast.council.pk})
    link = LINK.search(mail.outbox[0].body).group(0)
    set_password(Client(), link)
    response = set_password(Client(), link)
    assert "The password reset link was invalid" in response.content.decode()


# Changing an email address --------------------------------------------------------------

def test_a_superuser_changes_an_address_in_the_admin_which_ends_sessions_and_links(
        cast, admin_user, client_for):
    partner = cast.partner
    their_browser = signed_in(partner)
    old_link = letters.set_password_url(partner)
    admin = client_for(admin_user)
    form = admin.get(reverse("admin:boards_person_change", args=[partner.pk])).context[
        "adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update({"email": "g.doyle@merseyside.police.example", "agency": cast.police.pk,
                 "last_login_0": "", "last_login_1": "",
                 "date_joined_0": "01/01/2017", "date_joined_1": "09:00:00"})
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    response = admin.post(reverse("admin:boards_person_change", args=[partner.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    partner.refresh_from_db()
    assert partner.email == "g.doyle@merseyside.police.example"
    assert list(EmailAddress.objects.filter(user=partner).values_list("email", flat=True)) == [
        "g.doyle@merseyside.police.example"]
    assert not still_signed_in(their_browser)
    response = set_password(Client(), old_link)
    assert "The password reset link was invalid" in response.content.decode()
    # The old address no longer signs in; the new one does, with the same password.
    assert Client().post("/accounts/login/", {"login": "gareth@example.org",
                                              "password": PASSWORD}).status_code == 200
    assert signed_in(partner)


def test_the_service_refuses_an_address_someone_else_uses(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        signin.email_change(person=cast.partner, email="Priya@example.org")
    cast.partner.refresh_from_db()
    assert cast.partner.email == "gareth@example.org"


def test_a_person_changes_their_own_address_by_confirming_it(cast):
    lay = cast.lay_member
    this_browser, other_browser = signed_in(lay), signed_in(lay)
    change = {"action_add": "", "email": "irene.walsh@home.example"}
    # Her current address is not yet confirmed: that comes first.
    this_browser.post(reverse("account_email"), change)
    lay.refresh_from_db()
    assert lay.email == "irene@example.org"
    [confirm_current] = mail.outbox
    assert confirm_current.to == ["irene@example.org"]
    this_browser.post(CONFIRM.search(confirm_current.body).group(0))
    assert EmailAddress.objects.get(user=lay).verified
    mail.outbox.clear()

    # Then the password again (an unattended browser changes nothing).
    response = this_browser.post(reverse("account_email"), change)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not mail.outbox
    this_browser.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    if not mail.outbox:
        this_browser.post(reverse("account_email"), change)
    old_link = letters.set_password_url(lay)
    lay.refresh_from_db()
    assert lay.email == "irene@example.org"  # not until confirmed
    # Making the unconfirmed address the sign-in address is refused.
    this_browser.post(reverse("account_email"),
                      {"action_primary": "", "email": "irene.walsh@home.example"})
    lay.refresh_from_db()
    assert lay.email == "irene@example.org"

    [confirmation] = [m for m in mail.outbox if m.to == ["irene.walsh@home.example"]]
    response = this_browser.post(CONFIRM.search(confirmation.body).group(0))
    assert response.status_code == 302
    lay.refresh_from_db()
    assert lay.email == "irene.walsh@home.example"
    assert list(EmailAddress.objects.filter(user=lay).values_list("email", "verified")) == [
        ("irene.walsh@home.example", True)]
    assert still_signed_in(this_browser)
    assert not still_signed_in(other_browser)
    assert "The password reset link was invalid" in set_password(
        Client(), old_link).content.decode()
    # The old address is told.
    assert any(m.to == ["irene@example.org"] for m in mail.outbox)
