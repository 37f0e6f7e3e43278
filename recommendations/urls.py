from django.urls import path

from .views import imports, recommendations

app_name = "recommendations"

urlpatterns = [
    path("board/<int:pk>/", recommendations.source_list, name="source_list"),
    path("board/<int:pk>/new/", recommendations.source_create,
         name="source_create"),
    path("sources/<int:pk>/", recommendations.source_detail, name="source_detail"),
    path("sources/<int:pk>/import/", imports.upload, name="import"),
    path("sources/<int:pk>/import/<uuid:code>/", imports.preview, name="import_preview"),
    path("sources/<int:pk>/new/", recommendations.recommendation_create,
         name="recommendation_create"),
    path("<int:pk>/", recommendations.recommendation_detail,
         name="recommendation_detail"),
    path("<int:pk>/tracker/", recommendations.recommendation_tracker,
         name="recommendation_tracker"),
    path("<int:pk>/edit/", recommendations.recommendation_edit,
         name="recommendation_edit"),
    path("<int:pk>/actions/new/", recommendations.recommendation_add_action,
         name="recommendation_add_action"),
    path("<int:pk>/actions/link/", recommendations.recommendation_link_action,
         name="recommendation_link_action"),
]
