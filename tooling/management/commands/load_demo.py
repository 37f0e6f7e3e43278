"""`manage.py load_demo`: realistic demo data drawn from the papers in /work/shared/seeds/
(tooling.demo). Runs once: if the demo chair already exists it says so and stops."""

from django.core.management.base import BaseCommand

from actions.models import Action
from boards.models import Agency, AgendaItem, Board, Meeting, Membership, Person
from challenges.models import Challenge
from performance.models import IndicatorValue
from tooling import demo
from tooling.demo.people import DEMO_PASSWORD, SIGN_INS, email


class Command(BaseCommand):
    help = "Load realistic demo data (fictional people) drawn from the seed board papers."

    def handle(self, *args, **options):
        if demo.is_loaded():
            self.stdout.write("Demo data already loaded")
        else:
            demo.load()
            for model in (Agency, Person, Board, Membership, Meeting, AgendaItem, Action,
                          Challenge, IndicatorValue):
                name = model._meta.verbose_name_plural.capitalize()
                self.stdout.write(f"{name:<18}{model.objects.count()}")
        self.stdout.write(f"\n{'Sign in as':<36}{'Password':<20}What they can do")
        for key, can in SIGN_INS.items():
            self.stdout.write(f"{email(key):<36}{DEMO_PASSWORD:<20}{can}")
        self.stdout.write(
            f"\nThe chair and the business manager are asked for an authenticator code: add the "
            f"secret {demo.DEMO_TOTP_SECRET} to any authenticator app, or run `make totp` in "
            f"another terminal for the current codes."
        )
