"""The challenge log as a spreadsheet: what was challenged, to whom, what changed."""

from import_export import fields, resources

from .models import Challenge


class ChallengeResource(resources.ModelResource):
    raised_on = fields.Field(attribute="raised_on", column_name="Raised on")
    meeting = fields.Field(column_name="At meeting")
    raised_by = fields.Field(attribute="raised_by__full_name", column_name="Raised by")
    question = fields.Field(attribute="question", column_name="Challenge")
    why = fields.Field(attribute="why", column_name="Why (evidence)")
    to = fields.Field(column_name="Challenged")
    due = fields.Field(attribute="response_due_on", column_name="Response due")
    status = fields.Field(column_name="Status")
    level = fields.Field(column_name="Escalation level")
    responses = fields.Field(column_name="Responses")
    outcome = fields.Field(column_name="Outcome")
    outcome_note = fields.Field(attribute="outcome_note", column_name="What changed")

    class Meta:
        model = Challenge
        fields = ("raised_on", "meeting", "raised_by", "question", "why", "to", "due", "status",
                  "level", "responses", "outcome", "outcome_note")
        export_order = fields

    def dehydrate_meeting(self, challenge):
        meeting = challenge.raised_at_meeting
        return f"{meeting.starts_at:%d %B %Y}" if meeting else "Between meetings"

    def dehydrate_to(self, challenge):
        return challenge.addressed_to()

    def dehydrate_status(self, challenge):
        return challenge.get_status_display()

    def dehydrate_level(self, challenge):
        return str(challenge.current_level.title) if challenge.current_level_id else ""

    def dehydrate_responses(self, challenge):
        return "\n\n".join(
            f"{r.responded_at:%d %B %Y} ({r.responded_by}): {r.text}"
            for r in challenge.responses.all())

    def dehydrate_outcome(self, challenge):
        return challenge.get_outcome_display()
