import django_filters
from django import forms

from boards.filters import GDSFilterSet
from boards.models import Agency

from .models import Challenge, ChallengeStatus, Outcome


class ChallengeFilter(GDSFilterSet):
    status = django_filters.ChoiceFilter(choices=ChallengeStatus.choices, empty_label="Any")
    agency = django_filters.ModelChoiceFilter(field_name="to_agencies",
                                              queryset=Agency.objects.all(),
                                              empty_label="Any agency", label="Challenged")
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, empty_label="Any")
    raised_after = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="gte", label="Raised on or after",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    raised_before = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="lte", label="Raised on or before",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Response overdue",
        widget=forms.Select(choices=[("", "Either"), ("true", "Overdue"),
                                     ("false", "Not overdue")]))

    class Meta:
        model = Challenge
        fields = ["status", "agency", "outcome", "raised_after", "raised_before", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = Challenge.objects.response_overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


