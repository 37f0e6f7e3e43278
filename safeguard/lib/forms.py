"""GOV.UK form helpers: forms laid out by crispy-forms-gds (an error summary at the top and each
error next to its field), the hidden version of a versioned form, and a service's errors shown
next to the fields they name."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django import forms


class GDSFormMixin:
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.build_helper()

    def build_helper(self):
        """Lays the form out from its fields: call it again after adding fields in __init__."""
        self.helper = FormHelper(self)
        self.helper.add_input(Submit("submit", self.submit_label))


class VersionedFormMixin:
    """A form that edits an existing record carries, hidden, the version the record was at when
    the form was opened; the save names it, so a stale save is refused (safeguard.lib.versioning).
    List it after GDSFormMixin, so the hidden field is laid out with the others."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "version" not in self.fields:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, min_value=1, initial=self.instance.version)

    def changes(self):
        """The record's fields this form edits, as the service takes them."""
        model_fields = {f.name for f in self.instance._meta.concrete_fields}
        return {name: value for name, value in self.cleaned_data.items()
                if name in model_fields and name != "version"
                and not self.fields[name].disabled}


def add_service_error(form, error):
    """Show a service's ValidationError next to the field it names, or at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
