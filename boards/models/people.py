"""Agencies and people: the shared directory (a person is the user who signs in)."""

import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils.crypto import salted_hmac


class Sector(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    FIRE = "fire", "Fire and rescue"
    VOLUNTARY = "voluntary", "Voluntary, community and faith"
    OTHER = "other", "Other"


# The three statutory safeguarding partners (Children and Social Work Act 2017).
STATUTORY_PARTNER_SECTORS = (Sector.LOCAL_AUTHORITY, Sector.POLICE, Sector.HEALTH)


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Moves on at each save from a form, so a save opened at an older version is refused.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boards:agency_detail", args=[self.pk])


class PersonManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("A person needs an email address")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save(using=self._db)
        return person

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class Person(AbstractUser):
    """Someone who sits on or attends boards. Signs in with their email address.

    A person belongs to one agency and may sit on several boards with a different role on each.
    People who never sign in (a guest presenter, say) simply have no usable password.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    # Secret part of the personal calendar feed URL: calendar apps cannot sign in.
    calendar_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Moves on at each save from a form, so a save opened at an older version is refused.
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = PersonManager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_absolute_url(self):
        return reverse("boards:person_detail", args=[self.pk])

    def _get_session_auth_hash(self, secret=None):
        """Sessions are bound to the password and the email address: changing either ends the
        person's sessions elsewhere (Django's own hash covers the password only)."""
        return salted_hmac(
            "boards.Person.get_session_auth_hash", f"{self.password}|{self.email.lower()}",
            secret=secret, algorithm="sha256",
        ).hexdigest()


