from django.contrib import admin

from .models import (
    Challenge,
    ChallengeEvent,
    ChallengeResponse,
    EscalationLevel,
)


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["question", "board", "raised_on", "response_due_on", "status", "outcome"]
    list_filter = ["status", "outcome"]
    list_select_related = ["board"]
    raw_id_fields = ["board", "raised_by", "raised_at_meeting", "to_board", "closed_by",
                     "current_level"]
    readonly_fields = ["version"]


@admin.register(ChallengeEvent)
class ChallengeEventAdmin(admin.ModelAdmin):
    list_display = ["at", "challenge", "from_status", "to_status", "by"]
    list_select_related = ["challenge", "by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register([EscalationLevel, ChallengeResponse])
