"""The permanent leak test: no channel shows a confidential record's words to anyone who may not
see it.

How a new model or page is picked up without anyone remembering:
- Records. Every model registered in boards.visibility (KINDS: the models with
  `is_confidential`; PART_OF: records that are part of one; PART_OF_ANY: a line of history,
  part of whatever record it is the history of) has a numbered marker written into
  every text, JSON and file field of each confidential row (tests/leak_world.plant_markers reads
  the fields from the model). `test_every_confidential_model_has_a_visibility_rule` fails when a
  model gains `is_confidential`, or a foreign key to such a model, without being registered
  (or, for a foreign key carrying no confidential words, listed in NOT_PART_OF with why).
- Pages and the API. Every URL pattern of the URLconf is walked (get_resolver(), recursively),
  its arguments filled from the planted records by the path before the argument
  (ROUTE_KINDS) or by the argument's name (NAMED). A pattern that cannot be filled fails the
  test, unless its prefix is in SKIPPED with a reason. API patterns are walked again with each
  person's agency token.
- Emails and background work. Every Celery task of the project (the Celery app's registry,
  filtered to this project's apps) is run with every planted id its arguments name, and every
  email it sends is read, attachments (.ics) included; exports are built as each person and
  their files read; PDFs are read as text with pdftotext.
A member of the board sees the markers (the positive control), so the test can fail.
"""

import csv
import inspect
import io
import itertools
import re
import subprocess
import uuid

import openpyxl
import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from actions import exports
from actions.authentication import issue_token
from boards import notices
from boards.visibility import KINDS, PART_OF, PART_OF_ANY

from .leak_world import MARKER, an_export, build_world

pytestmark = pytest.mark.django_db

# Path prefixes never walked, and why.
SKIPPED = {
    "admin/": "the Django admin is for superusers only (support work), not a board channel",
    "accounts/": "allauth's sign-in, sign-up and MFA pages show no board records",
}

# A foreign key to a confidential kind that carries none of its words, and why.
NOT_PART_OF = {
    "actions.Action": "a kind of its own (registered in KINDS), whatever item or challenge "
                      "it arose from",
    "boards.AgendaItem": "a kind of its own; a forwarded copy is confidential on its own board",
    "actions.Reminder": "the ledger of reminders: its reason is the office's words ('you lead "
                        "this action'); the reminders page shows the action only to those who "
                        "may see it",
}

# Registered kinds whose words no page shows yet (so the member's walk cannot meet them).
NOT_SHOWN = {"boards.ForwardedItem": "the note sent with a forwarded item is kept, not shown"}

# What a `pk` means, by the path before it (the longest prefix wins).
ROUTE_KINDS = {
    "agencies/": "agencies", "people/": "people", "boards/": "boards",
    "memberships/": "memberships", "meetings/": "meetings", "items/": "items",
    "papers/": "papers", "public/boards/": "boards",
    "actions/board/": "boards", "actions/meeting/": "meetings", "actions/plan/": "plans",
    "actions/": "actions",
    "challenges/board/": "boards", "challenges/": "challenges",
    "challenges/responses/": "responses", "challenges/sources/": "sources",
    "challenges/recommendations/": "recommendations", "challenges/indicator/": "indicators",
    "recommendations/board/": "boards", "recommendations/sources/": "sources",
    "recommendations/": "recommendations",
    "indicators/board/": "boards", "indicators/indicator/": "indicators",
    "audits/board/": "boards", "audits/": "audits",
    "api/v1/actions/": "actions", "api/v1/indicators/": "indicators",
}


def _patterns(resolver, prefix=""):
    """(full route, pattern) for every URL pattern, however deeply included."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _values(world, route, name, person):
    cast = world.cast
    named = {
        "board_pk": [cast.board.pk],
        "meeting_pk": [m.pk for m in world.meetings],
        "item_pk": [i.pk for i in world.items if i.is_confidential],
        "uid": [m.uid for m in world.meetings],
        "token": [getattr(person, "calendar_token", uuid.uuid4())],
        "file_format": ["csv", "xlsx"],
        "period": [timezone.localdate().replace(day=1).strftime("%Y-%m")],
    }
    if name == "code":
        return [e.code for e in world.exports] if route.startswith("actions/") else [
            uuid.uuid4()]
    if name in named:
        return named[name]
    if name != "pk":
        return None
    before = route[: route.index("<")]
    kinds = [p for p in ROUTE_KINDS if before.startswith(p)]
    if not kinds:
        return None
    kind = ROUTE_KINDS[max(kinds, key=len)]
    objects = {
        "agencies": [cast.police, cast.council], "people": [cast.partner, cast.reader],
        "boards": [cast.board], "memberships": world.memberships, "meetings": world.meetings,
        "items": [i for i in world.items if i.is_confidential], "papers": world.papers,
        "plans": world.plans, "recommendations": world.recommendations,
        "actions": world.actions, "challenges": world.challenges,
        "responses": world.responses, "sources": world.sources,
        "indicators": world.indicators, "audits": world.audits,
    }[kind]
    return [o.pk for o in objects]


def _filler(combo):
    values = iter(combo)
    return lambda match: str(next(values))


def urls_for(world, person):
    """Every URL of every pattern, filled with the planted records; and the patterns that
    could not be filled."""
    urls, unfilled = [], []
    for route, _ in _patterns(get_resolver()):
        if any(route.startswith(p) for p in SKIPPED):
            continue
        route = route.lstrip("^").rstrip("$")
        names = [m.group("name") for m in ARGUMENT.finditer(route)]
        choices = [_values(world, route, name, person) for name in names]
        if any(c is None for c in choices):
            unfilled.append(route)
            continue
        for combo in itertools.product(*choices):
            urls.append("/" + ARGUMENT.sub(_filler(combo), route))
    return urls, unfilled


def read(response):
    """What a person is shown: the body (PDFs and spreadsheets as their text) and headers."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        text = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True,
                              check=True).stdout.decode()
    elif "spreadsheetml" in kind:
        text = _xlsx_text(body)
    else:
        text = body.decode("utf-8", "replace")
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    return f"{headers}\n{text}"


def _xlsx_text(body):
    book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    return "\n".join(str(cell) for sheet in book.worksheets
                     for row in sheet.iter_rows(values_only=True) for cell in row)


def _found(text, where):
    return [f"{where}: {m}" for m in sorted(set(re.findall(MARKER + r"\d{3}", text)))]


def project_tasks():
    """Every Celery task defined in this project's apps."""
    from safeguard.celery import app

    app.loader.import_default_modules()
    ours = {c.name for c in apps.get_app_configs() if c.path.startswith(str(settings.BASE_DIR))
            and ".venv" not in c.path}
    return {name: task for name, task in app.tasks.items() if name.split(".")[0] in ours}


def _task_arguments(world, task):
    values = {
        "meeting_id": [m.pk for m in world.meetings],
        "challenge_id": [c.pk for c in world.challenges],
        "export_id": [e.pk for e in world.exports],
        "today": [timezone.localdate().isoformat()],
    }
    names = list(inspect.signature(task.run).parameters)
    missing = [n for n in names if n not in values]
    assert not missing, f"{task.name}: no planted value for {missing}: add one to the leak test"
    return [dict(zip(names, combo, strict=True))
            for combo in itertools.product(*(values[n] for n in names))]


def _email_text(message):
    parts = [message.subject, message.body]
    parts += [content for content, _ in getattr(message, "alternatives", [])]
    for attachment in message.attachments:
        content = attachment[1] if isinstance(attachment, tuple) else attachment.get_payload()
        parts.append(content.decode() if isinstance(content, bytes) else str(content))
    return "\n".join(parts)


@pytest.fixture
def world(cast):
    world = build_world(cast)
    scopes = [f"board:{cast.board.pk}", f"meeting:{world.meetings[0].pk}",
              f"plan:{world.plans[0].pk}", f"recommendation:{world.recommendations[0].pk}",
              "mine"]
    for person in [cast.lay_member, *(p for _, p in world.outsiders if p)]:
        for scope in scopes:
            world.exports.append(an_export(world, person, scope))
        world.exports.append(an_export(world, person, "mine", "xlsx"))
    return world


def test_every_confidential_model_has_a_visibility_rule():
    registered = {*KINDS, *PART_OF, *PART_OF_ANY}
    confidential = {m._meta.label for m in apps.get_models()
                    if any(f.name == "is_confidential" for f in m._meta.get_fields())}
    assert confidential <= set(KINDS), "register these in boards.visibility.KINDS"
    beneath = {m._meta.label for m in apps.get_models() for f in m._meta.get_fields()
               if f.many_to_one and f.concrete and f.related_model
               and f.related_model._meta.label in registered}
    unknown = beneath - registered - set(NOT_PART_OF)
    assert not unknown, ("part of a confidential record? register in boards.visibility.PART_OF,"
                         f" or say why not in NOT_PART_OF: {sorted(unknown)}")


def test_every_field_of_every_confidential_kind_is_planted(world):
    planted_fields = {where.split(" #")[0] for where in world.planted.values()}
    for label in (*KINDS, *PART_OF, *PART_OF_ANY):
        assert any(p.startswith(label + ".") for p in planted_fields), f"nothing planted in {label}"


def test_no_page_api_export_feed_pdf_or_email_shows_a_confidential_word_to_an_outsider(
    world, client
):
    found, visited = [], 0
    # Emails and background work first, so the reminders pages have something to show.
    mail.outbox.clear()
    for _, task in sorted(project_tasks().items()):
        for arguments in _task_arguments(world, task):
            task(**arguments)
    notices.sweep()  # every notice queued by the world's events and the tasks, as sent
    members = {p.email for p in world.members}
    sent_to_members = 0
    for message in mail.outbox:
        text = _email_text(message)
        for address in message.to + message.cc + message.bcc:
            if address in members:
                sent_to_members += bool(_found(text, ""))
            else:
                found += _found(text, f"email '{message.subject[:40]}' to {address}")
    assert sent_to_members, "positive control: members' emails carry the confidential words"

    for export in world.exports:
        exports.build(export.pk)
        export.refresh_from_db()
        if export.requested_by_id in {p.pk for p in world.members}:
            continue
        content = export.file.read() if export.file else b""
        text = (_xlsx_text(content) if export.file_format == "xlsx"
                else "\n".join(",".join(r) for r in csv.reader(io.StringIO(content.decode()))))
        found += _found(text, f"export {export.scope} by {export.requested_by}")

    for who, person in world.outsiders:
        client.logout()
        if person is not None:
            client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
        urls, unfilled = urls_for(world, person)
        assert not unfilled, f"no planted record for these patterns: {unfilled}"
        for url in urls:
            for method, headers in ((client.get, {}), (client.post, {}),
                                    (client.post, {"HTTP_HX_REQUEST": "true"})):
                where = f"{who} {method.__name__.upper()}{' htmx' if headers else ''} {url}"
                found += _found(read(method(url, **headers)), where)
                visited += 1
        if person is not None and person.agency_id:
            _, key = issue_token(agency=person.agency, person=person, name="leak test")
            client.logout()
            for url in (u for u in urls if u.startswith("/api/")):
                for method in (client.get, client.post):
                    response = method(url, HTTP_AUTHORIZATION=f"Token {key}")
                    found += _found(read(response), f"{who} API {method.__name__} {url}")
    assert visited > 500
    assert not found, "confidential words shown to outsiders:\n" + "\n".join(
        f"{line}  ({world.planted[line[-len(MARKER) - 3:]]})" for line in found)


def test_positive_control_the_same_walk_shows_a_member_every_kind(world, client_for):
    """The walk reaches the records: a member walking it meets a marker of every kind."""
    member = world.cast.manager
    client = client_for(member)
    urls, _ = urls_for(world, member)
    seen = set()
    for url in urls:
        seen.update(_found(read(client.get(url)), ""))
    kinds = {world.planted[marker.removeprefix(": ")].split(".")[0:2][1] for marker in seen}
    expected = {label.split(".")[1] for label in (*KINDS, *PART_OF, *PART_OF_ANY)
                if label not in NOT_SHOWN}
    assert expected <= kinds, f"never shown to a member: {sorted(expected - kinds)}"


def test_positive_control_a_member_sees_the_confidential_words(world, client_for):
    client = client_for(world.cast.lay_member)
    action, challenge = world.actions[0], world.challenges[0]
    item, meeting = world.items[1], world.meetings[0]
    for url in (action.get_absolute_url(), challenge.get_absolute_url(),
                item.get_absolute_url(), f"/meetings/{meeting.pk}/minutes/"):
        assert _found(read(client.get(url)), url), url
    export = an_export(world, world.cast.lay_member, f"board:{world.cast.board.pk}")
    exports.build(export.pk)
    export.refresh_from_db()
    assert MARKER in export.file.read().decode()
