"""Sign-in by email address; MFA required of business managers and chairs and offered to
everyone; repeated failures slowed, then locked; sign-ins and refusals logged."""

import logging
import re

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.urls import reverse

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def current_code(secret):
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_a_partner_signs_in_with_their_email_address(cast, client, caplog):
    with caplog.at_level(logging.INFO, logger="safeguard.security"):
        response = sign_in(client, "Gareth@Example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:mine")  # a partner lands on their actions
    assert f"sign-in user={cast.partner.pk}" in caplog.text
    assert "Gareth Doyle" in client.get(reverse("boards:home")).content.decode()


def test_a_wrong_password_is_refused_and_logged(cast, client, caplog):
    with caplog.at_level(logging.INFO, logger="safeguard.security"):
        response = sign_in(client, cast.partner.email, "wrong-password")
    assert response.status_code == 200
    assert "failed-sign-in login=gareth@example.org" in caplog.text
    assert client.get(reverse("boards:home")).status_code == 302  # still signed out


def test_refused_access_is_logged(cast, client_for, caplog):
    with caplog.at_level(logging.WARNING, logger="safeguard.security"):
        client_for(cast.outsider).get(reverse("boards:board_detail", args=[cast.board.pk]))
        client_for(cast.partner).get(reverse("boards:board_edit", args=[cast.board.pk]))
    assert (f"refused-access status=404 user={cast.outsider.pk} method=GET "
            f"path=/boards/{cast.board.pk}/") in caplog.text
    assert f"refused-access status=403 user={cast.partner.pk}" in caplog.text


def test_repeated_failures_are_slowed_then_locked(cast, client):
    for _ in range(5):
        sign_in(client, cast.partner.email, "wrong-password")
    # Slowed: even the right password must wait.
    slowed = sign_in(client, cast.partner.email)
    assert slowed.status_code in (200, 429)
    assert client.get(reverse("boards:home")).status_code == 302
    assert "Too many failed" in slowed.content.decode()

    cache.clear()  # the five minutes of slowing pass, and the attacker carries on
    for _ in range(5):
        sign_in(client, cast.partner.email, "wrong-password")
    cache.clear()
    locked = sign_in(client, cast.partner.email)
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    assert client.get(reverse("boards:home")).status_code == 302


@pytest.mark.enforce_mfa
def test_business_managers_and_chairs_must_set_up_an_authenticator_app(cast, client_for):
    for office_holder in (cast.manager, cast.chair):
        response = client_for(office_holder).get(reverse("boards:home"))
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp") + "?required=1"
    # Everyone else is offered it but may go on.
    assert client_for(cast.partner).get(reverse("boards:home")).status_code == 200


@pytest.mark.enforce_mfa
def test_a_business_manager_just_signed_in_is_taken_to_set_up_the_app(cast, client):
    response = sign_in(client, cast.manager.email)
    response = client.get(response["Location"], follow=True)
    chain = [url for url, _ in response.redirect_chain]
    assert chain == [reverse("mfa_activate_totp") + "?required=1"]
    # Minutes after signing in with the password, allauth does not ask for it again.
    assert response.status_code == 200
    assert "Set up an authenticator app" in response.content.decode()


@pytest.mark.enforce_mfa
def test_later_the_password_is_asked_again_before_setting_up_the_app(cast, client):
    sign_in(client, cast.manager.email)
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 600  # signed in ten minutes ago
    session.save()
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))


@pytest.mark.enforce_mfa
def test_a_chair_with_an_authenticator_signs_in_with_a_code(cast, client):
    secret = generate_totp_secret()
    TOTP.activate(cast.chair, secret)
    response = sign_in(client, cast.chair.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("boards:home")).status_code == 302  # not yet

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("boards:home")).status_code == 200


def test_nobody_can_sign_themselves_up(client):
    response = client.post("/accounts/signup/", {
        "email": "intruder@example.org", "password1": "a-long-password-1", "password2":
        "a-long-password-1",
    })
    from boards.models import Person

    assert not Person.objects.filter(email="intruder@example.org").exists()
    assert response.status_code in (200, 302, 403)


# MFA means MFA: in this session, for office holders and superusers, the admin included. ------

def test_the_admin_sign_in_page_sends_everyone_through_allauth(cast, client, admin_user):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2F"
    # A password posted to the admin's own form signs nobody in.
    client.post("/admin/login/?next=/admin/", {"username": admin_user.email,
                                                "password": "password"})
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.enforce_mfa
def test_a_superuser_with_a_password_alone_reaches_no_page_until_they_enter_a_code(
        admin_user, client):
    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)
    admin_user.set_password(PASSWORD)
    admin_user.save()
    # However the session began with a password alone (an old session, the admin's form).
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    for page in ("/admin/", reverse("boards:home"), reverse("boards:person_list")):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.get("/admin/", follow=True)
    assert response.request["PATH_INFO"] == reverse("mfa_reauthenticate")
    response = client.post(response.request["PATH_INFO"] + "?next=/admin/",
                           {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.enforce_mfa
def test_a_superuser_without_an_app_sets_one_up_before_the_admin(admin_user, client):
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/admin/")
    assert response["Location"] == reverse("mfa_activate_totp") + "?required=1"


@pytest.mark.enforce_mfa
def test_a_chair_whose_code_was_not_asked_for_is_asked_now(cast, client_for):
    TOTP.activate(cast.chair, generate_totp_secret())
    response = client_for(cast.chair).get(reverse("boards:home"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    # A partner member is not asked (they are offered the app, not required to use it).
    TOTP.activate(cast.partner, generate_totp_secret())
    assert client_for(cast.partner).get(reverse("boards:home")).status_code == 200


@pytest.mark.enforce_mfa
def test_requests_that_are_not_pages_never_go_to_the_set_up_page(cast, client_for):
    client = client_for(cast.chair)
    setup = reverse("mfa_activate_totp") + "?required=1"
    favicon = client.get("/favicon.ico", HTTP_SEC_FETCH_DEST="image",
                         HTTP_ACCEPT="image/avif,image/webp,image/*,*/*;q=0.8")
    assert favicon.status_code == 404
    home = reverse("boards:home")
    for response in (
        client.get(home, HTTP_SEC_FETCH_DEST="image"),
        client.get(home, HTTP_ACCEPT="application/json"),
        client.get(home, HTTP_HX_REQUEST="true"),
        client.post(reverse("boards:person_create"), {"full_name": "X"}),
    ):
        assert response.status_code == 403
    page = client.get(home, HTTP_SEC_FETCH_DEST="document",
                      HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert page["Location"] == setup


@pytest.mark.enforce_mfa
def test_the_set_up_page_keeps_its_secret_and_setting_up_is_the_second_factor(cast, client):
    sign_in(client, cast.chair.email)
    first = client.get(reverse("mfa_activate_totp"))
    assert first.status_code == 200
    client.get("/favicon.ico", HTTP_SEC_FETCH_DEST="image")
    second = client.get(reverse("mfa_activate_totp") + "?required=1")
    secret = first.context["form"].secret
    assert second.context["form"].secret == secret
    assert secret in second.content.decode()

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("boards:home")
    home = client.get(reverse("boards:home"))
    assert home.status_code == 200
    assert "Your authenticator app is set up" in home.content.decode()


@pytest.mark.enforce_mfa
def test_a_chair_added_before_invitations_confirms_their_address_then_sets_up_the_app(
        cast, client):
    from allauth.account.models import EmailAddress
    from django.core import mail

    EmailAddress.objects.create(user=cast.chair, email=cast.chair.email, primary=True,
                                verified=False)
    sign_in(client, cast.chair.email)
    page = client.get(reverse("boards:home"), follow=True)
    assert "Confirm your email address" in page.content.decode()
    response = client.post(reverse("account_email"),
                           {"action_send": "", "email": cast.chair.email})
    assert response.status_code == 302
    [message] = mail.outbox
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", message.body).group(1)
    client.post(link)
    assert EmailAddress.objects.get(user=cast.chair).verified
    page = client.get(reverse("mfa_activate_totp"))
    assert "QR code for your authenticator app" in page.content.decode()
