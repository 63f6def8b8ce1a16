"""The content sniffer, and tiny real files of every allowed type for the evidence tests."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from parindex.web.evidence.sniff import sniff

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def pdf_bytes(text: str = "parindex") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"% " + text.encode() + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Báo cáo kết quả CCHC năm 2020")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Hồ sơ đúng hạn"
    workbook.active["B1"] = 180840
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def doc_bytes() -> bytes:
    return OLE + b"\x00" * 1016 + "WordDocument".encode("utf-16-le") + b"\x00" * 64


def xls_bytes() -> bytes:
    return OLE + b"\x00" * 1016 + "Workbook".encode("utf-16-le") + b"\x00" * 64


def exe_bytes() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"This program cannot be run in DOS"


def html_bytes() -> bytes:
    return b"<!doctype html><html><script>alert(1)</script></html>"


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p/>")
    return out.getvalue()


ALLOWED = [
    ("pdf", pdf_bytes),
    ("docx", docx_bytes),
    ("xlsx", xlsx_bytes),
    ("doc", doc_bytes),
    ("xls", xls_bytes),
    ("png", png_bytes),
    ("jpeg", jpeg_bytes),
]


@pytest.mark.parametrize(("code", "make"), ALLOWED)
def test_sniff_recognises_each_allowed_type_by_content(code, make) -> None:
    kind = sniff(io.BytesIO(make()))
    assert kind is not None
    assert kind.code == code


@pytest.mark.parametrize(
    "make",
    [exe_bytes, html_bytes, zip_bytes, lambda: b"", lambda: b"%PD", lambda: OLE + b"\x00" * 600],
    ids=["exe", "html", "zip-not-office", "empty", "truncated-pdf", "ole-not-office"],
)
def test_sniff_refuses_anything_else(make) -> None:
    assert sniff(io.BytesIO(make())) is None


def test_sniff_leaves_the_file_at_its_start() -> None:
    file = io.BytesIO(xlsx_bytes())
    sniff(file)
    assert file.tell() == 0


def test_upload_guard_stops_reading_at_the_limit(settings) -> None:
    from django.core.files.uploadhandler import StopUpload

    from parindex.web.evidence.forms import SizeLimitUploadHandler

    settings.PARINDEX_EVIDENCE_MAX_BYTES = 10
    guard = SizeLimitUploadHandler()
    assert guard.receive_data_chunk(b"x" * 6, 0) == b"x" * 6
    with pytest.raises(StopUpload):
        guard.receive_data_chunk(b"x" * 6, 6)
    assert guard.exceeded
