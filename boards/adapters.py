from allauth.account.adapter import DefaultAccountAdapter


class ClosedSignupAccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: a business manager adds people to the directory, and they
    set their password through the emailed reset link."""

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        """Partners land on their agency's actions; business managers and chairs, whose work
        is the boards themselves, on "my boards"."""
        from django.urls import reverse

        from .models import OFFICE_HOLDER_ROLES
        from .rules import current_roles

        user = request.user
        holds_office = any(set(OFFICE_HOLDER_ROLES) & roles
                           for roles in current_roles(user).values())
        if user.agency_id and not holds_office and not user.is_superuser:
            return reverse("actions:mine")
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app, **kwargs):
        """allauth asks for the password again before any change to sign-in security. Not to
        set up a first authenticator app minutes after signing in with the password (the new
        chair's first day: set a password, sign in, set up the app)."""
        if app == "allauth.mfa" and self._just_signed_in_without_an_app():
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def _just_signed_in_without_an_app(self):
        import time

        from allauth.account.authentication import get_authentication_records
        from allauth.mfa.models import Authenticator
        from django.conf import settings

        request = self.request
        if request is None or not request.user.is_authenticated:
            return False
        if Authenticator.objects.filter(user=request.user).exists():
            return False
        timeout = getattr(settings, "ACCOUNT_REAUTHENTICATION_TIMEOUT", 300)
        signed_in = [record["at"] for record in get_authentication_records(request, request.user)
                     if record.get("method") in ("password", "password_reset")]
        return bool(signed_in) and time.time() - signed_in[-1] < timeout


def axes_username(request, credentials=None):
    """django-axes counts failures per email address, however allauth passed it."""
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or credentials.get("login")
        or request.POST.get("login", "")
    )
    return (value or "").strip().lower()
