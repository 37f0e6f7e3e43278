"""Uploads that would eat the server are refused cheaply, before anything is unpacked: a 2 MB
.odt whose one part unpacks to 2 GB, a 1 MB .xlsx holding 400 MB of shared strings, a zip
packed a thousand times tighter than a document, a zip of thousands of parts, a workbook of too
many cells, and a CSV with a NUL byte past its first 4 KB. Each is refused within 2 s and
100 MB of memory, with a plain message next to the file field, and nothing is saved.

The bombs are built here, streamed through zlib. Time and memory are measured in a fresh Python
process, by its own peak resident memory (so nothing else the tests did counts), with its
address space capped so that a reader that did unpack a bomb fails instead of swapping."""

import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import date

import openpyxl
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards.models import Paper
from challenges import services as challenge_services
from challenges.models import ChallengeResponse
from performance import imports as indicator_imports
from performance.models import IndicatorValue
from recommendations.models import Recommendation, RecommendationSource, SourceKind
from safeguard.lib import spreadsheets
from safeguard.lib.uploads import validate_paper

from .factories import AgendaItemFactory, MeetingFactory

MB = 1024 * 1024
ODT = "application/vnd.oasis.opendocument.text"
SHEET_XML = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHARED_STRINGS_TYPE = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                       b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')


# Building the files ----------------------------------------------------------------------------

def stream_part(archive, name, pieces):
    """A part written piece by piece, packed as the archive packs."""
    with archive.open(name, "w", force_zip64=True) as part:
        for piece in pieces:
            part.write(piece)


def repeated(piece, total):
    chunk = piece * max(1, MB // len(piece))
    for _ in range(total // len(chunk)):
        yield chunk


def workbook(sheet_xml=None, shared_strings=None, styles=None) -> bytes:
    """A workbook openpyxl wrote, with its first sheet's XML, its shared strings and its
    styles replaced by the pieces given (streamed, so they may be hundreds of megabytes)."""
    book = openpyxl.Workbook()
    book.active.append(["Indicator", "Period", "Value"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml" and sheet_xml is not None:
                stream_part(archive, info.filename, sheet_xml)
                continue
            if info.filename == "xl/styles.xml" and styles is not None:
                stream_part(archive, info.filename, styles)
                continue
            if info.filename == "[Content_Types].xml" and shared_strings is not None:
                data = data.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
            archive.writestr(info.filename, data)
        if shared_strings is not None:
            stream_part(archive, "xl/sharedStrings.xml", shared_strings)
    return out.getvalue()


def shared_strings(count=None, total=None):
    yield SHEET_XML + b"<sst " + MAIN + b">"
    if total:
        yield from repeated(b"<si><t>Wirral Council</t></si>", total)
    else:
        yield b"<si><t>Wirral Council</t></si>" * count
    yield b"</sst>"


def sheet(rows):
    yield SHEET_XML + b"<worksheet " + MAIN + b"><sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


def row(cells):
    return b"<row>" + b"<c><v>1</v></c>" * cells + b"</row>"


def varied(template, count):
    """`count` elements that differ a little, so that they pack only a few times tight."""
    for start in range(0, count, 10_000):
        yield b"".join(template % (n * 7919 % 1_000_003)
                       for n in range(start, min(count, start + 10_000)))


def styles(cell_formats):
    yield SHEET_XML + b"<styleSheet " + MAIN + b"><cellXfs>"
    yield from varied(b'<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"/>',
                      cell_formats)
    yield b"</cellXfs></styleSheet>"


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")

    def save(name, content):
        (folder / name).write_bytes(content)

    # An OpenDocument text whose "mimetype" part unpacks to 2 GB: 9 MB at zlib's fastest.
    with zipfile.ZipFile(folder / "minutes.odt", "w", zipfile.ZIP_DEFLATED,
                         compresslevel=1) as archive:
        stream_part(archive, "mimetype", repeated(b"\0", 2048 * MB))
        archive.writestr("content.xml", "<office:document-content/>")
    # A workbook of 400 MB of shared strings: about 1 MB packed.
    save("figures.xlsx", workbook(shared_strings=shared_strings(total=400 * MB)))
    # Within the size and ratio limits, XML openpyxl would hold whole: 40 MB of cell formats
    # (2 MB packed), and 400,000 elements outside the rows of a sheet (1.5 MB packed).
    save("styles.xlsx", workbook(styles=styles(500_000)))
    save("elements.xlsx", workbook(sheet_xml=sheet([
        row(3), b"</sheetData><extLst>", *varied(b'<ext uri="%d"/>', 400_000),
        b"</extLst><sheetData>"])))
    # A Word document whose text (50 MB, within the size limit) packs a thousand times tight.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        stream_part(archive, "word/document.xml", repeated(b"<w:p/>", 50 * MB))
    save("report.docx", out.getvalue())
    # A Word document of 6,000 parts.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(6000):
            archive.writestr(f"word/media/image{n}.png", b"")
    save("scrapbook.docx", out.getvalue())
    return folder


# Measuring the refusal in a fresh process ------------------------------------------------------

CHILD = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files import File
from safeguard.lib.uploads import validate_paper
from recommendations import imports as recommendations
from performance import imports as indicators

reader, path = sys.argv[1], sys.argv[2]
upload = File(open(path, "rb"), name=path.rsplit("/", 1)[-1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    if reader == "paper":
        validate_paper(upload)
    else:
        (recommendations if reader == "recommendations" else indicators).read(upload)
    message = None
except ValidationError as error:
    message = error.message_dict["file"][0]
except (recommendations.ImportRejected, indicators.ImportRejected) as error:
    message = error.problems[0].message
except MemoryError:
    message = "MemoryError"
seconds = time.perf_counter() - started
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"message": message, "seconds": seconds, "grown_kb": grown}))
"""


def refuse_in_a_fresh_process(reader, path):
    result = subprocess.run(
        [sys.executable, "-c", CHILD, reader, str(path)], capture_output=True, text=True,
        cwd=settings.BASE_DIR, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "safeguard.settings"})
    assert result.returncode == 0, result.stderr[-3000:]
    refused = json.loads(result.stdout.strip().splitlines()[-1])
    refused["message"] = (refused["message"] or "").replace("\xa0", " ")  # filesizeformat's
    return refused


@pytest.mark.parametrize(("reader", "bomb", "message"), [
    ("paper", "minutes.odt", "The selected file is too large once unpacked: it holds 2.0 GB, "
                             "and the most accepted is 200.0 MB. Make it smaller or split it"),
    ("paper", "figures.xlsx", "The selected file is too large once unpacked: it holds 400.0 MB"),
    ("recommendations", "figures.xlsx", "The selected file is too large once unpacked: it "
                                        "holds 400.0 MB, and the most accepted is 20.0 MB"),
    ("indicators", "figures.xlsx", "The selected file is too large once unpacked: it holds "
                                   "400.0 MB, and the most accepted is 50.0 MB"),
    ("indicators", "styles.xlsx", "The file holds too much besides its cells"),
    ("indicators", "elements.xlsx", "The file holds too much besides its cells"),
    ("paper", "report.docx", "The selected file is too large once unpacked: part of it grows "),
    ("paper", "scrapbook.docx", "The selected file holds too many parts inside it (more than "
                                "5,000)"),
])
def test_a_decompression_bomb_is_refused_within_2_s_and_100_mb(bombs, reader, bomb, message):
    path = bombs / bomb
    assert path.stat().st_size <= 10 * MB  # small enough to upload
    refused = refuse_in_a_fresh_process(reader, path)
    assert refused["message"].startswith(message), refused
    assert refused["seconds"] < 2, refused
    assert refused["grown_kb"] * 1024 < 100 * MB, refused


def test_the_bombs_are_what_they_claim(bombs):
    with zipfile.ZipFile(bombs / "minutes.odt") as archive:
        assert archive.getinfo("mimetype").file_size == 2048 * MB
    with zipfile.ZipFile(bombs / "figures.xlsx") as archive:
        part = archive.getinfo("xl/sharedStrings.xml")
        assert part.file_size > 400 * MB - MB and part.compress_size < 2 * MB
    for name in ["styles.xlsx", "elements.xlsx"]:  # within every limit on the archive
        assert (bombs / name).stat().st_size < indicator_imports.MAX_BYTES
        with zipfile.ZipFile(bombs / name) as archive:
            parts = archive.infolist()
        assert 5 * MB < sum(part.file_size for part in parts) < 50 * MB
        assert all(part.file_size < 100 * part.compress_size for part in parts)
    with zipfile.ZipFile(bombs / "report.docx") as archive:
        part = archive.getinfo("word/document.xml")
        assert part.file_size < 200 * MB and part.file_size > 500 * part.compress_size


# What people see ---------------------------------------------------------------------------

def peer_review(cast):
    return RecommendationSource.objects.create(
        board=cast.board, kind=SourceKind.PEER_REVIEW, body="Local Government Association",
        title="LGA pilot peer review of the WSCB", made_on=date(2015, 1, 26))


def upload_of(bombs, name):
    return SimpleUploadedFile(name, (bombs / name).read_bytes())


def form_errors(response, field):
    assert response.status_code == 200
    return " ".join(response.context["form"].errors.get(field, [])).replace("\xa0", " ")


@pytest.mark.django_db
def test_a_bomb_uploaded_as_a_paper_is_refused_next_to_the_file(bombs, cast, client_for):
    item = AgendaItemFactory(meeting=MeetingFactory(board=cast.board))
    response = client_for(cast.manager).post(
        reverse("boards:paper_upload", args=[item.pk]),
        {"title": "Core dataset", "file": upload_of(bombs, "figures.xlsx")})
    assert "The selected file is too large once unpacked: it holds 400.0 MB" in form_errors(
        response, "file")
    assert not Paper.objects.exists()


@pytest.mark.django_db
def test_a_bomb_attached_to_a_response_is_refused_next_to_the_attachment(bombs, cast,
                                                                          client_for):
    challenge = challenge_services.challenge_raise(
        board=cast.board, by=cast.chair, question="Is the Graded Care Profile used?",
        to_agencies=[cast.police], response_due_on=date(2030, 1, 31))
    response = client_for(cast.partner).post(
        reverse("challenges:respond", args=[challenge.pk]),
        {"text": "See the attached report", "attachment": upload_of(bombs, "report.docx")})
    assert "too large once unpacked: part of it grows" in form_errors(response, "attachment")
    assert not ChallengeResponse.objects.exists()


@pytest.mark.django_db
def test_a_bomb_imported_as_recommendations_is_refused_next_to_the_file(bombs, cast,
                                                                       client_for):
    source = peer_review(cast)
    response = client_for(cast.manager).post(reverse("recommendations:import", args=[source.pk]),
                                             {"file": upload_of(bombs, "figures.xlsx")})
    assert "too large once unpacked: it holds 400.0 MB" in form_errors(response, "file")
    assert not Recommendation.objects.exists()


@pytest.mark.django_db
def test_a_bomb_imported_as_indicator_figures_is_refused_next_to_the_file(bombs, cast,
                                                                         client_for):
    response = client_for(cast.manager).post(reverse("performance:import", args=[cast.board.pk]),
                                             {"file": upload_of(bombs, "figures.xlsx")})
    assert "too large once unpacked: it holds 400.0 MB" in form_errors(response, "file")
    assert not IndicatorValue.objects.exists()


# Cells are counted as the sheet streams, before openpyxl holds them -----------------------------

def read(content, max_rows=5, max_columns=3):
    return spreadsheets.read_grid(SimpleUploadedFile("f.xlsx", content), max_bytes=MB,
                                  max_rows=max_rows, max_columns=max_columns)


def test_a_workbook_of_more_cells_than_the_rows_and_columns_allowed_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "SCAN_CHUNK", 7)  # tags split across every chunk
    fifteen = workbook(sheet_xml=sheet([row(3)] * 5))
    assert read(fifteen) == [[1, 1, 1]] * 5
    sixteen = workbook(sheet_xml=sheet([row(3)] * 5 + [row(1)]))
    with pytest.raises(spreadsheets.Unreadable, match="The file has more than 15 cells"):
        read(sixteen)
    many_strings = workbook(sheet_xml=sheet([row(1)]), shared_strings=shared_strings(count=16))
    with pytest.raises(spreadsheets.Unreadable, match="The file has more than 15 cells"):
        read(many_strings)


def test_an_entity_declaration_is_refused():
    laughs = workbook(sheet_xml=[SHEET_XML, b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>',
                                 b"<worksheet " + MAIN + b"><sheetData/></worksheet>"])
    with pytest.raises(spreadsheets.Unreadable, match="could not be read as an XLSX"):
        read(laughs)


def test_a_row_wider_than_excel_allows_is_refused_before_it_is_read():
    wide = workbook(sheet_xml=sheet([row(16_385)]))
    with pytest.raises(spreadsheets.Unreadable,
                       match="A row of the file has more than 16,384 cells"):
        read(wide, max_rows=20_000, max_columns=50)


def test_the_largest_file_an_import_allows_is_still_read(tmp_path):
    book = openpyxl.Workbook(write_only=True)
    sheet_ = book.create_sheet()
    sheet_.append(["Indicator", "Period", "Breakdown", "Value", "Note", "Agency"])
    for n in range(indicator_imports.MAX_ROWS):
        sheet_.append([f"CP{n % 40}", f"2017-{n % 12 + 1:02d}", "", n * 1.5,
                       f"Checked by the performance officer, row {n}", "Wirral Council"])
    content = io.BytesIO()
    book.save(content)
    grid = spreadsheets.read_grid(
        SimpleUploadedFile("figures.xlsx", content.getvalue()),
        max_bytes=indicator_imports.MAX_BYTES,
        max_rows=indicator_imports.MAX_ROWS + indicator_imports.HEADER_SEARCH_ROWS,
        max_columns=indicator_imports.MAX_COLUMNS)
    assert len(grid) == indicator_imports.MAX_ROWS + 1


# A NUL byte anywhere in a CSV -----------------------------------------------------------------

NOT_TEXT = "The selected file is not a CSV file: part of it is not text"


def csv_with_nul_after_4_kb():
    rows = ["Number,Area for development,Action,Lead,By when"]
    rows += [f"{n},Improve the quality of referrals from schools ({n}),,," for n in range(1, 200)]
    text = "\r\n".join(rows).encode()
    assert len(text) > 4096
    return text + b"\r\n200,Area \x00 200,,,\r\n"


@pytest.mark.django_db
def test_a_csv_with_a_nul_byte_after_4_kb_is_refused_at_the_upload(cast, client_for):
    source = peer_review(cast)
    client = client_for(cast.manager)
    response = client.post(reverse("recommendations:import", args=[source.pk]),
                           {"file": SimpleUploadedFile("plan.csv", csv_with_nul_after_4_kb())})
    assert NOT_TEXT in form_errors(response, "file")
    assert not [key for key in client.session.keys() if key.startswith("recommendations.import.")]
    assert not Recommendation.objects.exists()
    response = client.post(reverse("performance:import", args=[cast.board.pk]),
                           {"file": SimpleUploadedFile("figures.csv",
                                                       csv_with_nul_after_4_kb())})
    assert NOT_TEXT in form_errors(response, "file")


def test_a_nul_character_in_a_utf16_csv_is_refused():
    content = "Indicator,Value\r\nCP3,5\x001\r\n".encode("utf-16")
    with pytest.raises(spreadsheets.Unreadable, match=NOT_TEXT):
        spreadsheets.read_grid(SimpleUploadedFile("f.csv", content), max_bytes=MB,
                               max_rows=5, max_columns=3)


def test_the_builders_workbook_untouched_is_read():
    assert read(workbook()) == [["Indicator", "Period", "Value"]]


def test_an_archive_whose_last_record_lies_about_its_parts_is_still_refused(bombs):
    """The count in the archive's last record says 10; its directory lists 6,000."""
    content = bytearray((bombs / "scrapbook.docx").read_bytes())
    at = content.rfind(b"PK\x05\x06")
    content[at + 8:at + 12] = (10).to_bytes(2, "little") * 2
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        assert len(archive.infolist()) == 6000
    with pytest.raises(ValidationError, match="too many parts inside it"):
        validate_paper(SimpleUploadedFile("scrapbook.docx", bytes(content)))
