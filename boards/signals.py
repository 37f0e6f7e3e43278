"""Security log: every sign-in, failed sign-in and lock-out is written to the
`safeguard.security` logger (django-axes also keeps them in its AccessAttempt/AccessLog
tables). Refused access is logged by boards.middleware.LogRefusedAccessMiddleware."""

import logging

from allauth.account.signals import email_changed, password_reset
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

security_log = logging.getLogger("safeguard.security")


def _ip(request):
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    security_log.info("sign-in user=%s ip=%s", user.pk, _ip(request))


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs):
    security_log.info("sign-out user=%s ip=%s", getattr(user, "pk", "-"), _ip(request))


@receiver(user_login_failed)
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    login = credentials.get("email") or credentials.get("username") or "-"
    security_log.warning("failed-sign-in login=%s ip=%s", login, _ip(request))


@receiver(password_reset)
def verify_address_on_password_reset(sender, request, user, **kwargs):
    from .signin import address_verified_by_password_reset

    address_verified_by_password_reset(user)


@receiver(email_changed)
def keep_this_session_on_email_change(sender, request, user, to_email_address, **kwargs):
    """The new address ends the person's sessions elsewhere, not the one that changed it."""
    if request is not None and getattr(request.user, "pk", None) == user.pk:
        update_session_auth_hash(request, to_email_address.user)
    security_log.info("email-changed user=%s ip=%s", user.pk, _ip(request))
