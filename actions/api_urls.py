"""The agency API, under /api/v1/. The OpenAPI schema is at /api/v1/schema/."""

from django.urls import include, path

from . import api

app_name = "api"

urlpatterns = [
    path("actions/", api.ActionList.as_view(), name="action-list"),
    path("actions/<int:pk>/", api.ActionDetail.as_view(), name="action-detail"),
    path("actions/<int:pk>/progress/", api.ProgressCreate.as_view(), name="action-progress"),
    path("indicators/", include("performance.api_urls")),
    path("schema/", api.SpectacularAPIView.as_view(), name="schema"),
]
