"""GOV.UK filter forms for django-filter."""

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit

from .dates import YearField


class GDSFilterSet(django_filters.FilterSet):
    """A filter form rendered by crispy-forms-gds, submitted with GET."""

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FormHelper(form)
            form.helper.form_method = "get"
            form.helper.add_input(
                Submit("apply", "Apply filters", css_class="govuk-button--secondary")
            )
        return form


class YearFilter(django_filters.NumberFilter):
    """A year between 2000 and 2100: another is refused next to the field, not looked up."""

    field_class = YearField
