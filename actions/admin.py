from django.contrib import admin

from .models import Action


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["description", "board", "lead_person", "lead_agency", "due_on", "status"]
    list_filter = ["status", "source"]
    list_select_related = ["board", "lead_person", "lead_agency"]
    search_fields = ["description"]
    raw_id_fields = ["board", "lead_person", "lead_agency", "agenda_item", "created_by"]
