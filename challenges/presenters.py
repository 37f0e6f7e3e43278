"""What the chair's review shows of each challenge, worked out once per challenge.

The review lists every open challenge of the board, many of them again under "responses
overdue", "awaiting your review" and "escalations": 1,250 rows for a large board. Through the
template's filters, includes and autoescaping that was most of a second per page at national
scale (docs/benchmarks.md). Here each value is worked out once per challenge, by the same
filters and escaped as autoescaping would, so the template only places it: the page is the same.
The rules themselves (overdue, age, who was challenged) stay on the model.
"""

from django.template.defaultfilters import truncatewords
from django.template.loader import render_to_string

from safeguard.lib.presenters import Days, PathsById, escaped

from .models import challenged_agency_names


class _StatusTags(dict):
    """challenges/_status_tag.html, rendered once per status and overdue flag."""

    def __call__(self, challenge, overdue, with_overdue=False):
        key = (challenge.status, with_overdue and overdue)
        if key not in self:
            self[key] = render_to_string("challenges/_status_tag.html", {
                "challenge": challenge, "with_overdue": with_overdue})
        return self[key]


def for_review(challenges, today):
    """Give each challenge a `review`: what the chair's review shows of it on `today`."""
    status_tag, day = _StatusTags(), Days("j M Y")
    path = PathsById("challenges:detail")
    agency_names = challenged_agency_names(challenges)
    for challenge in challenges:
        level, overdue = challenge.current_level, challenge.response_overdue_on(today)
        addressed_to = challenge.addressed_to(agency_names.get(challenge.pk, ()))
        challenge.review = {
            "url": escaped(path(challenge.pk)),
            "question": escaped(truncatewords(challenge.question, 30)),
            "is_confidential": challenge.is_confidential,
            "addressed_to": escaped(addressed_to or "Not recorded"),
            "raised_on": day(challenge.raised_on),
            "age_days": escaped(challenge.age_on(today)),
            "response_due_on": day(challenge.response_due_on) or "Not set",
            "response_overdue": overdue,
            "status_changed_at": day(challenge.status_changed_at),
            "closed_at": day(challenge.closed_at),
            "level": escaped(f"Level {level.level}: {level.title}") if level else "",
            "status_tag": status_tag(challenge, overdue),
            "status_tag_with_overdue": status_tag(challenge, overdue, with_overdue=True),
        }
    return challenges
