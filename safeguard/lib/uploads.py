"""Papers are documents: PDF, Word, Excel, PowerPoint, OpenDocument, CSV or plain text.

The file's first bytes must match its extension (a renamed web page is refused), and it is
always sent back as a download with its stored content type, never as HTML. Word, Excel,
PowerPoint and OpenDocument files are zips inside: their sizes are checked from the archive's
directory (safeguard/lib/archives.py) before any part of them is read.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from . import archives

OOXML = {
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",
              "ppt/"),
}
ODF = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
OLE = {".doc": "application/msword", ".xls": "application/vnd.ms-excel",
       ".ppt": "application/vnd.ms-powerpoint"}
TEXT = {".csv": "text/csv", ".txt": "text/plain"}
ALLOWED = sorted([".pdf", *OOXML, *ODF, *OLE, *TEXT])
ACCEPT_ATTRIBUTE = ",".join(ALLOWED)

NOT_A_DOCUMENT = (
    "The selected file must be a PDF, Word, Excel, PowerPoint, OpenDocument, CSV or text file"
)
UNPACKED_PER_PACKED = 10  # a paper may unpack to ten times the largest upload
MAX_PARTS = 5000  # a 300-slide presentation with its pictures holds about 1,500


def paper_limits() -> archives.Limits:
    return archives.Limits(unpacked_bytes=UNPACKED_PER_PACKED * settings.PAPER_MAX_BYTES,
                           parts=MAX_PARTS)


def validate_paper(upload, *, field="file") -> str:
    """Return the content type to store, or raise ValidationError saying what is wrong (on
    `field`, the form's file field)."""
    if upload.size == 0:
        raise ValidationError({field: "The selected file is empty"})
    if upload.size > settings.PAPER_MAX_BYTES:
        raise ValidationError(
            {field: f"The selected file must be smaller than "
                    f"{filesizeformat(settings.PAPER_MAX_BYTES)}"}
        )
    name = upload.name.lower()
    extension = name[name.rfind("."):] if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError({field: NOT_A_DOCUMENT})
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    try:
        content_type = _content_type(upload, extension, head)
    except archives.Refused as refused:
        raise ValidationError({field: refused.message}) from refused
    if content_type is None:
        raise ValidationError({field: f"{NOT_A_DOCUMENT}. This file's contents do not match "
                                      f"its name."})
    return content_type


def _content_type(upload, extension, head):
    if extension == ".pdf":
        return "application/pdf" if head.startswith(b"%PDF-") else None
    if extension in OLE:
        return OLE[extension] if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") else None
    if extension in OOXML or extension in ODF:
        if not head.startswith(b"PK\x03\x04"):
            return None
        try:
            archives.check(upload, paper_limits())  # before any part is unpacked
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
                if extension in ODF:
                    with archive.open("mimetype") as part:
                        mimetype = part.read(100).decode("ascii", "replace").strip()
                    return ODF[extension] if mimetype == ODF[extension] else None
        except (zipfile.BadZipFile, KeyError):
            return None
        finally:
            upload.seek(0)
        content_type, folder = OOXML[extension]
        return content_type if any(n.startswith(folder) for n in names) else None
    # CSV and plain text: must be text, and not markup a browser would run.
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return None
    if "\x00" in text or "<html" in text.lower() or "<script" in text.lower():
        return None
    return TEXT[extension]
