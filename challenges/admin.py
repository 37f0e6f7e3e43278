from django.contrib import admin

from .models import Challenge


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["question", "board", "to_agency", "response_due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["board", "to_agency"]
    raw_id_fields = ["board", "raised_by", "raised_at_meeting", "to_agency"]
