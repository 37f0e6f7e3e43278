"""Agency API tokens: an agency's own system acting as one named person of it."""


from django.db import models

from boards.models import Agency, Person


class AgencyToken(models.Model):
    """A per-agency API token: an agency's own system reads its actions and posts progress
    updates as the person who holds the token, under the same rules as the browser."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="api_tokens")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="api_tokens",
                               help_text="Updates posted with the token are signed by them.")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.agency}: {self.name}"


