from django.urls import path

from .views import challenge, log

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
]
