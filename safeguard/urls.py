from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("actions/", include("actions.urls")),
    path("challenges/", include("challenges.urls")),
    path("indicators/", include("performance.urls")),
    path("audits/", include("audits.urls")),
    path("api/v1/", include("actions.api_urls")),
    path("", include("boards.urls")),
]
