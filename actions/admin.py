from django.contrib import admin

from .models import Action, ActionPlan, AgencyToken, ProgressUpdate, Reminder


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["description", "board", "lead_person", "lead_agency", "due_on", "status"]
    list_filter = ["status", "source"]
    list_select_related = ["board", "lead_person", "lead_agency"]
    search_fields = ["description"]
    raw_id_fields = ["board", "lead_person", "lead_agency", "agenda_item", "created_by",
                     "delegate", "plan", "area", "latest_update", "completed_by", "closed_by",
                     "impact_evidenced_by"]
    readonly_fields = ["version"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records of what happened: support may read them, nobody edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ["written_at", "action", "written_by", "status_after"]
    list_select_related = ["action", "written_by"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["claimed_at", "kind", "recipient", "action", "board", "sent_at", "attempts",
                    "failed_at", "not_needed"]
    list_select_related = ["recipient", "action", "board"]
    list_filter = ["kind"]


@admin.register(AgencyToken)
class AgencyTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `manage.py create_agency_token`; here they are revoked."""

    list_display = ["name", "agency", "person", "created_at", "revoked_at"]
    list_select_related = ["agency", "person"]
    fields = ["name", "agency", "person", "created_at", "revoked_at"]
    readonly_fields = ["name", "agency", "person", "created_at"]

    def has_add_permission(self, request):
        return False


admin.site.register(ActionPlan)
