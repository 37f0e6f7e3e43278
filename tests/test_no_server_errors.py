"""Bad input never gives a server error, and a refused form saves nothing.

The whole URLconf is walked (our pages, allauth's, the admin's and the API's). Path parameters
are filled with planted records of every kind, and with nonsense where the converter allows it.
Signed in as the business manager, every page is then asked for with each query parameter its
view reads (found in the view's source, its filter form, and a list of common names) set to each
bad value, and every form is posted with one field at a time set to each bad value; the other
fields keep what the page itself would send. Every answer must be below 500 and, when refused,
leave every table exactly as it was. All failures are collected into one report.
"""

import html.parser
import inspect
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal as D
from urllib.parse import urljoin, urlsplit

import pytest
from django import forms
from django.apps import apps
from django.contrib import messages as django_messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Page
from django.db import connection, transaction
from django.forms.formsets import BaseFormSet
from django.http import HttpResponse
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from actions.authentication import issue_token
from actions.models import ActionPlan, Export
from audits.models import Audit
from boards.models import Agency, Paper, Role
from challenges.models import ChallengeResponse
from performance import services as performance_services
from performance.models import Theme
from recommendations.models import Recommendation, RecommendationSource

from .factories import (
    ActionFactory,
    AgendaItemFactory,
    ChallengeFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
# Over-long text of digits is also a number int() refuses (over 4,300 digits); "²" is a digit
# to str.isdigit() but not to int().
LONG = "9" * 5000
BAD_VALUES = ["abc", "99999", HUGE, "-1", "\x00", "%00", LONG, "1e309", "NaN", "²"]
# For pages that read no parameter the test can see: a probe of the common names.
PROBE_VALUES = ["abc", HUGE, "\x00", LONG]
# In a form's body "%00" is three characters, not a NUL: no decoding happens twice there.
POST_VALUES = [v for v in BAD_VALUES if v != "%00"]
# A formset's later rows are cleaned by the same form as its first.
LATER_ROWS = re.compile(r"^\w+-[1-9]\d*-")
COMMON_PARAMS = ["page", "year", "q", "sort", "version", "period"]
# Tables a refused request may still touch: the signed-in session, and axes' record of
# sign-in attempts (the wrong passwords posted to allauth's pages).
UNTRACKED_TABLES = {"django_session"}
UNTRACKED_PREFIXES = ("axes_",)


# --- The URLconf ---------------------------------------------------------------------------

@dataclass
class Endpoint:
    route: str
    name: str
    callback: object
    converters: dict = field(default_factory=dict)

    @property
    def is_admin(self):
        return self.route.startswith("admin/")

    @property
    def is_api(self):
        return self.route.startswith("api/")


def _walk(patterns, prefix="", namespaces=(), converters=None):
    for pattern in patterns:
        found = {**(converters or {}), **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            spaces = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), spaces, found)
        elif isinstance(pattern, URLPattern):
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            yield Endpoint(prefix + str(pattern.pattern), name, pattern.callback, found)


def endpoints():
    return list(_walk(get_resolver().url_patterns))


# --- Planted records -----------------------------------------------------------------------

@pytest.fixture
def world(cast):
    """One record of every kind a URL names, on the manager's board."""
    meeting = MeetingFactory(board=cast.board, created_by=cast.manager)
    item = AgendaItemFactory(meeting=meeting, title="Neglect strategy")
    stored = default_storage.save("papers/s.pdf", ContentFile(b"%PDF-1.4\n"))
    paper = Paper.objects.create(agenda_item=item, title="Strategy", file=stored,
                                 original_name="s.pdf", content_type="application/pdf", size=9,
                                 uploaded_by=cast.manager)
    action = ActionFactory(board=cast.board, lead_person=cast.partner, number="1.1")
    plan = ActionPlan.objects.create(board=cast.board, title="Peer review action plan",
                                     source="recommendation")
    challenge = ChallengeFactory(board=cast.board, raised_by=cast.chair)
    challenge.to_agencies.add(cast.police)
    response = ChallengeResponse.objects.create(challenge=challenge, text="Our answer",
                                                agency=cast.police, responded_by=cast.partner)
    source = RecommendationSource.objects.create(board=cast.board, kind="peer_review",
                                                 body="LGA", title="Peer review",
                                                 made_on=date(2015, 1, 26))
    recommendation = Recommendation.objects.create(source=source, number="3", text="Do it")
    analyst = PersonFactory(full_name="Stuart Penn", agency=cast.council)
    MembershipFactory(person=analyst, board=cast.board, role=Role.PERFORMANCE_OFFICER)
    indicator = performance_services.indicator_create(
        board=cast.board, theme=Theme.objects.create(board=cast.board, name="Front door"),
        code="CP1", name="Repeat contacts", definition="More than one contact in a month.",
        source="Case records", unit="percentage", polarity="lower", frequency="monthly",
        owning_agency=cast.council, breakdowns=[("locality", "Wallasey")])
    performance_services.values_submit(by=analyst, entries=[performance_services.Entry(
        indicator=indicator, period=date(2017, 3, 1), breakdown=None, value=D("5.1"))])
    audit = Audit.objects.create(board=cast.board, title="Dip sample",
                                 completed_on=date(2017, 4, 20), created_by=cast.manager)
    export = Export.objects.create(code=uuid.uuid4(), requested_by=cast.manager,
                                   board=cast.board, scope=f"board:{cast.board.pk}",
                                   file_format="csv")
    membership = cast.board.memberships.get(person=cast.partner)
    return {
        "board": cast.board.pk, "meeting": meeting.pk, "item": item.pk, "paper": paper.pk,
        "action": action.pk, "plan": plan.pk, "challenge": challenge.pk,
        "response": response.pk, "source": source.pk, "recommendation": recommendation.pk,
        "indicator": indicator.pk, "audit": audit.pk, "export": export.code,
        "membership": membership.pk, "agency": cast.police.pk, "person": cast.partner.pk,
        "meeting_uid": meeting.uid, "calendar": cast.manager.calendar_token,
        "period": "2017-03-01", "file_format": "csv",
    }


# Which planted record each URL's `pk` means, by the URL's name (the other parameters are
# named for what they hold). A URL missing here fails the test: new pages must be added.
PK_MEANS = {
    "actions:": "action", "actions:board_": "board", "actions:meeting_": "meeting",
    "actions:plan_": "plan",
    "boards:agency_": "agency", "boards:person_": "person", "boards:board_": "board",
    "boards:report_back_edit": "board", "boards:subgroup_create": "board",
    "boards:reporting_line_move": "board", "boards:membership_edit": "membership",
    "boards:attendance_by_agency": "board", "boards:meeting_list": "board",
    "boards:meeting_create": "board", "boards:meeting_": "meeting",
    "boards:attendance_edit": "meeting", "boards:attendee_add": "meeting",
    "boards:agenda_item_create": "meeting", "boards:minutes": "meeting",
    "boards:agenda_item_detail": "item", "boards:minute_edit": "item",
    "boards:paper_upload": "item", "boards:item_forward": "item",
    "boards:paper_download": "paper", "boards:public_board": "board",
    "challenges:": "challenge", "challenges:log": "board", "challenges:export": "board",
    "challenges:chair_review": "board", "challenges:raise": "board",
    "challenges:raise_about_indicator": "indicator",
    "challenges:response_attachment": "response", "recommendations:source_list": "board",
    "recommendations:source_create": "board", "recommendations:source_detail": "source",
    "recommendations:import": "source", "recommendations:recommendation_create": "source",
    "recommendations:recommendation_": "recommendation",
    "recommendations_moved:source_list": "board", "recommendations_moved:source_create": "board",
    "recommendations_moved:source_detail": "source", "recommendations_moved:import": "source",
    "recommendations_moved:recommendation_create": "source",
    "recommendations_moved:recommendation_": "recommendation",
    "performance:": "board", "performance:indicator": "indicator",
    "performance:indicator_create": "board", "performance:target_set": "indicator",
    "performance:benchmark_set": "indicator", "performance:commentary": "indicator",
    "performance:raise_action": "indicator",
    "audits:": "board", "audits:detail": "audit",
    "api:action-": "action", "api:indicator-values": "indicator",
}
OTHER_PARAMS = {"board_pk": "board", "item_pk": "item", "meeting_pk": "meeting",
                "code": "export", "uid": "meeting_uid", "token": "calendar",
                "period": "period", "file_format": "file_format"}


def _pk_means(name):
    best = max((prefix for prefix in PK_MEANS if name.startswith(prefix)), key=len,
               default=None)
    return PK_MEANS[best] if best else None


def planted_kwargs(endpoint, world):
    """The URL's parameters filled with planted records (None: not ours to fill)."""
    kwargs = {}
    for param in endpoint.converters:
        if param == "pk":
            means = _pk_means(endpoint.name)
            if means is None:
                return None
            kwargs[param] = world[means]
        elif param in OTHER_PARAMS:
            kwargs[param] = world[OTHER_PARAMS[param]]
        else:
            return None
    return kwargs


def admin_urls(endpoint):
    """The admin's URLs, filled with the first id or each app's label."""
    if endpoint.name is None:
        return []
    names = set(re.findall(r"\(\?P<(\w+)>", endpoint.route)) | set(endpoint.converters)
    candidates = {"object_id": ["1", "abc", HUGE], "content_type_id": ["1", HUGE],
                  "app_label": [a.label for a in apps.get_app_configs()], "url": ["x"]}
    found = []
    for choice in candidates.get("app_label"):
        kwargs = {n: (choice if n == "app_label" else candidates.get(n, ["1"])[0])
                  for n in names}
        try:
            found.append(reverse(endpoint.name, kwargs=kwargs))
        except NoReverseMatch:
            continue
        if "app_label" not in names:
            for n in names:
                for other in candidates.get(n, ["1"])[1:]:
                    try:
                        found.append(reverse(endpoint.name, kwargs={**kwargs, n: other}))
                    except NoReverseMatch:
                        pass
            break
    return found


def nonsense_paths(endpoint, kwargs):
    """The same URL with a huge int where an int is allowed, and bad text where a string is."""
    paths = []
    for param, converter in endpoint.converters.items():
        kind = type(converter).__name__
        values = {"IntConverter": [HUGE], "StringConverter": [
            v for v in BAD_VALUES if "/" not in v], "UUIDConverter": [str(uuid.uuid4())]}
        for value in values.get(kind, []):
            try:
                paths.append(reverse(endpoint.name, kwargs={**kwargs, param: value}))
            except NoReverseMatch:
                pass
    return paths


# --- What a view reads ---------------------------------------------------------------------

def _view_function(callback):
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return view or inspect.unwrap(callback)


def _source(callback):
    """The view's source and that of the module's own functions it calls by name."""
    view = _view_function(callback)
    try:
        text = inspect.getsource(view)
    except (OSError, TypeError):
        return "", {}
    module = inspect.getmodule(view)
    names = vars(module) if module else {}
    for name in set(re.findall(r"\b(_?[a-z]\w*)\(", text)):
        helper = names.get(name)
        if inspect.isfunction(helper) and helper.__module__ == module.__name__:
            text += inspect.getsource(helper)
    return text, names


def _keys(text, source):
    pattern = rf"{source}(?:\.get|\.getlist)?[\(\[]\s*[\"'](\w+)[\"']|[\"'](\w+)[\"'] in {source}"
    return {a or b for a, b in re.findall(pattern, text)}


def get_params(endpoint, response):
    """The query parameters the view reads: by hand in its source, through its filter form,
    and `page` where it shows a page of a list."""
    text, _ = _source(endpoint.callback)
    params = _keys(text, r"GET") | _keys(text, r"query_params") | _keys(text, r"params")
    for value in _flatten_context(getattr(response, "context", None)):
        if isinstance(value, Page):
            params.add("page")
        filterset_form = getattr(value, "form", None) if hasattr(value, "qs") else None
        if isinstance(filterset_form, forms.BaseForm):
            params |= set(filterset_form.fields)
    return sorted(params)


def _flatten_context(context):
    if context is None:
        return []
    try:
        return [v for d in context.dicts for v in d.values()] if hasattr(context, "dicts") else [
            v for c in context for d in c.dicts for v in d.values()]
    except TypeError:
        return []


def _field_names(form_class):
    names = set()
    for name, form_field in form_class.base_fields.items():
        widget = form_field.widget
        if isinstance(widget, forms.MultiWidget):
            names |= {f"{name}_{i}" for i in range(len(widget.widgets))}
        else:
            names.add(name)
    return names


def reads_post(endpoint):
    """Whether the view does anything with a POST (else posting to it only shows the page)."""
    text, _ = _source(endpoint.callback)
    return bool(re.search(r"request\.(POST|FILES|data|method)|require_POST|def post\b", text))


def post_fields(endpoint):
    """The fields of the forms the view uses, and the POST keys it reads by hand."""
    text, names = _source(endpoint.callback)
    fields = _keys(text, r"POST")
    for name in set(re.findall(r"\b([A-Z]\w*)\b", text)):
        candidate = names.get(name)
        if inspect.isclass(candidate) and issubclass(candidate, forms.BaseForm):
            fields |= _field_names(candidate)
        elif inspect.isclass(candidate) and issubclass(candidate, BaseFormSet):
            fields |= {f"form-0-{n}" for n in _field_names(candidate.form)}
    return fields


class _PostForms(html.parser.HTMLParser):
    """Each POST form on a page: its action and what a browser would send as it stands."""

    def __init__(self):
        super().__init__()
        self.forms, self._current, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._current = ({} if (a.get("method") or "").lower() == "post" else None,
                             a.get("action") or "")
        if self._current is None or self._current[0] is None:
            return
        data = self._current[0]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    data.setdefault(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image"):
                data.setdefault(name, a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            data[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            data.setdefault(name, "")

    def handle_data(self, text):
        if self._textarea and self._current and self._current[0] is not None:
            self._current[0][self._textarea] += text

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._current:
            if self._current[0] is not None:
                self.forms.append((self._current[1], self._current[0]))
            self._current = None


def post_forms(path, response):
    if "html" not in response.get("Content-Type", "") or response.streaming:
        return []
    parser = _PostForms()
    parser.feed(response.content.decode(errors="replace"))
    return [(urlsplit(urljoin(path, action)).path if action else path, data)
            for action, data in parser.forms]


# --- Checking the answers ------------------------------------------------------------------

def _tables():
    seen = set()
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if (model._meta.managed and table not in UNTRACKED_TABLES
                and not table.startswith(UNTRACKED_PREFIXES)):
            seen.add(table)
    return sorted(seen)


def snapshot(tables):
    """Every tracked table's rows, as one digest per table (one query)."""
    q = connection.ops.quote_name
    parts = ", ".join(
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {q(t)} t)"  # noqa: S608
        for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")  # noqa: S608 - the models' own table names
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _show(value):
    text = repr(value)
    return text if len(text) < 40 else f"{text[:20]}…({len(value)} chars)"


@dataclass
class Report:
    failures: list = field(default_factory=list)
    requests: int = 0

    def add(self, method, path, what, value, problem):
        self.failures.append(f"{method} {path} {what}={_show(value)}: {problem}")

    def check(self, method, path, what, value, response):
        self.requests += 1
        status = response.status_code
        if status >= 500:
            self.add(method, path, what, value, f"{status}")
            return False
        # A 405 says what is allowed in its Allow header; every other refusal says why.
        if (400 <= status < 500 and status != 405 and not response.streaming
                and not response.content.strip()):
            self.add(method, path, what, value, f"{status} with no message")
        return True


def _refused(response):
    if response.status_code >= 400 or response.status_code == 200:
        return True
    if 300 <= response.status_code < 400:
        stored = django_messages.get_messages(response.wsgi_request)
        return any(m.level >= django_messages.ERROR for m in stored)
    return False


def _in_savepoint(send):
    """Send the request in a savepoint that is rolled back: each case starts from the same
    records, and what it would have saved is compared with what was there before."""
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    return response


def _post_case(client, report, tables, path, name, value, data):
    def send():
        before = snapshot(tables)
        response = client.post(path, {**data, name: value})
        after = snapshot(tables) if response.status_code < 500 else before
        return response, before, after

    response, before, after = _in_savepoint(send)
    if report.check("POST", path, name, value, response) and _refused(response):
        changed = sorted(t for t in tables if before[t] != after[t])
        if changed:
            report.add("POST", path, name, value,
                       f"refused ({response.status_code}) but changed {', '.join(changed)}")


# --- The pages and forms ------------------------------------------------------------------

def _signed_in(client, person):
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    client.raise_request_exception = False
    return client


def _send(client, person, path, make):
    """One request in a rolled-back savepoint; allauth's pages may sign the client out."""
    response = _in_savepoint(make)
    if path.startswith("/accounts/"):
        _signed_in(client, person)
    return response


@dataclass
class SitePage:
    endpoint: object  # None for a path filled with nonsense
    path: str
    response: object = None


def pages_of_the_site(world):
    """Every URL but the API's, filled in; the URLs the test cannot fill are a failure."""
    unmapped, pages = [], []
    for endpoint in endpoints():
        if endpoint.is_api:
            continue
        if endpoint.is_admin:
            pages += [SitePage(endpoint, path) for path in admin_urls(endpoint)]
            continue
        kwargs = planted_kwargs(endpoint, world)
        if endpoint.route.startswith("accounts/"):  # allauth's keys: nonsense is all we have
            kwargs = {n: "abc" for n in re.findall(r"\(\?P<(\w+)>", endpoint.route)}
        try:
            pages.append(SitePage(endpoint, reverse(endpoint.name, kwargs=kwargs or {})))
        except (NoReverseMatch, TypeError):
            unmapped.append(endpoint.route)
            continue
        pages += [SitePage(None, path) for path in nonsense_paths(endpoint, kwargs)]
    assert not unmapped, f"URLs the test does not know how to fill: {unmapped}"
    return pages


def survey(client, person, world, report):
    """Each page as it stands, and what its forms would post (by the form's target)."""
    pages, forms_by_target = [], {}
    for page in pages_of_the_site(world):
        page.response = _send(client, person, page.path, lambda p=page.path: client.get(p))
        if report.check("GET", page.path, "-", "", page.response):
            pages.append(page)
            for target, data in post_forms(page.path, page.response):
                forms_by_target.setdefault(target, data)
    ours = [p for p in pages if p.endpoint is not None and not p.endpoint.is_admin]
    return ours, forms_by_target


def _fail_with(report):
    assert not report.failures, (
        f"{len(report.failures)} of {report.requests} requests failed:\n"
        + "\n".join(report.failures))


def test_no_query_parameter_gives_a_server_error(cast, world, client):
    """Each parameter a view reads, alone, with each bad value; and every parameter at once,
    with the common names too, for the ones it reads without the test seeing."""
    client, report = _signed_in(client, cast.manager), Report()
    pages, _ = survey(client, cast.manager, world, report)
    for page in pages:
        if page.response.status_code == 405:  # POST only: reads no query
            continue
        params = get_params(page.endpoint, page.response)
        every = sorted(set(params) | set(COMMON_PARAMS))
        for value in BAD_VALUES if params else PROBE_VALUES:
            response = _send(client, cast.manager, page.path,
                             lambda p=page.path, e=every, v=value: client.get(p, dict.fromkeys(
                                 e, v)))
            report.check("GET", page.path, "every parameter", value, response)
        for param in params:
            for value in BAD_VALUES:
                response = _send(client, cast.manager, page.path,
                                 lambda p=page.path, k=param, v=value: client.get(p, {k: v}))
                report.check("GET", page.path, param, value, response)
    _fail_with(report)


def test_no_form_field_gives_a_server_error_or_saves_half_way(cast, world, client):
    """Each field of each form set to each bad value, the rest as the page would send them."""
    client, report, tables = _signed_in(client, cast.manager), Report(), _tables()
    pages, forms_by_target = survey(client, cast.manager, world, report)
    for page in pages:
        baseline = forms_by_target.get(page.path)
        if baseline is None and not reads_post(page.endpoint):
            continue
        fields = (set(baseline or {}) | post_fields(page.endpoint)) - {"csrfmiddlewaretoken"}
        for name in sorted(f for f in fields if not LATER_ROWS.search(f)):
            for value in POST_VALUES:
                _post_case(client, report, tables, page.path, name, value, baseline or {})
                if page.path.startswith("/accounts/"):
                    _signed_in(client, cast.manager)
    _fail_with(report)


# --- The API -------------------------------------------------------------------------------

# JSON carries types a form cannot: numbers too big for any column, null, lists, objects, and
# (written raw) numbers Python reads as infinity or not-a-number.
RAW = {"<1e309>": "1e309", "<NaN>": "NaN"}
JSON_VALUES = ["abc", 99999, 10**20, -1, "\x00", LONG, "²", None, [], {}, True, *RAW]


def _json(body):
    text = json.dumps(body)
    for placeholder, raw in RAW.items():
        text = text.replace(json.dumps(placeholder), raw)
    return text


def _variants(body):
    """The body with one field at a time (nested ones too) set to each bad value."""
    for name, value in body.items():
        for bad in JSON_VALUES:
            yield name, bad, {**body, name: bad}
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for inner, variant_name, variant in _variants(value[0]):
                yield f"{name}[0].{inner}", variant_name, {**body, name: [variant]}


def _try_api_endpoint(api, report, tables, endpoint, world, bodies, accepted):
    path = reverse(endpoint.name, kwargs=planted_kwargs(endpoint, world))
    text, _ = _source(endpoint.callback)
    params = {"page", "format"} | _keys(text, "query_params") | _keys(text, "params")
    for param in sorted(params | set(COMMON_PARAMS)):
        for value in BAD_VALUES:
            response = _in_savepoint(lambda k=param, v=value: api.get(path, {k: v}))
            report.check("GET", path, param, value, response)
    if path in bodies:  # is the body as it stands accepted (so bad values reach the service)?
        response = _in_savepoint(lambda: api.post(path, bodies[path], format="json"))
        accepted[path] = accepted.get(path, False) or response.status_code == 201
    for name, value, body in _variants(bodies.get(path, {})):
        def send(b=body):
            before = snapshot(tables)
            response = api.post(path, _json(b), content_type="application/json")
            return response, before, snapshot(tables)

        response, before, after = _in_savepoint(send)
        if report.check("POST", path, name, value, response) and (
                response.status_code >= 400 and before != after):
            report.add("POST", path, name, value, "refused but saved")


def test_no_api_parameter_or_body_gives_a_server_error(cast, world, monkeypatch):
    """The agency API, with a token, for the officer leading the action and for the manager
    (who may submit the council's figures): every query parameter its views read, and every
    field of the two bodies it accepts, set to each bad value."""
    # 600 requests an hour is the real limit; a refused 429 would hide what is behind it.
    monkeypatch.setattr("rest_framework.throttling.UserRateThrottle.allow_request",
                        lambda self, request, view: True)
    report, tables, accepted = Report(), _tables(), {}
    bodies = {
        reverse("api:action-progress", args=[world["action"]]): {
            "text": "Audit started", "status": "in_progress", "version": 1, "lead_rag": ""},
        reverse("api:indicator-values-submit"): {
            "correction_reason": "", "values": [{"indicator": "CP1", "board": world["board"],
                                                 "period": "2017-04", "value": "5.2"}]},
    }
    for person, agency in ((cast.partner, cast.police), (cast.manager, cast.council)):
        _, key = issue_token(agency=agency, person=person, name="Case system")
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        api.raise_request_exception = False
        for endpoint in (e for e in endpoints() if e.is_api):
            _try_api_endpoint(api, report, tables, endpoint, world, bodies, accepted)
    assert accepted == dict.fromkeys(bodies, True), "a body the test starts from was refused"
    _fail_with(report)


def test_the_check_sees_a_refused_form_that_saved_something(db):
    """The harness itself: a page that saves a row and then shows the form again is caught."""
    class HalfSaving:
        def post(self, path, data):
            Agency.objects.create(name="Half-saved")
            return HttpResponse("There is a problem", status=200)

    report = Report()
    _post_case(HalfSaving(), report, _tables(), "/agencies/new/", "name", "abc", {})
    assert report.failures == [
        "POST /agencies/new/ name='abc': refused (200) but changed boards_agency"]
    assert not Agency.objects.filter(name="Half-saved").exists()  # rolled back
