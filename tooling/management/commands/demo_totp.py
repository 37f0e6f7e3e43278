"""Print the current authenticator codes of the demo business manager and chair.

The demo keeps MFA required for office holders, as in production. Rather than make someone
trying the demo install an app, load_demo gives those two accounts a known TOTP secret and
this prints the code of the moment (also printable with `make totp`)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand, CommandError

from tooling.demo.people import DOMAIN


class Command(BaseCommand):
    help = "Print the current authenticator codes of the demo accounts that need one."

    def handle(self, *args, **options):
        authenticators = Authenticator.objects.filter(
            type=Authenticator.Type.TOTP, user__email__endswith=f"@{DOMAIN}"
        ).select_related("user")
        if not authenticators:
            raise CommandError("No demo authenticators: run `python manage.py load_demo` first.")
        counter = next(yield_hotp_counters_from_time())
        for authenticator in authenticators:
            secret = decrypt(authenticator.data["secret"])
            code = format_hotp_value(hotp_value(secret, counter))
            self.stdout.write(f"{authenticator.user.email}: {code}")
