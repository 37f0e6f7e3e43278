import logging

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

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
    """Business managers and chairs must set up an authenticator app before anything else
    (Cyber Essentials asks MFA of every user of a cloud service; we offer it to everyone and
    require it of those who can change the record)."""

    allowed_prefixes = ("/accounts/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.MFA_REQUIRED_FOR_OFFICE_HOLDERS
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and self._holds_office(user)
            and not Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            return redirect(f"{reverse('mfa_activate_totp')}?required=1")
        return self.get_response(request)

    @staticmethod
    def _holds_office(user):
        if user.is_superuser:
            return True
        return any(set(OFFICE_HOLDER_ROLES) & roles for roles in current_roles(user).values())
