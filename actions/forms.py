from crispy_forms_gds.fields import DateInputField
from django import forms

from boards.forms import GDSFormMixin
from boards.models import Agency, Person

from .models import Action


class ActionForm(GDSFormMixin, forms.ModelForm):
    submit_label = "Create action"
    due_on = DateInputField(label="By when")

    class Meta:
        model = Action
        fields = ["description", "lead_person", "lead_agency", "due_on"]
        labels = {"description": "What must be done", "lead_person": "Lead",
                  "lead_agency": "Lead agency"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_person"].queryset = Person.objects.select_related("agency")
        self.fields["lead_agency"].queryset = Agency.objects.all()

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if not 2000 <= due_on.year <= 2100:
            raise forms.ValidationError("Enter a date between 2000 and 2100")
        return due_on
