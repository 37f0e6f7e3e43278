"""The agency API, under /api/v1/. The OpenAPI schema is at /api/v1/schema/.

DRF and drf-spectacular are reached through actions.api only: it must be imported before
rest_framework.views (see the note there)."""

from django.urls import path

from . import api

app_name = "api"

urlpatterns = [
    path("actions/", api.ActionList.as_view(), name="action-list"),
    path("actions/<int:pk>/", api.ActionDetail.as_view(), name="action-detail"),
    path("actions/<int:pk>/progress/", api.ProgressCreate.as_view(), name="action-progress"),
    path("schema/", api.SpectacularAPIView.as_view(), name="schema"),
]
