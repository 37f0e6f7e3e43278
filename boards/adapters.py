from allauth.account.adapter import DefaultAccountAdapter


class ClosedSignupAccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: a business manager adds people to the directory, and they
    set their password through the emailed reset link."""

    def is_open_for_signup(self, request):
        return False


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
