from django.urls import path

from .views import audits

app_name = "audits"

urlpatterns = [
    path("board/<int:pk>/", audits.audit_list, name="list"),
    path("board/<int:pk>/new/", audits.audit_create, name="create"),
    path("<int:pk>/", audits.audit_detail, name="detail"),
]
