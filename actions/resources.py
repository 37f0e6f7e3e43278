"""The tracker as a spreadsheet (django-import-export): the columns a board paper shows."""

from import_export import fields, resources

from .models import Action


class ActionResource(resources.ModelResource):
    board = fields.Field(attribute="board__name", column_name="Board")
    number = fields.Field(attribute="number", column_name="Number")
    description = fields.Field(attribute="description", column_name="Action")
    lead = fields.Field(attribute="lead_person__full_name", column_name="Lead")
    agency = fields.Field(attribute="lead_agency__name", column_name="Lead agency")
    due_on = fields.Field(attribute="due_on", column_name="By when")
    status = fields.Field(column_name="Status")
    rag = fields.Field(column_name="RAG (system)")
    lead_rag = fields.Field(attribute="lead_rag", column_name="RAG (lead's own)")
    latest = fields.Field(column_name="Latest progress update")
    latest_on = fields.Field(column_name="Updated on")
    impact = fields.Field(attribute="impact_evidence", column_name="Evidence of impact")
    source = fields.Field(column_name="Source")

    class Meta:
        model = Action
        fields = ("board", "number", "description", "lead", "agency", "due_on", "status", "rag",
                  "lead_rag", "latest", "latest_on", "impact", "source")
        export_order = fields

    def dehydrate_status(self, action):
        return action.get_status_display()

    def dehydrate_rag(self, action):
        return action.rag.label

    def dehydrate_source(self, action):
        return action.get_source_display()

    def dehydrate_latest(self, action):
        return action.latest_update.text if action.latest_update_id else ""

    def dehydrate_latest_on(self, action):
        return action.latest_update.written_at.date() if action.latest_update_id else ""
