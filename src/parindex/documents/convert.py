"""Convert documents with LibreOffice headless (PDF for printing, text for checks)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from parindex.core.errors import ParindexError

INSTALL_HINT = "install it with: apt-get install -y libreoffice-writer-nogui"
TEXT_FILTER = "txt:Text (encoded):UTF8"


class ConversionError(ParindexError):
    """LibreOffice could not convert a document."""


class LibreOfficeMissing(ConversionError):
    """LibreOffice (soffice) is not installed or not on PATH."""


def find_soffice() -> str | None:
    """The soffice executable ($PARINDEX_SOFFICE, then PATH), or None."""
    configured = os.environ.get("PARINDEX_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, target_format: str, outdir: Path, *, timeout: float = 120) -> Path:
    """Convert ``source`` into ``outdir`` ('pdf', 'docx', or a filter such as TEXT_FILTER)."""
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeMissing(f"LibreOffice (soffice) is not installed; {INSTALL_HINT}")
    extension = target_format.partition(":")[0]
    with tempfile.TemporaryDirectory(prefix="parindex-lo-") as profile:
        # A private profile: conversions never share or lock the user's LibreOffice profile.
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            str(outdir),
            str(source),
        ]
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(f"LibreOffice took more than {timeout} s") from exc
    produced = outdir / f"{source.stem}.{extension}"
    if result.returncode != 0 or not produced.exists():
        detail = (result.stderr or result.stdout).strip()
        raise ConversionError(f"LibreOffice could not convert {source.name}: {detail}")
    return produced


def convert_bytes(data: bytes, suffix: str, target_format: str) -> bytes:
    """Convert a document given as bytes (e.g. '.docx' to 'pdf') and return the result's bytes."""
    with tempfile.TemporaryDirectory(prefix="parindex-convert-") as work:
        source = Path(work) / f"document{suffix}"
        source.write_bytes(data)
        outdir = Path(work) / "out"
        outdir.mkdir()
        return convert(source, target_format, outdir).read_bytes()


def docx_to_pdf(data: bytes) -> bytes:
    """A .docx as PDF bytes; raise LibreOfficeMissing with the install hint when absent."""
    return convert_bytes(data, ".docx", "pdf")


def docx_to_text(data: bytes) -> str:
    """The text LibreOffice reads out of a .docx (how tests check a document opens cleanly)."""
    return convert_bytes(data, ".docx", TEXT_FILTER).decode("utf-8-sig")
