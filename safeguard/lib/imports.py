"""The import skeleton: read → map columns → check every row → preview → write all or nothing.

Every spreadsheet import goes the same way, and only its columns and its row rules are its own:

1. **Read** the upload into a grid of cells (safeguard/lib/spreadsheets.py), with its limits.
2. **Map columns**: find the header row (the first of the top rows with the import's header
   column in it), match each header to a declared column (without regard to case or spacing,
   or by an alias), refuse a file missing a required column, and give each filled row as text
   keyed by column, with the spreadsheet's own row number: ``{"row": 2, "number": "1", …}``.
3. **Check every row**: the import's own rules, each failure a `Problem` naming the row, the
   column and what is wrong. Nothing is written while checking.
4. **Preview**: the checked rows can wait in the session (`Pending`) until they are confirmed.
5. **Write all or nothing** through the app's services (`all_or_nothing`): a file with any
   problem is refused whole (`ImportRejected`), and a clash with someone writing meanwhile
   undoes everything.

An import declares a `SpreadsheetFormat` (its columns, header column, aliases, limits and how
its cells read as text) and writes its row rules and its writing against these pieces.
"""

import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from . import spreadsheets

HEADER_SEARCH_ROWS = 10


@dataclass
class Problem:
    row: int | None  # as the spreadsheet shows it; None for the file as a whole
    column: str
    message: str


class ImportRejected(Exception):
    """The file is refused as a whole; `problems` say why, row by row."""

    def __init__(self, problems):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def file_problem(message) -> ImportRejected:
    """The file refused for one reason that is not any row's."""
    return ImportRejected([Problem(None, "", message)])


def and_list(items, word="and") -> str:
    """"a", "a and b", "a, b and c" (or another `word`)."""
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


class Column(NamedTuple):
    name: str  # the header as documented
    required: bool
    help: str  # what goes in it: shown on the upload page


class SpreadsheetFormat:
    """One import's columns and limits. Subclass it and declare:

    - `columns`: key → Column, in the order the upload page lists them;
    - `header_column`: the key whose header marks the header row;
    - `aliases`: other headers (as `header_text` writes them) → key;
    - `max_bytes`, `max_rows`, `max_columns`, and `max_cells` if fewer than rows × columns;

    and, where the import reads cells its own way, `header_text`, `cell_text` and
    `xlsx_value`."""

    columns: dict[str, Column] = {}
    header_column: str = ""
    aliases: dict[str, str] = {}
    max_bytes: int
    max_rows: int
    max_columns: int = 50
    max_cells: int | None = None
    header_search_rows: int = HEADER_SEARCH_ROWS

    @property
    def column_help(self) -> list[dict]:
        return [{"name": name, "required": required, "help": text}
                for name, required, text in self.columns.values()]

    # How cells read --------------------------------------------------------------------

    def cell_text(self, value, key=None) -> str:
        """A cell as text: dates as 2015-01-31, whole numbers without ".0", text trimmed."""
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return " ".join(str(value).split())

    def header_text(self, value) -> str:
        """A header cell as it is matched: lower case, spacing tidied."""
        return " ".join(self.cell_text(value).split()).lower()

    def header_key(self, value) -> str | None:
        """The column a header cell names, or None."""
        text = self.header_text(value)
        for key, column in self.columns.items():
            if text == self.header_text(column.name):
                return key
        return self.aliases.get(text)

    xlsx_value = None  # or a method: what a workbook's cell is read as (spreadsheets.read_grid)

    # Reading ---------------------------------------------------------------------------

    def check_file(self, upload) -> None:
        """The file's size, name and first bytes; raises ValidationError saying what is wrong
        (for a form's clean_<field>)."""
        try:
            spreadsheets.check_upload(upload, max_bytes=self.max_bytes)
        except spreadsheets.Unreadable as error:
            raise ValidationError(error.message) from error

    def too_many_rows(self) -> ImportRejected:
        return file_problem(f"The file has more than {self.max_rows:,} rows: split it into "
                            f"smaller files")

    def read(self, upload) -> list[dict]:
        """The file's filled rows as text keyed by column (every declared column, "" where the
        file has none), each with its spreadsheet row number. Raises ImportRejected when the
        file cannot be read or lacks a required column."""
        try:
            grid = spreadsheets.read_grid(
                upload, max_bytes=self.max_bytes,
                max_rows=self.max_rows + self.header_search_rows,
                max_columns=self.max_columns, max_cells=self.max_cells,
                xlsx_value=self.xlsx_value)
        except spreadsheets.TooManyRows as error:
            raise self.too_many_rows() from error
        except spreadsheets.Unreadable as error:
            raise file_problem(error.message) from error
        return self.rows_from_grid(grid)

    def rows_from_grid(self, grid) -> list[dict]:
        header_at = self._header_row(grid)
        positions = {}
        for position, value in enumerate(grid[header_at]):
            key = self.header_key(value)
            if key and key not in positions:
                positions[key] = position
        missing = [column.name for key, column in self.columns.items()
                   if column.required and key not in positions]
        if missing:
            raise file_problem(
                f"The header row (row {header_at + 1}) must have the "
                f"column{'s' if len(missing) > 1 else ''} {and_list(missing)}: "
                f"{'they are' if len(missing) > 1 else 'it is'} missing")
        rows = []
        for index in range(header_at + 1, len(grid)):
            values = grid[index]
            row = {"row": index + 1}
            for key in self.columns:
                position = positions.get(key)
                row[key] = (self.cell_text(values[position], key)
                            if position is not None and position < len(values) else "")
            if any(row[key] for key in positions):
                rows.append(row)
        if not rows:
            raise file_problem("The file has no rows under its header row")
        if len(rows) > self.max_rows:
            raise self.too_many_rows()
        return rows

    def _header_row(self, grid) -> int:
        """The first of the top rows naming the header column; failing that the first filled
        row, so that the message names what is missing from it."""
        for index, values in enumerate(grid[:self.header_search_rows]):
            if any(self.header_key(v) == self.header_column for v in values):
                return index
        for index, values in enumerate(grid):
            if any(self.cell_text(v) for v in values):
                return index
        raise file_problem("The selected file is empty")


# Checking ----------------------------------------------------------------------------------

def in_row_order(problems, *, columns=(), once=False) -> list[Problem]:
    """The problems by row (the file's own first), then by the order of `columns` (column
    names) where given; with `once`, each message once per row."""
    order = {name: n for n, name in enumerate(columns)}
    ordered = sorted(problems, key=lambda p: (p.row or 0, order.get(p.column, 99) if order
                                              else 0))
    if not once:
        return ordered
    seen, tidy = set(), []
    for p in ordered:
        if (p.row, p.message) not in seen:
            seen.add((p.row, p.message))
            tidy.append(p)
    return tidy


# Preview -----------------------------------------------------------------------------------

class Pending:
    """Checked rows waiting in the session between the preview and the confirmation, under a
    one-off code; at most one import waits per owner (the record the rows go into), to keep
    the session small."""

    def __init__(self, session, prefix):
        self.session, self.prefix = session, prefix

    def _key(self, code):
        return f"{self.prefix}{code}"

    def keep(self, owner, rows, **details) -> uuid.UUID:
        for key in [k for k in self.session.keys() if k.startswith(self.prefix)]:
            if (self.session.get(key) or {}).get("owner") == owner:
                del self.session[key]
        code = uuid.uuid4()
        self.session[self._key(code)] = {"owner": owner, "rows": rows, **details}
        return code

    def get(self, code, owner) -> dict | None:
        """What waits under the code for this owner, or None (done, expired, or another's)."""
        pending = self.session.get(self._key(code))
        if not pending or pending.get("owner") != owner:
            return None
        return pending

    def forget(self, code) -> None:
        self.session.pop(self._key(code), None)


# Writing -----------------------------------------------------------------------------------

@contextmanager
def all_or_nothing(*, conflict):
    """`with all_or_nothing(conflict=…):` the writes in one transaction. An ImportRejected
    raised inside leaves nothing written; a unique constraint broken because someone wrote
    the same records meanwhile (IntegrityError) does too, and is refused with `conflict`."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise file_problem(conflict) from error
