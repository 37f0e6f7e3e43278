"""Widgets and GOV.UK field filters (safeguard/lib/widgets.py, templatetags/gds_fields.py) write
exactly what Django's templates would, only faster."""

import re

from django import forms
from django.template import Context, Template

from safeguard.lib.widgets import Select

CHOICES = [("", "Any agency"), (1, "Police & <Crime>"), (2, 'Health "Trust"')]
GROUPED = [("Public", [(1, "Police"), (2, "Health")]), ("Other", [(3, "Church")])]


def lines(html):
    """The HTML without the blank lines Django's template leaves between options."""
    return re.sub(r"\n\s*\n", "\n", html)


def test_select_writes_what_djangos_select_writes():
    for value in (None, "", 2, "1"):
        ours = Select(choices=CHOICES).render("agency", value, attrs={"id": "id_agency"})
        django = forms.Select(choices=CHOICES).render("agency", value,
                                                      attrs={"id": "id_agency"})
        assert lines(ours) == lines(django)


def test_option_groups_go_through_djangos_template():
    assert (lines(Select(choices=GROUPED).render("agency", 3))
            == lines(forms.Select(choices=GROUPED).render("agency", 3)))


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[("a", "Not <started>"), ("b", "Done & dusted")])


def test_select_options_as_the_template_loop_writes_them():
    field = StatusForm({"status": "b"})["status"]
    loop = Template(
        '{% for option in field %}<option value="{{ option.data.value }}"{% if '
        'option.data.selected %} selected{% endif %}>{{ option.choice_label }}</option>'
        '{% endfor %}').render(Context({"field": field}))
    ours = Template("{% load gds_fields %}{{ field|select_options }}").render(
        Context({"field": field}))
    assert ours == loop
    assert "Not &lt;started&gt;" in ours and 'value="b" selected' in ours
