from django.urls import path

from .views import boards, directory, meetings, public

app_name = "boards"

urlpatterns = [
    path("", boards.home, name="home"),
    # Directory
    path("agencies/", directory.agency_list, name="agency_list"),
    path("agencies/new/", directory.agency_form, name="agency_create"),
    path("agencies/<int:pk>/", directory.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", directory.agency_form, name="agency_edit"),
    path("people/", directory.person_list, name="person_list"),
    path("people/new/", directory.person_form, name="person_create"),
    path("people/<int:pk>/", directory.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", directory.person_form, name="person_edit"),
    # Boards
    path("boards/", boards.board_list, name="board_list"),
    path("boards/new/", boards.board_create, name="board_create"),
    path("boards/<int:pk>/", boards.board_detail, name="board_detail"),
    path("boards/<int:pk>/edit/", boards.board_edit, name="board_edit"),
    path("boards/<int:pk>/report-back/", boards.report_back_edit, name="report_back_edit"),
    path("boards/<int:pk>/sub-groups/new/", boards.subgroup_create, name="subgroup_create"),
    path("boards/<int:pk>/reporting-line/", boards.reporting_line_move,
         name="reporting_line_move"),
    path("boards/<int:board_pk>/members/new/", boards.membership_form, name="membership_create"),
    path("memberships/<int:pk>/edit/", boards.membership_form, name="membership_edit"),
    path("boards/<int:pk>/attendance/", boards.attendance_by_agency,
         name="attendance_by_agency"),
    # Meetings
    path("boards/<int:pk>/meetings/", meetings.meeting_list, name="meeting_list"),
    path("boards/<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/invite.ics", meetings.meeting_ics_download, name="meeting_ics"),
    path("meetings/<int:pk>/attendance/", meetings.attendance_edit, name="attendance_edit"),
    path("meetings/<int:pk>/attendance/add/", meetings.attendee_add, name="attendee_add"),
    path("meetings/<int:pk>/agenda/new/", meetings.agenda_item_create,
         name="agenda_item_create"),
    path("meetings/<int:pk>/minutes/", meetings.minutes_view, name="minutes"),
    path("meetings/<int:pk>/minutes/circulate/", meetings.minutes_circulate,
         name="minutes_circulate"),
    path("meetings/<int:pk>/minutes/approve/", meetings.minutes_approve,
         name="minutes_approve"),
    path("meetings/<int:pk>/minutes/publish/", meetings.minutes_publish,
         name="minutes_publish"),
    path("items/<int:pk>/", meetings.agenda_item_detail, name="agenda_item_detail"),
    path("items/<int:pk>/minute/", meetings.minute_edit, name="minute_edit"),
    path("items/<int:pk>/papers/new/", meetings.paper_upload, name="paper_upload"),
    path("items/<int:pk>/forward/", meetings.item_forward, name="item_forward"),
    path("papers/<int:pk>/", meetings.paper_download, name="paper_download"),
    # Public and feeds
    path("public/boards/<int:pk>/", public.public_board, name="public_board"),
    path("public/minutes/<uuid:uid>/", public.public_minutes, name="public_minutes"),
    path("calendar/<uuid:token>.ics", public.calendar_feed, name="calendar_feed"),
    path("calendar/renew/", boards.calendar_renew, name="calendar_renew"),
]
