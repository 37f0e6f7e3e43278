"""Send an email at most once per event and recipient, and never lose one.

A notice is claimed by inserting its ledger row (the unique constraint refuses a second) or,
for a row a dead worker left pending, by a conditional UPDATE; only the claimer sends.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Notice, NoticeStatus
from .visibility import may_see

CLAIM_EXPIRES = timedelta(minutes=10)


def _claim(*, kind, key, recipient, subject, reason) -> Notice | None:
    now = timezone.now()
    try:
        with transaction.atomic():
            return Notice.objects.create(
                kind=kind, key=key, recipient=recipient, subject=subject, reason=reason,
                claimed_at=now,
            )
    except IntegrityError:
        pass
    claimed = Notice.objects.filter(
        kind=kind, key=key, recipient=recipient, status=NoticeStatus.PENDING
    ).filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_EXPIRES)).update(
        claimed_at=now
    )
    if claimed != 1:
        return None  # already sent, or another worker is sending it now
    return Notice.objects.get(kind=kind, key=key, recipient=recipient)


def send_once(*, kind, key, recipient, subject, reason, template, context, attachments=(),
              about=None):
    """Returns True if this call sent the email. `about`: the record whose words the email
    carries; it goes only to a recipient who may see it (boards.visibility)."""
    if not recipient.email or not recipient.is_active:
        return False
    if about is not None and not may_see(recipient, about):
        return False
    notice = _claim(kind=kind, key=key, recipient=recipient, subject=subject, reason=reason)
    if notice is None:
        return False
    context = {**context, "recipient": recipient, "reason": reason,
               "site_url": settings.SITE_URL}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[recipient.email],
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()
    Notice.objects.filter(pk=notice.pk).update(status=NoticeStatus.SENT, sent_at=timezone.now())
    return True
