"""The one spreadsheet reader every import uses (safeguard/lib/spreadsheets.py)."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from safeguard.lib import spreadsheets


def upload(name, content):
    return SimpleUploadedFile(name, content)


def read(file, max_rows=5):
    return spreadsheets.read_grid(file, max_bytes=10_000, max_rows=max_rows, max_columns=3)


def test_blank_rows_do_not_count_and_nothing_is_cut_short():
    rows = "a,b\n" + "\n,\n".join(f"{n},x" for n in range(4)) + "\n"  # 5 filled, 3 blank
    grid = read(upload("f.csv", rows.encode()))
    assert len(grid) == 8 and grid[-1] == ["3", "x"]
    with pytest.raises(spreadsheets.TooManyRows, match="more than 5 rows"):
        read(upload("f.csv", (rows + "5,x\n").encode()))


def test_excel_files_and_their_encodings_are_read_as_excel_writes_them():
    assert read(upload("f.csv", "Indicator;Value\nCP1;5,1\n".encode("utf-8-sig")))[1] == [
        "CP1", "5,1"]  # Excel's semicolons, as a continental Excel writes them
    assert read(upload("f.csv", "Café,1\n".encode("cp1252")))[0] == ["Café", "1"]
    assert read(upload("f.csv", "a,b\n".encode("utf-16")))[0] == ["a", "b"]
    book = openpyxl.Workbook()
    book.active.append(["Indicator", "Value", "Extra", "Beyond the columns read"])
    book.active.append(["CP1", 5.1, None, "x"])
    content = io.BytesIO()
    book.save(content)
    assert read(upload("f.xlsx", content.getvalue())) == [
        ["Indicator", "Value", "Extra"], ["CP1", 5.1, None]]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("f.csv", b"", "empty"),
    ("f.xls", b"\xd0\xcf\x11\xe0", "save it as"),
    ("f.pdf", b"%PDF-1.7", "must be a CSV or XLSX"),
    ("f.xlsx", b"a,b\n", "not an XLSX spreadsheet"),
    ("f.csv", b"PK\x03\x04\x00\x00", "not a CSV file"),
    ("f.xlsx", b"PK\x03\x04 damaged", "could not be read as an XLSX"),
    ("f.csv", b"x" * 20_000, "smaller than"),
])
def test_a_file_that_cannot_be_read_is_refused_with_the_reason(name, content, message):
    with pytest.raises(spreadsheets.Unreadable, match=message):
        read(upload(name, content))
