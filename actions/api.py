"""The agency API: an agency's own system reads its actions and posts progress updates.

A token acts as one person of the agency, under the same rules as the browser (actions/rules.py):
it sees what that person sees, and what it posts is signed by them. Only the SHA-256 of a key is
stored; the key itself is shown once, when the token is issued.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from safeguard.lib.versioning import StaleEdit

from . import services
from .authentication import AgencyTokenAuthentication, issue_token
from .models import (
    LEAD_STATUSES,
    Action,
    ActionQuerySet,
    ActionStatus,
    ProgressUpdate,
    Rag,
)

__all__ = ["AgencyTokenAuthentication", "issue_token", "SpectacularAPIView"]


class AgencyTokenScheme(OpenApiAuthenticationExtension):
    target_class = "actions.authentication.AgencyTokenAuthentication"
    name = "AgencyToken"
    priority = 1  # before drf-spectacular's own scheme for TokenAuthentication subclasses

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization",
                                                   token_prefix="Token")  # noqa: S106


class UpdateSerializer(serializers.ModelSerializer):
    written_by = serializers.CharField(source="written_by.full_name", read_only=True)

    class Meta:
        model = ProgressUpdate
        fields = ["text", "written_by", "written_at"]


class LoggedUpdateSerializer(UpdateSerializer):
    status = serializers.ChoiceField(source="status_after", choices=ActionStatus.choices,
                                     help_text="The status the update gave the action.")

    class Meta(UpdateSerializer.Meta):
        fields = [*UpdateSerializer.Meta.fields, "status"]


class ActionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:action-detail")
    board = serializers.CharField(source="board.name")
    lead_person = serializers.CharField(source="lead_person.full_name")
    lead_agency = serializers.CharField(source="lead_agency.name")
    rag = serializers.ChoiceField(choices=Rag.choices, help_text="The system's RAG rating.")
    rag_reason = serializers.CharField()
    has_impact = serializers.BooleanField()
    is_overdue = serializers.BooleanField()
    latest_update = UpdateSerializer(allow_null=True)
    lead_rag = serializers.ChoiceField(
        choices=[value for value, _ in Action._meta.get_field("lead_rag").choices],
        allow_blank=True, read_only=True,
        help_text="The lead's own RAG assessment; blank when they have given none.")

    class Meta:
        model = Action
        fields = ["id", "url", "board", "description", "number", "lead_person", "lead_agency",
                  "due_on", "status", "rag", "rag_reason", "lead_rag", "has_impact",
                  "impact_evidence", "version", "latest_update", "is_overdue"]
        read_only_fields = fields


class ActionDetailSerializer(ActionSerializer):
    updates = LoggedUpdateSerializer(many=True, read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "updates"]
        read_only_fields = fields


TEXT_MAX = ProgressUpdate._meta.get_field("text").max_length
LEAD_RAGS = [value for value, _ in Action._meta.get_field("lead_rag").choices]


class ProgressSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=TEXT_MAX)
    status = serializers.ChoiceField(choices=[(s.value, s.label) for s in LEAD_STATUSES])
    version = serializers.IntegerField(min_value=1)
    lead_rag = serializers.ChoiceField(choices=LEAD_RAGS, required=False, allow_blank=True)


# The request body is documented inline rather than as a component: a second, smaller set of
# statuses under the name "status" would otherwise clash with the action's in the schema.
PROGRESS_BODY = {
    "type": "object",
    "required": ["text", "status", "version"],
    "properties": {
        "text": {"type": "string", "minLength": 1, "maxLength": TEXT_MAX},
        "status": {"type": "string", "enum": [s.value for s in LEAD_STATUSES],
                   "description": "Closing, reopening and withdrawing are the board's."},
        "version": {"type": "integer", "minimum": 1,
                    "description": "The action's version when it was read: a stale one gets 409."},
        "lead_rag": {"type": "string", "enum": [*LEAD_RAGS, ""],
                     "description": "The lead's own RAG assessment (optional)."},
    },
}


class StaleSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = ActionDetailSerializer()


def viewable(request, action):
    """404, not 403, for an action the person may not see: its existence is not disclosed."""
    if not request.user.has_perm("actions.view_action", action):
        raise exceptions.NotFound()
    return action


def with_updates():
    return Action.objects.for_tracker().prefetch_related(
        Prefetch("updates", queryset=ProgressUpdate.objects.select_related("written_by")))


NOT_FOUND = OpenApiResponse(description="No such record, or the person may not see it.")
NO_PAGE = OpenApiResponse(description="No such page of the list.")


@extend_schema(parameters=[
    OpenApiParameter("status", enum=ActionStatus.values, description="Only this status."),
    OpenApiParameter("overdue", bool, description="true: only overdue; false: none overdue."),
], responses={200: ActionSerializer(many=True), 404: NO_PAGE})
class ActionList(generics.ListAPIView):
    """The actions led by or delegated to the token's person or led by their agency, overdue
    first."""

    serializer_class = ActionSerializer

    def get_queryset(self):
        person, params = self.request.user, self.request.query_params
        actions = Action.objects.assigned_to(person).visible_to(person).for_tracker()
        if "status" in params:
            if params["status"] not in ActionStatus.values:
                raise serializers.ValidationError({"status": "Unknown status."})
            actions = actions.filter(status=params["status"])
        if "overdue" in params:
            if params["overdue"] not in ("true", "false"):
                raise serializers.ValidationError({"overdue": "Use true or false."})
            overdue = ActionQuerySet.rag_q(Rag.RED)  # open and past its date
            actions = actions.filter(overdue) if params["overdue"] == "true" else actions.exclude(
                overdue)
        return actions.overdue_first()


@extend_schema(responses={200: ActionDetailSerializer, 404: NOT_FOUND})
class ActionDetail(generics.RetrieveAPIView):
    """One action with its progress log, newest first."""

    serializer_class = ActionDetailSerializer

    def get_queryset(self):
        return with_updates()

    def get_object(self):
        return viewable(self.request, super().get_object())


class ProgressCreate(APIView):
    @extend_schema(
        request={"application/json": PROGRESS_BODY},
        responses={
            201: ActionDetailSerializer,
            400: OpenApiResponse(description="Field errors: {field: [messages]}."),
            403: OpenApiResponse(description="The person may see the action but not update it."),
            404: OpenApiResponse(description="No such action, or the person may not see it."),
            409: StaleSerializer,
        },
        description="A dated progress update signed by the token's person, with the status "
                    "they now give the action. Send the version you read: if the action "
                    "changed meanwhile, nothing is saved and 409 returns the action as it is.",
    )
    def post(self, request, pk):
        action = viewable(request, get_object_or_404(Action, pk=pk))
        if not request.user.has_perm("actions.update_progress", action):
            raise exceptions.PermissionDenied("You may not update this action.")
        body = ProgressSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        context = {"request": request}
        try:
            services.progress_add(action=action, by=request.user, **body.validated_data)
        except StaleEdit as stale:
            current = with_updates().get(pk=stale.current.pk)
            return Response({
                "detail": "This action was changed meanwhile: nothing was saved. Read the "
                          "current version below and post again with its version.",
                "current": ActionDetailSerializer(current, context=context).data,
            }, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        updated = with_updates().get(pk=action.pk)
        return Response(ActionDetailSerializer(updated, context=context).data,
                        status=status.HTTP_201_CREATED)
