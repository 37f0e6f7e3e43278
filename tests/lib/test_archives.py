"""Archive checks from the directory (safeguard/lib/archives.py) and the document check on
uploads (safeguard/lib/uploads.py). The real bombs are in tests/test_upload_bombs.py."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from safeguard.lib import archives
from safeguard.lib.uploads import validate_paper

LIMITS = archives.Limits(unpacked_bytes=10 * 1024 * 1024, parts=5)


def zipped(parts, method=zipfile.ZIP_DEFLATED):
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    content.seek(0)
    return content


def test_an_ordinary_archive_passes_and_is_left_at_its_start():
    file = zipped({"a.xml": b"<a/>" * 100, "b.xml": b"<b/>"})
    archives.check(file, LIMITS)
    assert file.tell() == 0


def test_too_many_parts_are_refused_from_the_end_record():
    with pytest.raises(archives.Refused, match="too many parts inside it \\(more than 5\\)"):
        archives.check(zipped({f"{n}.xml": b"x" for n in range(6)}), LIMITS)


def test_too_much_once_unpacked_is_refused():
    limits = archives.Limits(unpacked_bytes=1000, parts=5, ratio=10**6)
    with pytest.raises(archives.Refused, match="too large once unpacked: it holds"):
        archives.check(zipped({"a.xml": b"a" * 1001}), limits)


def test_a_part_packed_far_tighter_than_a_document_is_refused():
    with pytest.raises(archives.Refused, match="grows .* times its size"):
        archives.check(zipped({"a.xml": b"\0" * (2 * 1024 * 1024)}), LIMITS)
    archives.check(zipped({"a.xml": b"\0" * (2 * 1024 * 1024)}, zipfile.ZIP_STORED), LIMITS)


def test_not_a_zip_is_said_so():
    with pytest.raises(zipfile.BadZipFile):
        archives.check(io.BytesIO(b"PK\x03\x04 not really"), LIMITS)


@pytest.mark.parametrize(("name", "content", "content_type"), [
    ("minutes.pdf", b"%PDF-1.7 ...", "application/pdf"),
    ("notes.txt", "Café minutes".encode("cp1252"), "text/plain"),
    ("paper.docx", zipped({"word/document.xml": b"<w/>"}).read(),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_documents_are_accepted_with_their_content_type(name, content, content_type):
    assert validate_paper(SimpleUploadedFile(name, content)) == content_type


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.pdf", b"", "The selected file is empty"),
    ("page.pdf", b"<html>", "contents do not match its name"),
    ("page.txt", b"<script>alert(1)</script>", "contents do not match its name"),
    ("run.exe", b"MZ", "must be a PDF, Word"),
    ("paper.docx", zipped({"xl/workbook.xml": b"<w/>"}).read(), "contents do not match"),
])
def test_what_is_not_a_document_is_refused_on_the_field(name, content, message):
    with pytest.raises(ValidationError) as refused:
        validate_paper(SimpleUploadedFile(name, content), field="upload")
    assert message in refused.value.message_dict["upload"][0]
