import django_filters
from django import forms
from django.db.models import Q

from boards.models import Agency
from safeguard.lib import widgets
from safeguard.lib.filters import GDSFilterSet

from .models import Action, ActionSource, ActionStatus, Rag


class ActionFilter(GDSFilterSet):
    # Selects through widgets.Select: the same HTML, without a template pass per option.
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, empty_label="Any status",
                                         widget=widgets.Select)
    rag = django_filters.ChoiceFilter(choices=Rag.choices, empty_label="Any", label="RAG",
                                      method="filter_rag", widget=widgets.Select)
    lead_agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(),
                                                   empty_label="Any agency", label="Agency",
                                                   widget=widgets.Select)
    # A name to search for, not a list: a national tracker has thousands of leads.
    lead = django_filters.CharFilter(field_name="lead_person__full_name",
                                     lookup_expr="icontains", label="Lead (name)")
    source = django_filters.ChoiceFilter(choices=ActionSource.choices, empty_label="Any source",
                                         widget=widgets.Select)
    due_after = django_filters.DateFilter(
        field_name="due_on", lookup_expr="gte", label="Due on or after",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lte", label="Due on or before",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Overdue",
        widget=widgets.Select(choices=[("", "Either"), ("true", "Overdue"),
                                       ("false", "Not overdue")]))
    impact = django_filters.BooleanFilter(
        method="filter_impact", label="Evidence of impact",
        widget=widgets.Select(choices=[("", "Either"), ("true", "With evidence"),
                                       ("false", "Without")]))

    class Meta:
        model = Action
        fields = ["status", "rag", "lead_agency", "lead", "source", "due_after",
                  "due_before", "overdue", "impact"]

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.filters["lead_agency"].queryset = agencies

    def filter_rag(self, queryset, name, value):
        return queryset.filter(Action.objects.rag_q(Rag(value)))

    def filter_overdue(self, queryset, name, value):
        overdue = Action.objects.rag_q(Rag.RED)
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_impact(self, queryset, name, value):
        has = ~Q(impact_evidence="")
        return queryset.filter(has) if value else queryset.exclude(has)
