import logging
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .models import OFFICE_HOLDER_ROLES
from .rules import current_roles

security_log = logging.getLogger("safeguard.security")


class LogRefusedAccessMiddleware:
    """Every refused request (403, and 404 from a lookup scoped to the person) is logged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (401, 403, 404):
            user = getattr(request, "user", None)
            security_log.warning(
                "refused-access status=%s user=%s method=%s path=%s ip=%s",
                response.status_code,
                user.pk if user is not None and user.is_authenticated else "anonymous",
                request.method, request.path, request.META.get("REMOTE_ADDR", "-"),
            )
        return response


class RequireMFAForOfficeHoldersMiddleware:
    """Business managers, chairs and superusers (and staff) reach no page, the admin included,
    until they have passed the second factor in this session (Cyber Essentials asks MFA of every
    user of a cloud service; we offer it to everyone and require it of those who can change the
    record). Someone without an authenticator app is sent to set one up; someone with one, whose
    session somehow began with a password alone, is asked for a code.

    Only a page (a browser's navigation) is redirected: a favicon, a static file, an htmx or
    script request is never sent to the set-up page, whose visit would otherwise start a new
    secret behind the person's back; it is refused (403) instead, or, for the files every
    browser asks for, let through.
    """

    open_paths = ("/static/", "/healthz", "/favicon.ico", "/robots.txt", "/apple-touch-icon")
    # Pages needed on the way to the second factor.
    setting_up = {"mfa_activate_totp", "account_reauthenticate", "mfa_index",
                  "account_email", "account_confirm_email", "account_logout"}
    asking_for_code = {"mfa_reauthenticate", "account_logout"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            not settings.MFA_REQUIRED_FOR_OFFICE_HOLDERS
            or user is None
            or not user.is_authenticated
            or request.path.startswith(self.open_paths)
            or passed_second_factor(request, user)
            or not must_use_second_factor(user)
        ):
            return self.get_response(request)
        has_app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        allowed = self.asking_for_code if has_app else self.setting_up
        if _url_name(request) in allowed:
            return self.get_response(request)
        if not _is_page_request(request):
            return HttpResponseForbidden("Finish signing in (the authenticator app) first.",
                                         content_type="text/plain")
        if has_app:
            next_page = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{next_page}")
        return redirect(f"{reverse('mfa_activate_totp')}?required=1")


def must_use_second_factor(user):
    if user.is_superuser or user.is_staff:
        return True
    return any(set(OFFICE_HOLDER_ROLES) & roles for roles in current_roles(user).values())


def passed_second_factor(request, user):
    """allauth records each step of signing in in the session; an "mfa" one is a code from the
    app (or a recovery code) entered in this session, at sign-in, on re-authenticating or on
    setting the app up (boards/views/signin.py)."""
    return any(record.get("method") == "mfa"
               for record in get_authentication_records(request, user))


def _url_name(request):
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


def _is_page_request(request):
    """A browser's navigation to a page: a GET or HEAD the browser says is for a document
    (Sec-Fetch-Dest), or, from a client that does not say, one that accepts HTML."""
    if request.method not in ("GET", "HEAD") or request.headers.get("HX-Request"):
        return False
    destination = request.headers.get("Sec-Fetch-Dest")
    if destination:
        return destination == "document"
    accept = request.headers.get("Accept")
    return not accept or "text/html" in accept
