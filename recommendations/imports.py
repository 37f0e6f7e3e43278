"""Loading a source's recommendations and action plan from a spreadsheet (CSV or XLSX).

The business manager uploads the file, sees what will be created, and confirms. Every row is
checked before anything is written; a file with any problem is refused as a whole, with the
problems row by row, and nothing is half-imported.

The format
----------
One row per recommendation (area for development) or per action, under a header row. Header
names are matched without regard to case or spacing; other columns are ignored; the header may
sit below a title row or two (the first row with a "Number" cell is the header).

=====================  ======================================================================
Number                 "1" for a recommendation (an area for development), "1.1", "1.2" …
                       for an action under it. The action's area is the part before the
                       first dot, and its row must be in the same file.
Area for development   On recommendation rows: the recommendation's text (it also becomes
                       the title of the area for development in the action plan).
Action                 On action rows: what must be done.
Lead                   On action rows: the lead's full name or email address, as in the
                       directory. The lead agency is the lead's agency.
By when                On action rows: 31/01/2015, 2015-01-31, 31 January 2015, or
                       "January 2015" (meaning the last day of that month), or an Excel date
                       cell. Between 2000 and 2100.
Progress               Optional, on action rows: becomes the action's first progress update,
                       signed by the person importing.
Status                 Optional, on action rows: not started, in progress, complete
                       (completed, done), or the action plans' symbols: ● complete,
                       ⊙ ◎ 🟢 in progress, ○ not started. Blank means not started.
=====================  ======================================================================

Rows that are entirely blank are skipped. Row numbers in messages are the spreadsheet's own
(the header is usually row 1). Recommendations are created as accepted; the actions go into
one action plan per source ("<source title>: action plan"), each linked to its recommendation.

Tip for Excel users: format the Number column as text, or Excel turns 1.10 into 1.1.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from actions import services as action_services
from actions.models import ActionPlan, ActionSource, ActionStatus, sort_key_for
from boards.models import Person
from safeguard.lib.dates import parse_date
from safeguard.lib.imports import (
    Column,
    ImportRejected,
    Problem,
    SpreadsheetFormat,
    all_or_nothing,
    and_list,
    in_row_order,
)

from . import services
from .leads import find_leads, lead_in_directory, lead_may_see
from .models import Acceptance, Recommendation, RecommendationSource
from .services import plan_title

__all__ = ["parse_date", "parse_status", "plan_title", "read", "check", "create"]

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 50
IMPORTED = "Imported from spreadsheet"

COLUMNS = {
    "number": Column("Number", True,
               "“1” for a recommendation (area for development); “1.1”, “1.2” … for an action "
               "under it. Each number once."),
    "area": Column("Area for development", True,
             "On recommendation rows: the recommendation’s text."),
    "action": Column("Action", True, "On action rows: what must be done."),
    "lead": Column("Lead", True,
             "On action rows: the lead’s full name or email address, as in the directory. The "
             "lead agency is their agency."),
    "due": Column("By when", True,
            "On action rows: a date such as 31/01/2015, 2015-01-31 or “January 2015” (the last "
            "day of that month), or an Excel date."),
    "progress": Column("Progress", False,
                 "Optional: becomes the first progress update, signed by you."),
    "status": Column("Status", False,
               "Optional: not started, in progress or complete — or the plan’s symbols ● "
               "(complete), ⊙ ◎ 🟢 (in progress), ○ (not started). Blank means not started."),
}
EXAMPLE = [
    ["Number", "Area for development", "Action", "Lead", "By when", "Progress", "Status"],
    ["1", "Strengthen the board's sub-group structure", "", "", "", "", ""],
    ["1.1", "", "Review membership of the board and its sub-groups", "Fiona Wetherall",
     "January 2015", "A review of membership has been undertaken.", "●"],
    ["1.2", "", "Improve partnership links with the early years sector",
     "fiona.wetherall@example.org", "31/03/2015", "", "in progress"],
]

STATUSES = {
    "not started": ActionStatus.NOT_STARTED,
    "in progress": ActionStatus.IN_PROGRESS,
    "under way": ActionStatus.IN_PROGRESS,
    "on track": ActionStatus.IN_PROGRESS,
    "complete": ActionStatus.COMPLETE,
    "completed": ActionStatus.COMPLETE,
    "done": ActionStatus.COMPLETE,
    "●": ActionStatus.COMPLETE,
    "⊙": ActionStatus.IN_PROGRESS,
    "◎": ActionStatus.IN_PROGRESS,
    "🟢": ActionStatus.IN_PROGRESS,
    "○": ActionStatus.NOT_STARTED,
}

NUMBER = re.compile(r"^\d{1,4}(\.\d{1,4})*$")
EXCEL_2000, EXCEL_2100 = 36526, 73415  # Excel's serial numbers of 1 Jan 2000, 31 Dec 2100
MAX_NUMBER = Recommendation._meta.get_field("number").max_length


@dataclass
class AreaRow:
    row: int
    number: str
    area_number: int
    text: str
    actions: list = field(default_factory=list)


@dataclass
class ActionRow:
    row: int
    number: str
    area_number: int
    description: str
    lead: Person
    due_on: date
    progress: str
    status: str  # "" when the file gives none

    @property
    def status_label(self):
        return ActionStatus(self.status or ActionStatus.NOT_STARTED).label


@dataclass
class Checked:
    areas: list
    actions: list
    problems: list
    plan: ActionPlan | None

    @property
    def summary(self):
        return counts_text(len(self.areas), len(self.actions))


def counts_text(recommendations, actions):
    return (f"{recommendations} recommendation{'' if recommendations == 1 else 's'} and "
            f"{actions} action{'' if actions == 1 else 's'}")


# Reading -----------------------------------------------------------------------------------

class RecommendationsFormat(SpreadsheetFormat):
    columns = COLUMNS
    header_column = "number"
    aliases = {"by when?": "due", "due": "due", "due date": "due", "deadline": "due"}
    # The module's limits, read when used (so that a test may lower one).
    max_bytes = property(lambda self: MAX_BYTES)
    max_rows = property(lambda self: MAX_ROWS)
    max_columns = property(lambda self: MAX_COLUMNS)

    def header_text(self, value) -> str:
        text = " ".join(self.cell_text(value).replace("–", " ").replace("—", " ").split())
        return text.lower().rstrip(":?*").strip()

    def header_key(self, value) -> str | None:
        key = super().header_key(value)
        if key is None and self.header_text(value).startswith("progress"):
            return "progress"  # "Progress – Update February 2015"
        return key

    def cell_text(self, value, key=None) -> str:
        """As the skeleton's, but a due date left as an Excel number is read as the date, and
        text keeps its line breaks."""
        if value is None or isinstance(value, (date, bool)):
            return super().cell_text(value, key)
        if isinstance(value, (int, float)):
            if key == "due" and EXCEL_2000 <= value <= EXCEL_2100:
                from openpyxl.utils.datetime import from_excel

                return from_excel(value).date().isoformat()
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return str(value)
        return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


FORMAT = RecommendationsFormat()
COLUMN_HELP = FORMAT.column_help


def read(upload) -> list[dict]:
    """The file's rows as plain strings, keyed by column, each with its spreadsheet row
    number: [{"row": 2, "number": "1", "area": "…", "action": "", …}, …]. Small enough to keep
    in the session between the preview and the confirmation. Raises ImportRejected when the
    file cannot be read or lacks a required column."""
    return FORMAT.read(upload)


# Checking ----------------------------------------------------------------------------------

def parse_status(text: str) -> str:
    """'' for blank; raises ValueError for a word it does not know."""
    cleaned = " ".join(text.replace("\ufe0f", "").replace("_", " ").replace("-", " ")
                       .split()).lower()
    if not cleaned:
        return ""
    if cleaned in STATUSES:
        return STATUSES[cleaned]
    raise ValueError(f"“{text}” is not a status: use not started, in progress or complete "
                     f"(or ●, ⊙, ◎, 🟢, ○)")


def _normal_number(text: str) -> str | None:
    text = text.strip().rstrip(".")
    if not NUMBER.match(text):
        return None
    return ".".join(str(int(part)) for part in text.split("."))


def check(source, rows) -> Checked:
    """Every row checked, nothing written. Problems name the row, column and what is wrong."""
    problems = []
    areas, actions = {}, []
    seen = {}
    leads = find_leads(rows)
    plan = source.plan  # held by key: never looked for by its title
    existing_recommendations = set(source.recommendations.values_list("number", flat=True))
    existing_areas = set(plan.areas.values_list("number", flat=True)) if plan else set()
    existing_actions = (set(plan.actions.exclude(number="").values_list("number", flat=True))
                        if plan else set())

    numbered = []
    for r in rows:
        row, raw = r["row"], r.get("number", "")
        number = _normal_number(raw)
        if not raw:
            problems.append(Problem(row, "Number", "Enter a number: 1 for a recommendation, "
                                                   "1.1 for an action under it"))
        elif number is None or len(number) > MAX_NUMBER:
            problems.append(Problem(row, "Number", f"“{raw}” is not a number like 1 or 1.2"))
        else:
            seen.setdefault(number, []).append(row)
            numbered.append((r, number))
    for number, at in seen.items():
        if len(at) > 1:
            times = "twice" if len(at) == 2 else f"{len(at)} times"
            problems.append(Problem(at[1], "Number",
                                    f"Number {number} appears {times}: rows {and_list(at)}"))

    for r, number in numbered:
        row = r["row"]
        area_number = int(number.split(".")[0])
        if area_number > 32767:
            problems.append(Problem(row, "Number", f"“{number}” is too large a number"))
            continue
        if "." not in number:
            text = r.get("area", "")
            if not text:
                problems.append(Problem(row, "Area for development",
                                        f"Enter the text of recommendation {number}"))
            elif len(text) > Recommendation._meta.get_field("text").max_length:
                problems.append(Problem(row, "Area for development", "The text is too long"))
            if number in existing_recommendations:
                problems.append(Problem(row, "Number", f"Recommendation {number} already "
                                                       f"exists in this source"))
            elif area_number in existing_areas:
                problems.append(Problem(row, "Number", f"Area for development {number} "
                                                       f"already exists in this source’s "
                                                       f"action plan"))
            if len(seen[number]) == 1:
                areas[area_number] = AreaRow(row, number, area_number, text)
            continue
        description = r.get("action", "")
        if not description:
            problems.append(Problem(row, "Action", f"Enter what action {number} is"))
        elif len(description) > 5000:
            problems.append(Problem(row, "Action", "The action must be 5,000 characters or "
                                                   "fewer"))
        if str(area_number) not in seen:
            problems.append(Problem(row, "Number", f"Action {number} has no row for its "
                                                   f"recommendation: add a row numbered "
                                                   f"{area_number}"))
        if number in existing_actions:
            problems.append(Problem(row, "Number", f"Action {number} already exists in this "
                                                   f"source’s action plan"))
        lead = lead_in_directory(r.get("lead", ""), leads, problems, row)
        if lead is not None and source.is_confidential:
            lead = lead_may_see(source, lead, problems, row)
        due_on = None
        if not r.get("due", ""):
            problems.append(Problem(row, "By when", "Enter the date it is due by"))
        else:
            try:
                due_on = parse_date(r["due"])
            except ValueError as error:
                problems.append(Problem(row, "By when", str(error)))
        progress = r.get("progress", "")
        if len(progress) > action_services.MAX_UPDATE_CHARACTERS:
            problems.append(Problem(row, "Progress", f"Progress must be "
                                                     f"{action_services.MAX_UPDATE_CHARACTERS:,}"
                                                     f" characters or fewer"))
        status = ""
        try:
            status = parse_status(r.get("status", ""))
        except ValueError as error:
            problems.append(Problem(row, "Status", str(error)))
        actions.append(ActionRow(row, number, area_number, description, lead, due_on,
                                 progress, status))

    problems = in_row_order(problems)
    ordered_areas = sorted(areas.values(), key=lambda a: sort_key_for(a.number))
    actions.sort(key=lambda a: sort_key_for(a.number))
    for action in actions:
        if action.area_number in areas:
            areas[action.area_number].actions.append(action)
    return Checked(ordered_areas, actions, problems, plan)


# Writing -----------------------------------------------------------------------------------

def create(source, rows, *, by) -> tuple[int, int]:
    """Check again and create everything in one transaction: the recommendations, the
    source's action plan with its areas, each action (with its history) linked to its
    recommendation, and the first progress updates. Returns (recommendations, actions).
    Raises ImportRejected, having written nothing, if any row now fails."""
    conflict = ("Someone changed this source’s recommendations or action plan while the file "
                "was being imported: nothing was imported. Upload the file again to check it "
                "against the latest.")
    with all_or_nothing(conflict=conflict):
        # One import per source at a time: the second waits, then sees the first's numbers.
        source = RecommendationSource.objects.select_for_update().select_related(
            "board").get(pk=source.pk)
        checked = check(source, rows)
        if checked.problems:
            raise ImportRejected(checked.problems)
        plan = services.source_plan(source=source, by=by)
        recommendations, areas = {}, {}
        for row in checked.areas:
            recommendation = services.recommendation_create(
                source=source, by=by, event="Imported", number=row.number, text=row.text,
                acceptance=Acceptance.ACCEPTED)
            recommendations[row.area_number] = recommendation
            areas[row.area_number] = recommendation.area
        for row in checked.actions:
            action = _create_action(source, plan, areas, row, by)
            recommendations[row.area_number].actions.add(action)  # its history: the action's
            if row.progress or row.status:
                action_services.progress_add(
                    action=action, by=by, text=row.progress or IMPORTED,
                    status=row.status or ActionStatus.NOT_STARTED, version=action.version)
    return len(checked.areas), len(checked.actions)


def _create_action(source, plan, areas, row, by):
    try:
        return action_services.action_create(
            board=source.board, created_by=by, plan=plan, area=areas[row.area_number],
            number=row.number, description=row.description, lead_person=row.lead,
            lead_agency=row.lead.agency, due_on=row.due_on, source=ActionSource.RECOMMENDATION,
            is_confidential=source.is_confidential, event="imported",
        )
    except ValidationError as error:
        raise ImportRejected([Problem(row.row, "", message)
                              for message in error.messages]) from error
