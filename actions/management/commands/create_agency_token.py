"""Issue an API token for an agency, acting as one of its officers. The key is printed once:
only its SHA-256 is kept, so a lost key means a new token (and revoking the old one)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from actions.authentication import issue_token
from boards.models import Agency, Person


class Command(BaseCommand):
    help = "Create an agency API token; prints the key once."

    def add_arguments(self, parser):
        parser.add_argument("--agency-id", type=int, required=True)
        parser.add_argument("--person-email", required=True,
                            help="The officer the token acts as: updates are signed by them.")
        parser.add_argument("--name", required=True, help='What it is for, e.g. "Niche RMS".')

    def handle(self, *args, agency_id, person_email, name, **options):
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None:
            raise CommandError(f"No agency with id {agency_id}.")
        person = Person.objects.filter(email__iexact=person_email.strip()).first()
        if person is None:
            raise CommandError(f"No person with email {person_email}.")
        try:
            token, raw_key = issue_token(agency=agency, person=person, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(f"Token {token.pk} for {agency}, acting as {person}. "
                          "Keep the key now: it cannot be shown again.")
        self.stdout.write(raw_key)
