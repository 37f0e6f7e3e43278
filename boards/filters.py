import django_filters
from django.db.models import Q

from safeguard.lib.filters import GDSFilterSet, YearFilter

from .models import Agency, Board, BoardKind, Meeting, MeetingKind, MinutesStatus, Person, Sector


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


class MeetingFilter(GDSFilterSet):
    year = YearFilter(field_name="starts_at__year", label="Year")
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices, empty_label="Any kind")
    minutes_status = django_filters.ChoiceFilter(choices=MinutesStatus.choices,
                                                 empty_label="Any", label="Minutes")

    class Meta:
        model = Meeting
        fields = ["year", "kind", "minutes_status"]
