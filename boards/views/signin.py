"""allauth's sign-in security pages, with the changes the office needs.

- Setting up the authenticator app keeps showing the same secret until it is activated (allauth
  makes a new one on every GET, so a second look at the page, or a stray redirect to it, made
  the QR code already scanned useless), counts as the second factor for this session, and
  lands the person on their home page.
- Changing one's own email address: the new address becomes the sign-in address only once
  confirmed from a link sent to it (allauth would let an unverified address be made primary
  when the current one is unverified too).
"""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.account.views import EmailView
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.totp.internal.auth import get_totp_secret
from allauth.mfa.totp.views import ActivateTOTPView
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from .. import signin


class ActivateAuthenticatorForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        self.user = kwargs.pop("user")
        forms.Form.__init__(self, *args, **kwargs)
        # The secret in the session until activation: the one the person's app already has.
        self.secret = get_totp_secret(regenerate=False)


class ActivateAuthenticatorView(ActivateTOTPView):
    form_class = ActivateAuthenticatorForm

    def dispatch(self, request, *args, **kwargs):
        # allauth sets up no app while the person has an unconfirmed address, and says so with
        # no way to confirm it: offer one.
        unconfirmed = (EmailAddress.objects.filter(user_id=request.user.pk, verified=False)
                       .order_by("-primary").first())
        has_app = Authenticator.objects.filter(user_id=request.user.pk,
                                               type=Authenticator.Type.TOTP).exists()
        if unconfirmed is not None and not has_app and not mfa_settings.ALLOW_UNVERIFIED_EMAIL:
            return render(request, "mfa/totp/confirm_address_first.html",
                          {"email": unconfirmed.email})
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return self.form_class

    def form_valid(self, form):
        response = super().form_valid(form)
        # Entering a code from the app just now is the second factor, in this session.
        authenticator = Authenticator.objects.get(user=self.request.user,
                                                  type=Authenticator.Type.TOTP)
        record_authentication(self.request, self.request.user, "mfa",
                              id=authenticator.pk, type=authenticator.type)
        return response

    def get_success_url(self):
        if self.did_generate_recovery_codes:
            messages.info(self.request, "Your authenticator app is set up. Keep your recovery "
                                        "codes somewhere safe: they are under “Sign-in "
                                        "security”.")
        return get_account_adapter(self.request).get_login_redirect_url(self.request)


activate_authenticator = ActivateAuthenticatorView.as_view()


class ChangeEmailView(EmailView):
    # The person's current address is made their primary record inside get and post, which
    # run after allauth's rate limit: a refused request (429) changes nothing.
    def get(self, request, *args, **kwargs):
        signin.current_address(request.user)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        current = signin.current_address(request.user)
        if "action_add" in request.POST:
            if not current.verified:
                # allauth takes any unconfirmed address for the one being changed to: the
                # current one must be confirmed before another is added.
                current.send_confirmation(request)
                messages.error(request, f"First confirm your current address: we have sent "
                                        f"a link to {current.email}.")
                return redirect("account_email")
        return super().post(request, *args, **kwargs)

    def _action_primary(self, request, *args, **kwargs):
        address = self._get_email_address(request)
        if address is not None and not address.verified:
            messages.error(request, "Confirm the new address from the link we sent to it first.")
            return None
        return super()._action_primary(request, *args, **kwargs)


change_email = ChangeEmailView.as_view()
