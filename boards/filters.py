import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Submit
from django.db.models import Q

from safeguard.lib.dates import YearField

from .models import Agency, Board, BoardKind, Meeting, MeetingKind, MinutesStatus, Person, Sector


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


class AgencyFilter(GDSFilterSet):
    name = django_filters.CharFilter(method="filter_name", label="Name")
    sector = django_filters.ChoiceFilter(choices=Sector.choices, empty_label="Any sector")

    class Meta:
        model = Agency
        fields = ["name", "sector"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class PersonFilter(GDSFilterSet):
    name = django_filters.CharFilter(field_name="full_name", lookup_expr="icontains",
                                     label="Name")
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(),
                                              empty_label="Any agency")

    class Meta:
        model = Person
        fields = ["name", "agency"]


class BoardFilter(GDSFilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label="Name")
    kind = django_filters.ChoiceFilter(choices=BoardKind.choices, empty_label="Any kind")

    class Meta:
        model = Board
        fields = ["name", "kind"]


class YearFilter(django_filters.NumberFilter):
    """A year between 2000 and 2100: another is refused next to the field, not looked up."""

    field_class = YearField


class MeetingFilter(GDSFilterSet):
    year = YearFilter(field_name="starts_at__year", label="Year")
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, empty_label="Any kind")
    minutes_status = django_filters.ChoiceFilter(choices=MinutesStatus.choices,
                                                 empty_label="Any", label="Minutes")

    class Meta:
        model = Meeting
        fields = ["year", "kind", "minutes_status"]
