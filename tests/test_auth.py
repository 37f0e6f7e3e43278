"""Sign-in by email address; MFA required of business managers and chairs and offered to
everyone; repeated failures slowed, then locked; sign-ins and refusals logged."""

import logging

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
    # allauth asks for the password once more before any change to sign-in security.
    chain = [url for url, _ in response.redirect_chain]
    assert chain[0] == reverse("mfa_activate_totp") + "?required=1"
    assert response.status_code == 200
    response = client.post(response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"],
                           {"password": PASSWORD}, follow=True)
    assert response.request["PATH_INFO"] == reverse("mfa_activate_totp")
    assert "authenticator" in response.content.decode().lower()


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
