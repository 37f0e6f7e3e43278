"""Reading an uploaded spreadsheet (CSV or XLSX) into a grid of cells, for every import:
recommendations and action plans (challenges/imports.py) and indicator figures
(performance/imports.py). Each import then finds its header and reads its own columns.

The file is checked by name and by its first bytes, CSV is decoded as Excel writes it (UTF-8
with or without a byte-order mark, UTF-16, or the older Windows-1252) with its delimiter found
from the header line, and only the first sheet of a workbook is read. A file with more filled
rows than allowed is refused, not cut short; blank rows do not count, but a sheet formatted far
below its data is refused too rather than read for ever.

Refused cheaply: a CSV with a character that is not text anywhere in it (a NUL byte) is refused
at once, not when its rows are saved. A workbook is refused from its archive's directory
(safeguard/lib/archives.py) if it holds over 1,000 parts, unpacks to more than ten times the largest
upload, or packs a part over a hundred times tight. Then its XML is scanned by expat as it
unpacks, keeping nothing, before openpyxl reads it: openpyxl keeps every shared string, each
row until it ends, every element outside the rows and every other part it reads whole, so the
scan refuses more cells or shared strings than `max_cells` (`max_rows` × `max_columns` unless
the import says fewer), a row wider than Excel's 16,384 columns, more than 100,000 elements
outside the rows, any other part over 8 MB, and entity declarations. openpyxl then reads the
first sheet in read-only (streaming) mode, stopping at the row limit.

Exports go the other way: `export_dataset` writes every CSV and XLSX download, with text that a
spreadsheet would run as a formula made harmless (`neutralise`).
"""

import csv
import io
import zipfile
from xml.parsers import expat

from django.template.defaultfilters import filesizeformat

from . import archives

EXCEL_HINT = "save it as “Excel Workbook (.xlsx)” or “CSV UTF-8” and upload it again"
RAW_ROWS_PER_FILLED_ROW = 5
UNPACKED_PER_PACKED = 10  # a workbook may unpack to ten times the largest upload
MAX_PARTS = 1000
EXCEL_MAX_COLUMNS = 16_384  # the most cells a row can have in Excel
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
SCAN_CHUNK = 1024 * 1024
MAX_IN_CONTAINER = 8 * EXCEL_MAX_COLUMNS  # a cell is a few elements: <c>, <v>, <f>, <is>…
MAX_OUTSIDE = 100_000  # columns, merged cells, links, formats: a sheet has a few thousand
ELEMENTS_PER_CELL = 4  # <c><is><t>…</t></is></c>, or <c><f>…</f><v>…</v></c>, at the most
MAX_PART = 8 * 1024 * 1024  # styles of Excel's most, 64,000 cell formats, take about 7 MB


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
        _check_archive(upload, max_bytes)
    elif not head.startswith(UTF16_MARKS) and _holds_nul(upload):
        raise Unreadable(NOT_TEXT)


NOT_TEXT = ("The selected file is not a CSV file: part of it is not text. Save it as “CSV "
            "UTF-8” and upload it again")
XLSX_UNREADABLE = ("The selected file could not be read as an XLSX spreadsheet: open it in "
                   "Excel, save it again and upload it")


def _holds_nul(upload) -> bool:
    """Whether a NUL byte is anywhere in the file (PostgreSQL cannot store one in text)."""
    try:
        while chunk := upload.read(SCAN_CHUNK):
            if b"\x00" in chunk:
                return True
        return False
    finally:
        upload.seek(0)


def _check_archive(upload, max_bytes):
    limits = archives.Limits(unpacked_bytes=UNPACKED_PER_PACKED * max_bytes, parts=MAX_PARTS)
    try:
        archives.check(upload, limits)
    except archives.Refused as refused:
        raise Unreadable(refused.message) from refused
    except zipfile.BadZipFile as error:
        raise Unreadable(XLSX_UNREADABLE) from error


def read_grid(upload, *, max_bytes, max_rows, max_columns, max_cells=None,
              xlsx_value=None) -> list[list]:
    """The first sheet's cells, row by row (up to `max_columns` of them). CSV cells are
    strings; XLSX cells are what openpyxl reads, or what `xlsx_value(cell)` makes of each.
    Raises Unreadable, and `TooManyRows` (a kind of it) past `max_rows` filled rows; a
    workbook of more than `max_cells` cells (`max_rows` × `max_columns` unless given) is
    refused before it is read."""
    check_upload(upload, max_bytes=max_bytes)
    upload.seek(0)
    content = upload.read()
    if extension(upload.name) == ".xlsx":
        _check_parts(content, max_cells=max_cells or max_rows * max_columns,
                     max_raw_rows=max_rows * RAW_ROWS_PER_FILLED_ROW)
        return _xlsx_grid(content, max_rows, max_columns, xlsx_value)
    return _csv_grid(content, max_rows, max_columns)


class TooManyRows(Unreadable):
    def __init__(self, max_rows):
        super().__init__(f"The file has more than {max_rows:,} rows: split it into smaller "
                         f"files")


class TooManyCells(Unreadable):
    def __init__(self, max_cells):
        super().__init__(f"The file has more than {max_cells:,} cells: keep only the sheet, "
                         f"rows and columns to import, and upload it again")


TOO_WIDE = (f"A row of the file has more than {EXCEL_MAX_COLUMNS:,} cells, more than Excel "
            f"allows: {EXCEL_HINT}")
TOO_MUCH_ELSE = ("The file holds too much besides its cells for a spreadsheet to import: "
                 "save it as “CSV UTF-8” and upload it again")


def _check_parts(content, *, max_cells, max_raw_rows):
    """Scan the workbook's XML as it unpacks (a megabyte at a time), before openpyxl reads
    it: openpyxl keeps in memory every shared string, each row's cells until the row ends,
    every element outside the rows, and every other part it reads whole (styles, the
    workbook, relationships). Raise if any of those would be too many or too large, or if
    the XML has more elements than so many cells could need (which bounds the scan's time).
    The scan itself is expat's, keeping nothing."""
    scan = _WorkbookScan(max_cells=max_cells, max_raw_rows=max_raw_rows)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for info in archive.infolist():
                name = info.filename.lower()
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    scan.sheet(archive, info)
                elif name.endswith("sharedstrings.xml"):
                    scan.shared_strings(archive, info)
                elif name.endswith((".xml", ".rels", ".vml")) and info.file_size > MAX_PART:
                    raise Unreadable(TOO_MUCH_ELSE)
    except Unreadable:
        raise
    except Exception as error:  # zipfile and zlib raise many kinds on a damaged file
        raise Unreadable(XLSX_UNREADABLE) from error


class _WorkbookScan:
    """Counts as expat reads each part: cells, rows and shared strings; elements inside one
    container (a row, a shared string) and outside them all; elements in all."""

    def __init__(self, *, max_cells, max_raw_rows):
        self.max_cells, self.max_raw_rows = max_cells, max_raw_rows
        self.cells = self.strings = self.rows = self.elements = 0
        self.max_elements = ELEMENTS_PER_CELL * max_cells + MAX_OUTSIDE + max_raw_rows

    def sheet(self, archive, info):
        self._part(archive, info, container="row")

    def shared_strings(self, archive, info):
        self._part(archive, info, container="si")

    def _part(self, archive, info, *, container):
        inside = outside = row_cells = 0
        in_container = False

        def start(name, _attributes):
            nonlocal inside, outside, row_cells, in_container
            name = name.rpartition(":")[2]  # x:row is a row
            self.elements += 1
            if self.elements > self.max_elements:
                raise Unreadable(TOO_MUCH_ELSE)
            if name == container:
                in_container, inside, row_cells = True, 0, 0
                if name == "row":
                    self.rows += 1
                    if self.rows > self.max_raw_rows:
                        raise TooManyRows(self.max_raw_rows // RAW_ROWS_PER_FILLED_ROW)
                else:
                    self.strings += 1
                    if self.strings > self.max_cells:
                        raise TooManyCells(self.max_cells)
            elif in_container:
                inside += 1
                if inside > MAX_IN_CONTAINER:
                    raise Unreadable(TOO_WIDE)
                if name == "c" and container == "row":
                    self.cells += 1
                    row_cells += 1
                    if row_cells > EXCEL_MAX_COLUMNS:
                        raise Unreadable(TOO_WIDE)
                    if self.cells > self.max_cells:
                        raise TooManyCells(self.max_cells)
            else:
                outside += 1  # openpyxl keeps these till the end
                if outside > MAX_OUTSIDE:
                    raise Unreadable(TOO_MUCH_ELSE)

        def end(name):
            nonlocal in_container
            if name.rpartition(":")[2] == container:
                in_container = False

        def no_doctype(*_args):  # never in a workbook; entities could multiply the text
            raise Unreadable(XLSX_UNREADABLE)

        parser = expat.ParserCreate()
        parser.StartElementHandler, parser.EndElementHandler = start, end
        parser.StartDoctypeDeclHandler = no_doctype
        parser.ordered_attributes = True
        with archive.open(info) as part:
            while chunk := part.read(SCAN_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)


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
        raise Unreadable(XLSX_UNREADABLE) from error
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
    if "\x00" in text:  # a UTF-16 file, whose bytes were not scanned for it
        raise Unreadable(NOT_TEXT)
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


# Writing: every CSV and XLSX export -----------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """Text that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
    carriage return) with a single quote put before it, so that Excel, LibreOffice and Google
    Sheets show it as typed and never run it (OWASP's advice on CSV injection): a plan's
    `=HYPERLINK("http://…"&A1,"Click")` cannot send its neighbours' cells anywhere. Numbers,
    dates and other text are left as they are; a negative number stays a number."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def export_dataset(dataset, file_format) -> bytes:
    """A tablib Dataset as the bytes of a CSV download (UTF-8 with a byte-order mark, which
    Excel needs to read it as UTF-8) or an XLSX one, every cell and heading neutralised. In
    XLSX a neutralised cell is text: openpyxl makes a formula only of text starting with =."""
    import tablib

    if file_format not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {file_format!r}")
    safe = tablib.Dataset(headers=[neutralise(h) for h in dataset.headers]
                          if dataset.headers else None)
    for row in dataset:
        safe.append([neutralise(value) for value in row])
    content = safe.export(file_format)
    return content.encode("utf-8-sig") if isinstance(content, str) else content
