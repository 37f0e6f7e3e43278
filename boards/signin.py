"""A person's sign-in identity: adding someone to the directory (with an invitation to set a
password), changing an email address, and what follows from either.

The email address is how a person signs in and where password-reset links go, so nobody but
the person (through allauth's "change email", which verifies the new address) or a superuser
(in the admin) changes it. Changing it ends the person's other sessions (the session hash
covers the address: boards.models.Person._get_session_auth_hash) and every outstanding
set-password link (allauth's token covers every address of the person).
"""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction

from . import history, letters
from .models import Person

INVITATION = letters.INVITATION


@transaction.atomic
def person_add(*, added_by, full_name, email, job_title="", agency=None) -> Person:
    """A new person in the directory. They have no password until they follow the invitation
    sent to their address (once the person is saved), which also proves the address is theirs."""
    person = Person(full_name=full_name, email=email.strip().lower(), job_title=job_title,
                    agency=agency)
    person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)
    history.record(person, by=added_by, event="Added", changes=history.created(
        person, ["full_name", "email", "job_title", "agency"]))
    letters.queue_invitation(person, added_by=added_by)
    return person


def invitation_send(person, *, added_by=None) -> bool:
    """The invitation to a new person: a link to set a password. Queued once per person;
    returns whether it was new."""
    return bool(letters.queue_invitation(person, added_by=added_by))


def current_address(person) -> EmailAddress:
    """The allauth record of the address the person signs in with, as the primary one (allauth
    makes a missing one on the fly, but not as primary)."""
    address, _ = EmailAddress.objects.get_or_create(
        user=person, email__iexact=person.email, defaults={"email": person.email},
    )
    if not address.primary and not EmailAddress.objects.filter(user=person, primary=True).exists():
        address.primary = True
        address.save(update_fields=["primary"])
    return address


def address_verified_by_password_reset(person) -> None:
    """Following a set-password link proves the person reads mail at their address. Not while
    they are changing it: the link may then have gone to the new, unconfirmed address."""
    addresses = EmailAddress.objects.filter(user=person)
    if addresses.exclude(email__iexact=person.email).exists():
        return
    EmailAddress.objects.update_or_create(
        user=person, email__iexact=person.email,
        defaults={"email": person.email, "verified": True, "primary": True},
    )


@transaction.atomic
def email_change(*, person, email, by=None, was=None) -> Person:
    """A superuser's correction of someone's address (the person changes their own through
    allauth, which verifies it). The new address is unverified until the person follows a
    link sent to it; the old one no longer signs in or receives reset links."""
    email = email.strip().lower()
    taken = (Person.objects.filter(email__iexact=email).exclude(pk=person.pk).exists()
             or EmailAddress.objects.filter(email__iexact=email).exclude(user=person).exists())
    if taken:
        raise ValidationError({"email": "Someone else already signs in with that email address."})
    was = was or person.email  # the admin saves the new address first and passes the old
    person.email = email
    person.save(update_fields=["email"])
    if was != email:
        history.record(person, by=by, event="Email address changed",
                       changes={"email": [was, email]})
    EmailAddress.objects.filter(user=person).exclude(email__iexact=email).delete()
    address, _ = EmailAddress.objects.get_or_create(
        user=person, email__iexact=email, defaults={"email": email, "verified": False},
    )
    if not address.primary:
        address.primary = True
        address.save(update_fields=["primary"])
    return person
