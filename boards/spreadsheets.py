"""Reading an uploaded spreadsheet (CSV or XLSX) into a grid of cells, for every import:
recommendations and action plans (challenges/imports.py) and indicator figures
(performance/imports.py). Each import then finds its header and reads its own columns.

The file is checked by name and by its first bytes, CSV is decoded as Excel writes it (UTF-8
with or without a byte-order mark, UTF-16, or the older Windows-1252) with its delimiter found
from the header line, and only the first sheet of a workbook is read. A file with more filled
rows than allowed is refused, not cut short; blank rows do not count, but a sheet formatted far
below its data is refused too rather than read for ever.
"""

import csv
import io

from django.template.defaultfilters import filesizeformat

EXCEL_HINT = "save it as “Excel Workbook (.xlsx)” or “CSV UTF-8” and upload it again"
RAW_ROWS_PER_FILLED_ROW = 5


class Unreadable(Exception):
    """The file as a whole cannot be read; the message says why, for the person uploading."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def extension(name) -> str:
    name = (name or "").lower()
    return name[name.rfind("."):] if "." in name else ""


def check_upload(upload, *, max_bytes):
    """The file's size, name and first bytes; raises Unreadable saying what is wrong."""
    if upload.size == 0:
        raise Unreadable("The selected file is empty")
    if upload.size > max_bytes:
        raise Unreadable(f"The selected file must be smaller than {filesizeformat(max_bytes)}")
    kind = extension(upload.name)
    if kind in (".xls", ".ods"):
        raise Unreadable(f"The selected file must be a CSV or XLSX spreadsheet: {EXCEL_HINT}")
    if kind not in (".csv", ".xlsx"):
        raise Unreadable("The selected file must be a CSV or XLSX spreadsheet")
    upload.seek(0)
    head = upload.read(4096)
    upload.seek(0)
    if kind == ".xlsx":
        if not head.startswith(b"PK\x03\x04"):
            raise Unreadable("The selected file is not an XLSX spreadsheet: its contents do "
                             "not match its name")
    elif b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable("The selected file is not a CSV file: its contents do not match its "
                         "name")


def read_grid(upload, *, max_bytes, max_rows, max_columns, xlsx_value=None) -> list[list]:
    """The first sheet's cells, row by row (up to `max_columns` of them). CSV cells are
    strings; XLSX cells are what openpyxl reads, or what `xlsx_value(cell)` makes of each.
    Raises Unreadable, and `TooManyRows` (a kind of it) past `max_rows` filled rows."""
    check_upload(upload, max_bytes=max_bytes)
    upload.seek(0)
    content = upload.read()
    if extension(upload.name) == ".xlsx":
        return _xlsx_grid(content, max_rows, max_columns, xlsx_value)
    return _csv_grid(content, max_rows, max_columns)


class TooManyRows(Unreadable):
    def __init__(self, max_rows):
        super().__init__(f"The file has more than {max_rows:,} rows: split it into smaller "
                         f"files")


def _xlsx_grid(content, max_rows, max_columns, xlsx_value):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            grid, filled = [], 0
            for cells in workbook.worksheets[0].iter_rows(max_col=max_columns):
                values = [xlsx_value(cell) if xlsx_value else cell.value for cell in cells]
                grid.append(values)
                filled += any(v not in (None, "") for v in values)
                if filled > max_rows or len(grid) > max_rows * RAW_ROWS_PER_FILLED_ROW:
                    raise TooManyRows(max_rows)
        finally:
            workbook.close()
    except Unreadable:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise Unreadable("The selected file could not be read as an XLSX spreadsheet: open it "
                         "in Excel, save it again and upload it") from error
    return grid


def _csv_grid(content, max_rows, max_columns):
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]  # Excel's "CSV UTF-8", then its older plain "CSV"
    for encoding in encodings:
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Unreadable("The selected file's characters could not be read: save it as "
                         "“CSV UTF-8” and upload it again")
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    grid, filled = [], 0
    try:
        for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            grid.append(values[:max_columns])
            filled += any(v.strip() for v in values)
            if filled > max_rows:
                raise TooManyRows(max_rows)
    except csv.Error as error:
        raise Unreadable(f"The selected file is not a valid CSV file ({error})") from error
    return grid
