"""The edit page of a record whose save names the version its form was opened at.

A stale save is refused (409): the page shows the newer values, marking those that differ from
what the user has in the form, and the form keeps what the user typed, now on top of the newer
version, so they can check it and save again.
"""

from datetime import date, datetime, time

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format

from safeguard.lib.forms import add_service_error
from safeguard.lib.versioning import StaleEdit

CONFLICT = ("Someone else changed this while you were editing. Their version is shown below; "
            "your changes are kept in the form. Check them and save again.")


def versioned_edit(request, record, form_class, *, save, success, title, back, done=None,
                   also_show=None, **form_kwargs):
    """`save(form)` calls the service with the form's version; `done` is where a saved
    record's page is (the record itself unless given). `also_show` is more for the page:
    {"history": ..., "what": ...} shows a record's history under the form (a membership's,
    which has no page of its own)."""
    form = form_class(request.POST or None, instance=record, **form_kwargs)
    newer = None
    if form.is_valid():
        try:
            with transaction.atomic():
                saved = save(form)
        except StaleEdit as stale:
            newer = newer_values(form_class, stale.current, **form_kwargs)
            form = kept_input(request, form_class, stale.current, **form_kwargs)
            newer = [(label, value, name in form.changed_data) for name, label, value in newer]
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect(done or saved)
    return render(request, "boards/form_page.html", {
        "form": form, "title": title, "back": back, "newer": newer, **(also_show or {}),
    }, status=409 if newer else 200)


def kept_input(request, form_class, current, **form_kwargs):
    """The user's input, on top of the newer version, with the conflict said at the top."""
    data = request.POST.copy()
    data["version"] = current.version
    form = form_class(data, instance=current, **form_kwargs)
    form.is_valid()
    form.add_error(None, CONFLICT)
    return form


def newer_values(form_class, current, **form_kwargs):
    """(name, label, value in words) for each field the form shows, as the newer record has
    it. Read before the kept form is checked: checking it writes the user's input onto
    `current`."""
    shown = form_class(instance=current, **form_kwargs)
    return [(bound.name, bound.label, _in_words(bound.field, bound.initial))
            for bound in shown if not bound.is_hidden]


def _in_words(field, value):
    if isinstance(field, forms.ModelMultipleChoiceField):
        chosen = [getattr(v, "pk", v) for v in value or []]
        return ", ".join(str(o) for o in field.queryset.filter(pk__in=chosen)) or "None"
    if isinstance(field, forms.ModelChoiceField):
        value = getattr(value, "pk", value)
        found = field.queryset.filter(pk=value).first() if value not in (None, "") else None
        return str(found) if found else "None"
    if isinstance(field, forms.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value)) if value else "Not given"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value) if value not in (None, "") else "Not given"
