"""The import skeleton (safeguard/lib/imports.py), with a made-up import of two columns."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from boards.models import Agency
from safeguard.lib.imports import (
    Column,
    ImportRejected,
    Pending,
    Problem,
    SpreadsheetFormat,
    all_or_nothing,
    and_list,
    file_problem,
    in_row_order,
)


class Trees(SpreadsheetFormat):
    columns = {
        "name": Column("Tree name", True, "What it is called."),
        "height": Column("Height", True, "In metres."),
        "note": Column("Note", False, "Anything else."),
    }
    header_column = "name"
    aliases = {"tall": "height"}
    max_bytes, max_rows, max_columns = 10_000, 4, 10


def csv(text, name="trees.csv"):
    return SimpleUploadedFile(name, text.encode())


def problems_of(error):
    return [(p.row, p.column, p.message) for p in error.value.problems]


def test_rows_come_keyed_by_column_with_their_spreadsheet_row_numbers():
    rows = Trees().read(csv("Our trees,,\n,,\nTree name,Height,Other\nOak, 20 ,x\n,,\n"
                            "Ash,15,\n"))
    assert rows == [{"row": 4, "name": "Oak", "height": "20", "note": ""},
                    {"row": 6, "name": "Ash", "height": "15", "note": ""}]


def test_headers_match_without_regard_to_case_or_spacing_and_by_alias():
    rows = Trees().read(csv("  TREE   name ,TALL,note\nOak,20,old\n"))
    assert rows == [{"row": 2, "name": "Oak", "height": "20", "note": "old"}]


def test_a_missing_required_column_is_named_from_the_first_filled_row():
    with pytest.raises(ImportRejected) as one:
        Trees().read(csv(",\nName,Height\nOak,20\n"))
    assert problems_of(one) == [(None, "", "The header row (row 2) must have the column "
                                           "Tree name: it is missing")]
    with pytest.raises(ImportRejected) as two:
        Trees().read(csv("Species,Age\nOak,20\n"))
    assert problems_of(two) == [(None, "", "The header row (row 1) must have the columns "
                                           "Tree name and Height: they are missing")]


@pytest.mark.parametrize(("content", "message"), [
    (",,\n,,\n", "The selected file is empty"),
    ("Tree name,Height\n,\n", "The file has no rows under its header row"),
    ("Tree name,Height\n" + "Oak,1\n" * 5, "The file has more than 4 rows: split it into "
                                           "smaller files"),
])
def test_a_file_that_cannot_be_imported_is_refused_whole(content, message):
    with pytest.raises(ImportRejected) as refused:
        Trees().read(csv(content))
    assert problems_of(refused) == [(None, "", message)]


def test_an_unreadable_file_is_a_problem_on_read_and_a_validation_error_on_check():
    with pytest.raises(ImportRejected) as refused:
        Trees().read(csv("Tree name,Height\n", name="trees.ods"))
    assert "CSV or XLSX" in refused.value.problems[0].message
    with pytest.raises(ValidationError):
        Trees().check_file(csv("", name="trees.csv"))
    Trees().check_file(csv("Tree name,Height\n"))


def test_column_help_lists_the_columns_for_the_upload_page():
    assert Trees().column_help[0] == {"name": "Tree name", "required": True,
                                      "help": "What it is called."}


def test_problems_in_row_order_then_column_order_each_message_once():
    problems = [Problem(3, "Height", "b"), Problem(None, "", "file"), Problem(3, "Tree name", "a"),
                Problem(2, "Height", "c"), Problem(3, "Height", "b")]
    assert [p.message for p in in_row_order(problems)] == ["file", "c", "b", "a", "b"]
    assert [p.message for p in in_row_order(problems, columns=["Tree name", "Height"],
                                            once=True)] == ["file", "c", "a", "b"]


def test_and_list():
    assert and_list([1]) == "1"
    assert and_list([1, 2]) == "1 and 2"
    assert and_list(["a", "b", "c"], "or") == "a, b or c"


def test_rows_wait_in_the_session_one_import_per_owner():
    session = {}
    waiting = Pending(session, "trees.")
    first = waiting.keep(7, [{"row": 2}], name="a.csv")
    second = waiting.keep(7, [{"row": 3}], name="b.csv")  # the first is forgotten
    other = waiting.keep(8, [{"row": 4}])
    assert waiting.get(first, 7) is None
    assert waiting.get(second, 7) == {"owner": 7, "rows": [{"row": 3}], "name": "b.csv"}
    assert waiting.get(second, 8) is None  # another owner's code
    waiting.forget(second)
    assert waiting.get(second, 7) is None and waiting.get(other, 8)["rows"] == [{"row": 4}]
    assert len(session) == 1


@pytest.mark.django_db
def test_all_or_nothing_leaves_nothing_written():
    with pytest.raises(ImportRejected):
        with all_or_nothing(conflict="clash"):
            Agency.objects.create(name="Kept?")
            raise file_problem("row 3 is wrong")
    assert not Agency.objects.filter(name="Kept?").exists()


@pytest.mark.django_db
def test_someone_writing_meanwhile_undoes_everything_with_the_conflict_message():
    with pytest.raises(ImportRejected) as refused:
        with all_or_nothing(conflict="Someone changed it meanwhile: upload the file again"):
            Agency.objects.create(name="First")
            raise IntegrityError("duplicate key")
    assert problems_of(refused) == [(None, "", "Someone changed it meanwhile: upload the "
                                               "file again")]
    assert not Agency.objects.filter(name="First").exists()
