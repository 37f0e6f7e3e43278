"""The indicator part of the agency API, under /api/v1/indicators/ (in the "api" namespace)."""

from django.urls import path

from . import api

urlpatterns = [
    path("", api.IndicatorList.as_view(), name="indicator-list"),
    path("values/", api.ValueBatchCreate.as_view(), name="indicator-values-submit"),
    path("<int:pk>/values/", api.ValueList.as_view(), name="indicator-values"),
]
