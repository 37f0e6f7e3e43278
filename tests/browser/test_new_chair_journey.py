"""A new chair's first day, end to end in chromium (which asks for /favicon.ico by itself, as
every browser does): the business manager signs in with their authenticator app and adds the
chair → the invitation email's link → set a password (which confirms the address) → sign in →
set up the authenticator app from the secret on the page → the chair's home page. Chromium asks
for the favicon once per browser run, so the chair's browser is restarted (session kept) to
have it asked while she is signed in: neither that nor a second look at the page changes the
secret shown. axe-core checks every page on the way."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.cache import cache
from django.core.signals import request_started
from playwright.sync_api import expect

from boards.models import Membership, Person, Role

from ..factories import PASSWORD
from .conftest import Axe
from .pages import banner, heading, sign_in, summary_row

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.enforce_mfa]

CHAIR_PASSWORD = "Oxton-lighthouse-1897"  # noqa: S105
LINK = re.compile(r"https?://\S+/accounts/password/reset/key/\S+/")


def code_for(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_a_new_chair_is_invited_sets_a_password_and_sets_up_the_app(
        cast, browser_type, browser_type_launch_args, page, live_server, axe):
    cache.clear()  # allauth's rate limits, kept in the cache between tests
    asked = []  # what the server was asked for, the browser's own requests included

    def record(sender, environ, **kwargs):
        asked.append(environ["PATH_INFO"])

    request_started.connect(record)

    # The business manager, who already has the app, signs in and adds the new chair.
    manager_secret = generate_totp_secret()
    TOTP.activate(cast.manager, manager_secret)
    page.goto(f"{live_server.url}/accounts/login/")
    axe.check()
    page.get_by_label("Email").fill(cast.manager.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(code_for(manager_secret))
    axe.check()
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("My boards")

    page.goto(f"{live_server.url}/people/")
    page.get_by_role("button", name="Add a person").click()
    expect(heading(page)).to_have_text("Add a person")
    axe.check()
    page.get_by_label("Full name").fill("Dr Anne Sefton")
    page.get_by_label("Email address").fill("Anne.Sefton@Example.org")
    page.get_by_label("Job title").fill("Independent chair")
    page.get_by_role("button", name="Save").click()
    expect(banner(page)).to_contain_text("We have emailed them a link to set a password")
    axe.check()
    chair = Person.objects.get(email="anne.sefton@example.org")
    Membership.objects.create(person=chair, board=cast.board, role=Role.INDEPENDENT_CHAIR,
                              starts_on=cast.board.memberships.first().starts_on)
    page.get_by_role("button", name="Sign out").click()

    # The chair, at her own computer, opens the invitation.
    chair_browser = browser_type.launch(**browser_type_launch_args).new_context()
    page = chair_browser.new_page()
    checked = Axe(page, live_server.url)
    [invitation] = [m for m in mail.outbox if m.to == ["anne.sefton@example.org"]]
    path = re.sub(r"^https?://[^/]+", "", LINK.search(invitation.body).group(0))
    page.goto(f"{live_server.url}{path}")
    expect(heading(page)).to_have_text("Change Password")
    checked.check()
    page.get_by_label("New Password", exact=True).fill(CHAIR_PASSWORD)
    page.get_by_label("New Password (again)", exact=True).fill(CHAIR_PASSWORD)
    page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_text(re.compile("password is now changed", re.I))).to_be_visible()
    checked.check()
    assert EmailAddress.objects.get(user=chair).verified

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("anne.sefton@example.org")
    page.get_by_label("Password").fill(CHAIR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Straight to setting up the app: the QR code and the secret to type instead.
    expect(heading(page)).to_have_text("Set up an authenticator app")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    checked.check()
    secret = page.get_by_label("Authenticator secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)

    # She closes the browser and opens it again, which keeps her session (as browsers that
    # restore their tabs do). Chromium asks for /favicon.ico by itself on the first page it
    # loads, signed in this time: that must not be sent to the set-up page nor start a new
    # secret, and the page shows the secret her app already has.
    restarted = browser_type.launch(**browser_type_launch_args)
    page = restarted.new_context(storage_state=chair_browser.storage_state()).new_page()
    checked.page = page
    asked.clear()
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    expect(heading(page)).to_have_text("Set up an authenticator app")
    page.wait_for_timeout(500)
    assert "/favicon.ico" in asked, "chromium asked for no favicon"
    assert asked.count("/accounts/2fa/totp/activate/") == 1  # the favicon was not sent there
    checked.check()
    assert page.get_by_label("Authenticator secret").input_value() == secret

    page.get_by_label("Authenticator code").fill(code_for(secret))
    page.get_by_role("button", name="Activate").click()
    expect(heading(page)).to_have_text("My boards")
    expect(banner(page).first).to_contain_text("Your authenticator app is set up")
    expect(page.get_by_role("link", name="Wirral Improvement Board").first).to_be_visible()
    checked.check()
    assert Authenticator.objects.filter(user=chair, type=Authenticator.Type.TOTP).exists()
    request_started.disconnect(record)
    chair_browser.browser.close()
    restarted.close()

    # Every page each browser went to was checked.
    assert (len(axe.checked), len(checked.checked)) == (4, 5)


def test_a_member_changes_their_own_address_by_confirming_it(cast, page, live_server, axe):
    """Only the person changes the address they sign in with: their own page → the email
    page → their password again → a link to the new address → confirmed."""
    cache.clear()  # allauth's rate limit: one confirmation to an address in three minutes
    lay = cast.lay_member
    EmailAddress.objects.create(user=lay, email=lay.email, primary=True, verified=True)
    sign_in(page, live_server, lay, "My boards")
    page.goto(f"{live_server.url}{lay.get_absolute_url()}")
    page.get_by_role("link", name="change your email address").click()
    expect(heading(page)).to_have_text("Email Address")
    axe.check()
    page.get_by_label("Change to").fill("irene.walsh@home.example")
    page.get_by_role("button", name="Change Email").click()
    expect(heading(page)).to_contain_text("Confirm")
    axe.check()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("pending verification")).to_be_visible()
    axe.check()
    lay.refresh_from_db()
    assert lay.email == "irene@example.org"

    [confirmation] = [m for m in mail.outbox if m.to == ["irene.walsh@home.example"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", confirmation.body).group(0)
    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    axe.check()
    page.get_by_role("button", name="Confirm").click()
    expect(banner(page).first).to_contain_text("You have confirmed irene.walsh@home.example")
    axe.check()
    lay.refresh_from_db()
    assert lay.email == "irene.walsh@home.example"
    page.goto(f"{live_server.url}{lay.get_absolute_url()}")
    expect(summary_row(page, "Email")).to_contain_text("irene.walsh@home.example")


def test_a_chair_added_before_invitations_is_offered_a_link_to_confirm_their_address(
        cast, page, live_server, axe):
    cache.clear()
    EmailAddress.objects.create(user=cast.chair, email=cast.chair.email, primary=True,
                                verified=False)
    sign_in(page, live_server, cast.chair, "Confirm your email address")
    axe.check()
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_text("Confirmation email sent to helen@example.org")).to_be_visible()
    axe.check()
    assert [m.to for m in mail.outbox] == [["helen@example.org"]]
