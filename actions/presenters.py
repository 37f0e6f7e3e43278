"""What a tracker's rows and the cards of "my agency's actions" show of each action, worked out
once per row.

A tracker page is 50 rows of ten cells, each with filters, a link by reverse() and two partial
templates; through the template that was most of the page's Python time. Here each value is
worked out by the same filters and escaped as autoescaping would, and each partial (the status
tag, the RAG tag) is rendered once per distinct status or rating on the page, so the template
only places them: the page is the same. The rules (RAG, overdue) stay on the model.
"""

from django.template.defaultfilters import truncatewords
from django.template.loader import render_to_string

from safeguard.lib.presenters import Days, PathsById, escaped

from .models import ActionStatus


class _Partials(dict):
    """A partial template of one action, rendered once per distinct key."""

    def __init__(self, template, **context):
        super().__init__()
        self.template, self.context = template, context

    def __call__(self, key, action):
        if key not in self:
            self[key] = render_to_string(self.template, {**self.context, "action": action})
        return self[key]


def tracker_rows(rows):
    """Give each of a tracker's rows ({"action", "can_update", "form"}) what it shows."""
    day, path = Days("j M Y"), PathsById("actions:detail")
    status_tag = _Partials("includes/action_status_tag.html")
    rag_tag = _Partials("actions/_rag.html")
    for row in rows:
        action = row["action"]
        update, overdue = action.latest_update, action.is_overdue
        row["shown"] = {
            "updatable": row["can_update"] and action.status not in (
                ActionStatus.CLOSED, ActionStatus.WITHDRAWN),
            "number": escaped(action.number or ""),
            "area": escaped(action.area) if action.area else "",
            "url": escaped(path(action.pk)),
            "description": escaped(truncatewords(action.description, 30)),
            "is_confidential": action.is_confidential,
            "lead": escaped(action.lead_person),
            "delegate": escaped(action.delegate) if action.delegate else "",
            "agency": escaped(action.lead_agency),
            "due_on": day(action.due_on),
            "status_tag": status_tag((action.status, overdue), action),
            "rag_tag": rag_tag((action.rag, action.rag_reason, action.lead_rag), action),
            "update": update is not None,
            "update_text": escaped(truncatewords(update.text, 20)) if update else "",
            "update_by": escaped(update.written_by) if update else "",
            "update_on": day(update.written_at) if update else "",
            "has_impact": action.has_impact,
        }
    return rows


def cards(rows):
    """Give each card of "my agency's actions" ({"action", "can_update", "form"}) what it
    shows (actions/_row.html: the list, and the card htmx swaps in after an update)."""
    day, path = Days("j F Y"), PathsById("actions:detail")
    status_tag = _Partials("includes/action_status_tag.html")
    rag_tag = _Partials("actions/_rag.html", hide_lead=True)
    for row in rows:
        action = row["action"]
        update, overdue = action.latest_update, action.is_overdue
        row["shown"] = {
            "is_overdue": overdue,
            "url": escaped(path(action.pk)),
            "title": escaped(f"{action.number} " if action.number else "")
            + escaped(truncatewords(action.description, 25)),
            "is_confidential": action.is_confidential,
            "board": escaped(action.board.name),
            "area": escaped(action.area) if action.area else "",
            "lead": escaped(f"{action.lead_person} ({action.lead_agency})"),
            "delegate": escaped(action.delegate) if action.delegate else "",
            "due_on": day(action.due_on),
            "status_tag": status_tag((action.status, overdue), action),
            "rag_tag": rag_tag((action.rag, action.rag_reason), action),
            "lead_rag": escaped(action.get_lead_rag_display()) if action.lead_rag else "",
            "update": update is not None,
            "update_text": escaped(truncatewords(update.text, 40)) if update else "",
            "update_by": escaped(update.written_by) if update else "",
            "update_on": day(update.written_at) if update else "",
            "has_impact": action.has_impact,
            "impact_on": day(action.impact_evidenced_on),
            "updatable": row["can_update"] and action.status not in (
                ActionStatus.CLOSED, ActionStatus.WITHDRAWN),
            "hidden_label": escaped(f"{action.number} {truncatewords(action.description, 8)}"),
        }
    return rows


def card(row):
    """One card (after an update, for htmx to swap in)."""
    return cards([row])[0]
