from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("<int:pk>/", views.action_detail, name="detail"),
    path("from-item/<int:item_pk>/", views.action_create_from_item, name="create_from_item"),
]
