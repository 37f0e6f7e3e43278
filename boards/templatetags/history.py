"""The names a history table gives its fields (templates/includes/history.html)."""

from django import template

register = template.Library()


@register.simple_tag
def history_label(entry, field):
    """The field as its form names it, for a line of any record's history."""
    label = getattr(entry, "label", None)
    return label(field) if label else field.replace("_", " ").capitalize()
