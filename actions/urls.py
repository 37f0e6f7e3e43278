from django.urls import path

from .views import detail, exports, reminders, tracker

app_name = "actions"

urlpatterns = [
    path("", tracker.my_actions, name="mine"),
    path("board/<int:pk>/", tracker.board_tracker, name="board_tracker"),
    path("meeting/<int:pk>/", tracker.meeting_tracker, name="meeting_tracker"),
    path("plan/<int:pk>/", tracker.plan_tracker, name="plan_tracker"),
    path("board/<int:board_pk>/new/", detail.create, name="create"),
    path("from-item/<int:item_pk>/", detail.create_from_item, name="create_from_item"),
    path("<int:pk>/", detail.action_detail, name="detail"),
    path("<int:pk>/progress/", detail.progress_add, name="progress"),
    path("<int:pk>/impact/", detail.impact_record, name="impact"),
    path("<int:pk>/delegate/", detail.delegate, name="delegate"),
    path("<int:pk>/edit/", detail.edit, name="edit"),
    path("<int:pk>/close/", detail.close, name="close"),
    path("<int:pk>/send-back/", detail.send_back, name="send_back"),
    path("<int:pk>/reopen/", detail.reopen, name="reopen"),
    path("<int:pk>/withdraw/", detail.withdraw, name="withdraw"),
    path("export/", exports.export_start, name="export"),
    path("exports/<uuid:code>/", exports.export_status, name="export_status"),
    path("exports/<uuid:code>/download/", exports.export_download, name="export_download"),
    path("reminders/", reminders.my_reminders, name="my_reminders"),
    path("board/<int:pk>/reminders/", reminders.board_reminders, name="board_reminders"),
]
