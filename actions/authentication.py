"""API authentication: per-agency tokens. Only the SHA-256 of a key is stored; the key itself
is shown once, when the token is issued. Kept apart from the API views because DRF reads
DEFAULT_AUTHENTICATION_CLASSES as soon as its views are imported."""

import hashlib
import secrets

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import AgencyToken


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(*, agency, person, name) -> tuple[AgencyToken, str]:
    """A new token for `person` of `agency`: returns it with the raw key, which is not kept."""
    if person.agency_id != agency.pk:
        raise DjangoValidationError(f"{person} is not an officer of {agency}.")
    raw_key = secrets.token_urlsafe(32)
    token = AgencyToken(agency=agency, person=person, name=name, key_hash=_digest(raw_key))
    token.full_clean()
    token.save()
    return token, raw_key


class AgencyTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`. Unknown and revoked keys, inactive people and people who
    have left the token's agency get 401."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        token = (
            AgencyToken.objects.select_related("person", "agency")
            .filter(key_hash=_digest(key), revoked_at__isnull=True, person__is_active=True,
                    person__agency_id=F("agency_id"))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return token.person, token
