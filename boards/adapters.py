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
