"""The names and values a history table shows (templates/includes/history.html)."""

from django import template

register = template.Library()


@register.simple_tag
def history_label(entry, field):
    """The field as its form names it, for a line of any record's history."""
    label = getattr(entry, "label", None)
    return label(field) if label else field.replace("_", " ").capitalize()


@register.filter
def history_words(value):
    """One side of a change in words: a related record by its name, Yes or No, a list joined
    ("Wallasey, Birkenhead"), anything else as kept."""
    if isinstance(value, dict):
        return value.get("name", "")
    if value is True or value is False:
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(str(history_words(v)) for v in value)
    return value
