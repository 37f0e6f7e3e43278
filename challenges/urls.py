from django.urls import path

from .views import challenge, imports, log, recommendations

app_name = "challenges"

urlpatterns = [
    path("board/<int:pk>/", log.challenge_log, name="log"),
    path("board/<int:pk>/export/<str:file_format>/", log.challenge_log_export, name="export"),
    path("board/<int:pk>/review/", log.chair_review, name="chair_review"),
    path("board/<int:pk>/new/", challenge.challenge_raise, name="raise"),
    path("board/<int:pk>/meeting/<int:meeting_pk>/new/", challenge.challenge_raise,
         name="raise_at_meeting"),
    path("<int:pk>/", challenge.challenge_detail, name="detail"),
    path("<int:pk>/respond/", challenge.respond, name="respond"),
    path("<int:pk>/send/", challenge.send, name="send"),
    path("<int:pk>/review/", challenge.review, name="review"),
    path("<int:pk>/ask-again/", challenge.ask_again, name="ask_again"),
    path("<int:pk>/escalate/", challenge.escalate, name="escalate"),
    path("<int:pk>/close/", challenge.close, name="close"),
    path("indicator/<int:pk>/raise/", challenge.raise_about_indicator,
         name="raise_about_indicator"),
    path("<int:pk>/actions/new/", challenge.add_action, name="add_action"),
    path("responses/<int:pk>/attachment/", challenge.response_attachment,
         name="response_attachment"),
    path("board/<int:pk>/recommendations/", recommendations.source_list, name="source_list"),
    path("board/<int:pk>/recommendations/new/", recommendations.source_create,
         name="source_create"),
    path("sources/<int:pk>/", recommendations.source_detail, name="source_detail"),
    path("sources/<int:pk>/import/", imports.upload, name="import"),
    path("sources/<int:pk>/import/<uuid:code>/", imports.preview, name="import_preview"),
    path("sources/<int:pk>/new/", recommendations.recommendation_create,
         name="recommendation_create"),
    path("recommendations/<int:pk>/", recommendations.recommendation_detail,
         name="recommendation_detail"),
    path("recommendations/<int:pk>/tracker/", recommendations.recommendation_tracker,
         name="recommendation_tracker"),
    path("recommendations/<int:pk>/edit/", recommendations.recommendation_edit,
         name="recommendation_edit"),
    path("recommendations/<int:pk>/actions/new/", recommendations.recommendation_add_action,
         name="recommendation_add_action"),
    path("recommendations/<int:pk>/actions/link/", recommendations.recommendation_link_action,
         name="recommendation_link_action"),
]
