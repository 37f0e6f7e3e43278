"""Checking an upload that is a zip inside (XLSX, Word, PowerPoint, OpenDocument) from the
archive's directory, before anything in it is unpacked.

A zip's directory says how many parts it holds and how large each one is, packed and
unpacked. Python's zipfile holds every later read to those sizes (a part that unpacks to more
fails its check), so refusing on the directory keeps a small file that unpacks to gigabytes (a
"zip bomb") from ever being unpacked: by papers' checks, by the spreadsheet reader, or by
openpyxl, which reads some parts whole. The number of parts is read first from the archive's
last record, so that a directory of a million tiny parts is not itself read into memory.
"""

import struct
import zipfile
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat

END_OF_DIRECTORY = b"PK\x05\x06"
# signature, this disk, directory's disk, parts on this disk, parts, directory size,
# directory offset, comment length
END_RECORD = struct.Struct("<4s4H2LH")
LONGEST_COMMENT = 0xFFFF
DIRECTORY_BYTES_PER_PART = 512  # 46 bytes and the part's name: Office's names are short
RATIO_FROM_BYTES = 1024 * 1024  # tiny parts pack well; only larger ones are judged by ratio
SAVE_AGAIN = "open it in the program that made it, save it again and upload it again"


@dataclass(frozen=True)
class Limits:
    unpacked_bytes: int  # all the parts together, unpacked
    parts: int
    ratio: int = 100  # unpacked size over packed size, of any part over RATIO_FROM_BYTES


class Refused(Exception):
    """The archive is refused; the message says why, for the person uploading."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check(file, limits: Limits) -> None:
    """Raise Refused if the archive holds too many parts, too much once unpacked, or a part
    packed far tighter than a real document's; zipfile.BadZipFile if it is not a zip. Reads
    only the archive's directory; leaves the file at its start."""
    try:
        parts, directory_bytes = _end_record(file)
        if parts > limits.parts or directory_bytes > limits.parts * DIRECTORY_BYTES_PER_PART:
            raise Refused(_too_many_parts(limits))
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    finally:
        file.seek(0)
    if len(infos) > limits.parts:
        raise Refused(_too_many_parts(limits))
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.unpacked_bytes:
        raise Refused(f"The selected file is too large once unpacked: it holds "
                      f"{filesizeformat(unpacked)}, and the most accepted is "
                      f"{filesizeformat(limits.unpacked_bytes)}. Make it smaller or split it")
    for info in infos:
        if (info.file_size > RATIO_FROM_BYTES
                and info.file_size > limits.ratio * max(info.compress_size, 1)):
            times = info.file_size // max(info.compress_size, 1)
            raise Refused(f"The selected file is too large once unpacked: part of it grows "
                          f"{times:,} times its size, far more than in a real document: "
                          f"{SAVE_AGAIN}")


def _too_many_parts(limits):
    return (f"The selected file holds too many parts inside it (more than {limits.parts:,}), "
            f"far more than a real document: {SAVE_AGAIN}")


def _end_record(file):
    """(parts, directory size) from the archive's end record, read from the file's tail."""
    size = file.seek(0, 2)
    file.seek(max(0, size - END_RECORD.size - LONGEST_COMMENT))
    tail = file.read()
    at = tail.rfind(END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < END_RECORD.size:
        raise zipfile.BadZipFile("No end of central directory record")
    record = END_RECORD.unpack_from(tail, at)
    return record[4], record[5]  # a ZIP64 archive says 0xFFFF parts here: too many
