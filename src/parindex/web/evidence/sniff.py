"""Tell a file's type from its content (magic bytes), never from its name.

Only the types evidence may be: PDF, Word (.docx, .doc), Excel (.xlsx, .xls), PNG, JPEG. An
Office package is first checked within ``parindex.io.limits.EVIDENCE_ZIP_LIMITS``: a zip bomb
is not a file of any allowed kind.
A small sniffer instead of libmagic: the list is short and a system library would be one
more thing to install on a province's server.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from parindex.core.limits import LimitError
from parindex.io.limits import EVIDENCE_ZIP_LIMITS, check_zip


@dataclass(frozen=True)
class FileKind:
    code: str
    extension: str
    content_type: str


PDF = FileKind("pdf", "pdf", "application/pdf")
DOCX = FileKind(
    "docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
XLSX = FileKind("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOC = FileKind("doc", "doc", "application/msword")
XLS = FileKind("xls", "xls", "application/vnd.ms-excel")
PNG = FileKind("png", "png", "image/png")
JPEG = FileKind("jpeg", "jpg", "image/jpeg")
KINDS = {k.code: k for k in (PDF, DOCX, XLSX, DOC, XLS, PNG, JPEG)}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in an OLE2 compound file's directory (UTF-16LE): Word vs Excel.
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_CHUNK = 1 << 16


def sniff(file: BinaryIO) -> FileKind | None:
    """The allowed kind this seekable binary file is, or None; leaves it at offset 0."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _sniff_zip(file)
        if head.startswith(_OLE):
            return _sniff_ole(file)
        return None
    finally:
        file.seek(0)


def _sniff_zip(file: BinaryIO) -> FileKind | None:
    # An Office Open XML package: [Content_Types].xml plus word/ or xl/ parts. A package that
    # declares more than EVIDENCE_ZIP_LIMITS (a zip bomb) is a damaged file: refused unopened.
    try:
        check_zip(file, EVIDENCE_ZIP_LIMITS)
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, LimitError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def _sniff_ole(file: BinaryIO) -> FileKind | None:
    # The directory's sectors can be anywhere, so scan the whole (size-limited) file.
    tail = b""
    word = excel = False
    while chunk := file.read(_CHUNK):
        window = tail + chunk
        word = word or _WORD_STREAM in window
        excel = excel or any(s in window for s in _EXCEL_STREAMS)
        tail = window[-32:]
    if word:  # the stream every Word 97+ file has; an embedded sheet does not make it Excel
        return DOC
    return XLS if excel else None
