"""The indicator part of the agency API: an agency's own system lists the indicators it reports,
reads their figures and submits a batch of figures for validation.

Authentication and permissions are the action API's (actions/api.py): a token acts as one
person of its agency, under the browser's rules (performance/rules.py), and what it submits is
signed by that person. A batch goes through `services.values_submit` like the entry grid and
the spreadsheet upload: any problem refuses it whole, each problem tied to its item.
"""

from django.db.models import F
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from boards.rules import current_roles

from . import imports, readings, rules, services
from .models import Indicator, IndicatorValue, SubmittedVia, Unit, ValueStatus

MAX_ITEMS = 5000
VIEWER_STATUSES = (ValueStatus.PUBLISHED,)


def _boards_of(person):
    """The boards the person is a member of today (all, for a superuser: None)."""
    if getattr(person, "is_superuser", False):
        return None
    return list(current_roles(person))


# Serializers -------------------------------------------------------------------------------

# The enum stays inline (inside allOf, which drf-spectacular leaves alone): as a component it
# would collide with the actions' "status" and rename theirs in the schema.
@extend_schema_field({"allOf": [{"type": "string", "enum": ValueStatus.values}],
                      "description": "submitted → validated → published; returned to the "
                                     "agency; superseded by a later figure."})
class ValueStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ValueStatus.choices, **kwargs)


class BoardRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class IndicatorSerializer(serializers.ModelSerializer):
    board = BoardRefSerializer()
    theme = serializers.CharField(source="theme.name")
    owning_agency = serializers.CharField(source="owning_agency.name")
    breakdowns = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="label",
        help_text="The breakdown labels to use in `breakdown`; a blank one is the total.")
    values_url = serializers.HyperlinkedIdentityField(view_name="api:indicator-values")

    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "board", "theme", "owning_agency", "unit",
                  "frequency", "polarity", "decimal_places", "breakdowns", "values_url"]
        read_only_fields = fields


class IndicatorValueSerializer(serializers.ModelSerializer):
    period = serializers.DateField(help_text="The period's first day.")
    period_label = serializers.CharField(help_text="March 2017, Q4 2016-17, 2016-17.")
    breakdown = serializers.SlugRelatedField(slug_field="label", read_only=True,
                                             allow_null=True,
                                             help_text="null for the total.")
    value = serializers.DecimalField(max_digits=14, decimal_places=4, normalize_output=True)
    status = ValueStatusField()
    submitted_by = serializers.CharField(source="submitted_by.full_name")

    class Meta:
        model = IndicatorValue
        fields = ["id", "period", "period_label", "breakdown", "value", "status", "via",
                  "submitted_by", "submitted_at", "corrects", "correction_reason",
                  "returned_reason"]
        read_only_fields = fields


class ValueBatchItemSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=20, help_text="The indicator's code, e.g. CP3.")
    board = serializers.IntegerField(min_value=1, help_text="The board's id.")
    period = serializers.CharField(
        max_length=20, help_text="The month the period starts: 2017-03 or 2017-03-01. "
                                 "Quarters start in April, July, October and January; years "
                                 "in April.")
    breakdown = serializers.CharField(
        max_length=100, required=False, allow_blank=True, allow_null=True, default="",
        help_text="One of the indicator's breakdown labels; blank or absent for the total.")
    value = serializers.CharField(
        max_length=30, help_text='The figure, as a JSON number or a string: 5.1, "1,116", '
                                 '"5.1%" (percentages only). At most 4 decimal places.')


class ValueBatchSerializer(serializers.Serializer):
    correction_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=2000,
        help_text="Why published figures are being changed: needed if any item corrects one.")
    values = serializers.ListField(child=ValueBatchItemSerializer(), min_length=1,
                                   max_length=MAX_ITEMS)


class ValuesSubmittedSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Figures submitted for validation.")
    corrections = serializers.IntegerField(help_text="Of them, corrections of published "
                                                     "figures.")
    unchanged = serializers.IntegerField(help_text="Items equal to the figure already "
                                                   "waiting or published: left alone.")
    summary = serializers.CharField()
    ids = serializers.ListField(child=serializers.IntegerField(),
                                help_text="The new figures' ids, in the order submitted.")


class ValueProblemSerializer(serializers.Serializer):
    item = serializers.IntegerField(allow_null=True,
                                    help_text="The item's index in `values`; null for the "
                                              "request as a whole.")
    message = serializers.CharField()


class ValueProblemsSerializer(serializers.Serializer):
    problems = ValueProblemSerializer(many=True)


# Views -------------------------------------------------------------------------------------

NOT_FOUND = OpenApiResponse(description="No such indicator, or not on the person's board.")
NO_PAGE = OpenApiResponse(description="No such page of the list.")


@extend_schema(responses={200: IndicatorSerializer(many=True), 404: NO_PAGE})
class IndicatorList(generics.ListAPIView):
    """The indicators the token's person may submit figures for, on every board they sit on:
    their agency's, or all of a board's for its business manager."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()  # for the schema; the list is get_queryset's

    def get_queryset(self):
        return rules.submittable(self.request.user)


@extend_schema(parameters=[
    OpenApiParameter("status", enum=ValueStatus.values, description="Only this status."),
], responses={200: IndicatorValueSerializer(many=True), 404: NOT_FOUND})
class ValueList(generics.ListAPIView):
    """An indicator's figures, newest period first, with their place in the pipeline. The
    indicator's agency, its validators and the business manager see every figure; other
    members of the board the published ones. No such indicator, or not on the person's board:
    404."""

    serializer_class = IndicatorValueSerializer
    queryset = Indicator.objects.none()  # for the schema: {id} is an indicator's

    def get_queryset(self):
        person, params = self.request.user, self.request.query_params
        indicator = generics.get_object_or_404(Indicator.objects.select_related("board"),
                                               pk=self.kwargs["pk"])
        sees_all = (person.has_perm("performance.submit_values", indicator)
                    or person.has_perm("performance.validate_values", indicator))
        if not sees_all and not person.has_perm("performance.view_indicator", indicator):
            raise exceptions.NotFound()
        values = (IndicatorValue.objects.filter(indicator=indicator)
                  .select_related("indicator", "breakdown", "submitted_by"))
        if not sees_all:
            values = values.filter(status__in=VIEWER_STATUSES)
        if "status" in params:
            if params["status"] not in ValueStatus.values:
                raise serializers.ValidationError({"status": "Unknown status."})
            values = values.filter(status=params["status"])
        return values.order_by("-period", F("breakdown__position").asc(nulls_first=True),
                               "breakdown__label", "-submitted_at", "-pk")


class ValueBatchCreate(APIView):
    parser_classes = [JSONParser]  # a list of objects has no form encoding

    @extend_schema(
        request=ValueBatchSerializer,
        responses={
            201: ValuesSubmittedSerializer,
            400: OpenApiResponse(ValueProblemsSerializer,
                                 description="Nothing was saved: every problem, by item."),
        },
        description=f"Submits up to {MAX_ITEMS:,} figures for validation, signed by the token's "
                    f"person. The batch is checked whole: unknown indicators or breakdowns, "
                    f"periods that are not the start of one of the indicator's periods, values "
                    f"out of range, the same figure twice, indicators of another agency, and "
                    f"corrections of published figures without a reason refuse it all, with "
                    f"every problem. An item equal to the figure already waiting or published "
                    f"is left alone; a different one replaces the waiting figure.",
    )
    def post(self, request):
        try:
            data = request.data
        except exceptions.ParseError as error:  # the same shape as every other refusal
            return _rejected([{"item": None, "message": str(error.detail)}])
        values = data.get("values") if isinstance(data, dict) else None
        if isinstance(values, list) and len(values) > MAX_ITEMS:  # before reading each item
            return _rejected([{"item": None, "message": f"Send at most {MAX_ITEMS:,} values in "
                                                        f"one request"}])
        body = ValueBatchSerializer(data=request.data)
        if not body.is_valid():
            return _rejected(_flatten(body.errors))
        data = body.validated_data
        entries, problems = _entries(request.user, data["values"])
        submitted, _, service_problems = imports.submit(
            by=request.user, entries=entries, problems_so_far=bool(problems),
            via=SubmittedVia.API, correction_reason=data["correction_reason"])
        for problem in service_problems:
            if isinstance(problem.ref, int):
                problems.append({"item": int(problem.ref), "message": problem.message})
            elif problem.ref == "correction_reason":
                problems.append({"item": None, "message": f"correction_reason: "
                                                          f"{problem.message}"})
            else:
                problems.append({"item": None, "message": problem.message})
        if problems:
            return _rejected(sorted(problems, key=lambda p: -1 if p["item"] is None
                                    else p["item"]))
        return Response({
            "created": submitted.created, "corrections": submitted.corrections,
            "unchanged": submitted.unchanged, "summary": submitted.words,
            "ids": [value.pk for value in submitted.values],
        }, status=status.HTTP_201_CREATED)


def _rejected(problems):
    return Response({"problems": problems}, status=status.HTTP_400_BAD_REQUEST)


def _flatten(errors):
    """DRF's nested errors as [{"item": index or None, "message": "field: message"}]."""
    problems = []
    for name, detail in errors.items():
        if name == "values" and isinstance(detail, dict):
            for index, item_errors in sorted(detail.items()):
                if isinstance(item_errors, dict):
                    for field, messages in item_errors.items():
                        problems += [{"item": int(index), "message": f"{field}: {m}"}
                                     for m in _messages(messages)]
                else:
                    problems += [{"item": int(index), "message": m}
                                 for m in _messages(item_errors)]
        else:
            prefix = "" if name == "non_field_errors" else f"{name}: "
            problems += [{"item": None, "message": f"{prefix}{m}"} for m in _messages(detail)]
    return problems


def _messages(detail):
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _messages(value)]
    if isinstance(detail, list):
        return [m for value in detail for m in _messages(value)]
    return [str(detail)]


def _entries(person, items):
    """The items as services.Entry (ref: the item's index), and what could not be read."""
    boards = _boards_of(person)
    wanted = {item["board"] for item in items}
    catalogue = readings.Catalogue(wanted if boards is None else wanted & set(boards))
    entries, problems = [], []
    for index, item in enumerate(items):
        indicator = catalogue.indicator(item["board"], item["indicator"])
        if indicator is None:
            problems.append({"item": index, "message": f"Board {item['board']} has no "
                                                       f"indicator “{item['indicator']}” "
                                                       f"that you can see"})
            continue
        before = len(problems)
        period = readings.parse_period(item["period"])
        if period is None:
            problems.append({"item": index, "message": f"“{item['period']}” is not a period: "
                                                       f"give the month it starts, like "
                                                       f"2017-03"})
        try:
            breakdown = catalogue.breakdown(indicator, item.get("breakdown") or "")
        except ValueError as error:
            problems.append({"item": index, "message": str(error)})
        try:
            value = readings.parse_number(item["value"],
                                         percentage_ok=indicator.unit == Unit.PERCENTAGE)
        except ValueError as error:
            problems.append({"item": index, "message": str(error)})
        if len(problems) == before:
            entries.append(services.Entry(
                indicator=indicator, period=period, breakdown=breakdown, value=value,
                ref=imports.ItemRef(index)))
    return entries, problems
