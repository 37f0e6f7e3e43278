"""The Django admin is for support work by superusers; no ordinary task needs it."""

from django.contrib import admin
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin

from . import signin
from .models import (
    Agency,
    AgendaItem,
    Attendance,
    Board,
    ForwardedItem,
    History,
    Meeting,
    Membership,
    Notice,
    Paper,
    Person,
    ReportingLine,
)


@admin.register(Person)
class PersonAdmin(UserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "agency", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser", "agency__sector"]
    search_fields = ["full_name", "email"]
    list_select_related = ["agency"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Details", {"fields": ["full_name", "job_title", "agency"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "password1", "password2"]})]

    def save_model(self, request, obj, form, change):
        """A superuser's change of address goes through the service that ends the person's
        sessions and reset links (boards/signin.py)."""
        super().save_model(request, obj, form, change)
        if change and "email" in form.changed_data:
            signin.email_change(person=obj, email=obj.email, by=request.user,
                                was=form.initial.get("email"))
            if obj.pk == request.user.pk:
                update_session_auth_hash(request, obj)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "sector"]
    list_filter = ["sector"]
    search_fields = ["name", "short_name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


class ReportingLineInline(admin.TabularInline):
    model = ReportingLine
    fk_name = "board"
    extra = 0


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sunset_on"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [ReportingLineInline, MembershipInline]
    raw_id_fields = ["report_back_meeting"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    fields = ["position", "title", "kind", "is_confidential", "presenter"]
    extra = 0
    raw_id_fields = ["presenter"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["board", "kind", "starts_at", "venue", "minutes_status"]
    list_filter = ["kind", "minutes_status"]
    list_select_related = ["board"]
    search_fields = ["board__name", "venue", "title"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]
    raw_id_fields = ["minutes_approved_at_meeting", "created_by"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient", "status", "attempts", "sent_at",
                    "last_error"]
    list_filter = ["kind", "status"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notice._meta.fields]


admin.site.register([Membership, ReportingLine, Attendance, Paper, ForwardedItem],
                    list_select_related=True)
admin.site.site_header = "Safeguarding partnership office – support"


@admin.register(History)
class HistoryAdmin(admin.ModelAdmin):
    """Read-only: the history is what happened (append-only on PostgreSQL)."""

    list_display = ["changed_at", "content_type", "object_id", "event", "changed_by", "board"]
    list_filter = ["content_type"]
    list_select_related = ["changed_by", "board", "content_type"]
    search_fields = ["event"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
