import django_filters
from django import forms

from boards.models import Agency
from safeguard.lib import widgets
from safeguard.lib.filters import GDSFilterSet

from .models import Challenge, ChallengeStatus, Outcome


class ChallengeFilter(GDSFilterSet):
    # Selects through widgets.Select: the same HTML, without a template pass per option (the
    # country's 660 agencies took 150 ms).
    status = django_filters.ChoiceFilter(choices=ChallengeStatus.choices, empty_label="Any",
                                         widget=widgets.Select)
    agency = django_filters.ModelChoiceFilter(field_name="to_agencies",
                                              queryset=Agency.objects.all(),
                                              empty_label="Any agency", label="Challenged",
                                              widget=widgets.Select)
    outcome = django_filters.ChoiceFilter(choices=Outcome.choices, empty_label="Any",
                                          widget=widgets.Select)
    raised_after = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="gte", label="Raised on or after",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    raised_before = django_filters.DateFilter(
        field_name="raised_on", lookup_expr="lte", label="Raised on or before",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Response overdue",
        widget=widgets.Select(choices=[("", "Either"), ("true", "Overdue"),
                                       ("false", "Not overdue")]))

    class Meta:
        model = Challenge
        fields = ["status", "agency", "outcome", "raised_after", "raised_before", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = Challenge.objects.response_overdue_q()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


