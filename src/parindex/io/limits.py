"""Bounds for files people hand in: zip packages (.xlsx, .docx), workbooks and CSV or text.

The bounded YAML loader and :class:`LimitError` live in ``parindex.core.limits`` (the core
parses YAML it is handed and may not import this package); this module adds what needs files
and re-uses them, so every refusal is the same :class:`LimitError` with the code
``file_too_large_or_malformed``.

A zip package is checked from its central directory before anything unpacks it (Python's
zipfile never inflates a member past the size the directory declares). A workbook is opened
only after that check, read-only, and its rows pass through a :class:`Budget` that counts rows,
cells and seconds across every sheet. A CSV or text file is refused by its size before it is
read, and its rows go through the same budget.
"""

from __future__ import annotations

import os
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

from parindex.core.limits import MIB, LimitError, check_size

ZipSource = str | os.PathLike[str] | IO[bytes]
T = TypeVar("T")


@dataclass(frozen=True)
class ZipLimits:
    """What a zip package may declare: total unpacked size, members and compression ratio."""

    max_total_bytes: int = 64 * MIB
    max_members: int = 1_000
    #: Unpacked / packed size of one member; spreadsheets' XML compresses 5 to 30 times.
    max_ratio: int = 100
    #: Members smaller than this unpacked are never refused for their ratio alone.
    ratio_floor_bytes: int = MIB


@dataclass(frozen=True)
class TableLimits:
    """What one table file may hold: its size as CSV/text, rows and cells, and reading time."""

    max_bytes: int = 20 * MIB
    max_rows: int = 200_000
    max_cells: int = 2_000_000
    max_seconds: float = 60.0


ZIP_LIMITS = ZipLimits()
#: A framework workbook is a few hundred rows: far less than any other upload.
FRAMEWORK_ZIP_LIMITS = ZipLimits(max_total_bytes=16 * MIB, max_members=500)
#: An XLSForm questionnaire: a few hundred questions and choices, like a framework.
FORM_ZIP_LIMITS = FRAMEWORK_ZIP_LIMITS
FORM_TABLE_LIMITS = TableLimits(max_bytes=4 * MIB, max_rows=20_000, max_cells=500_000)
#: Survey responses exported from Kobo, ODK or LimeSurvey: thousands of rows.
RESPONSES_TABLE_LIMITS = TableLimits()
#: Published national results: one row per province and year.
NATIONAL_TABLE_LIMITS = TableLimits(max_bytes=4 * MIB, max_rows=10_000, max_cells=500_000)
#: Evidence is stored, never read by parindex, but converted for preview: photos in a report
#: make a large package that does not compress; a bomb is refused by its ratio.
EVIDENCE_ZIP_LIMITS = ZipLimits(max_total_bytes=512 * MIB, max_members=5_000)
#: A one-stop shop's dossier log exported to Excel: up to Excel's 1 048 576 rows, which unpack
#: to well under 2 GiB; a bomb is refused by its ratio long before that.
DOSSIER_ZIP_LIMITS = ZipLimits(max_total_bytes=2048 * MIB, max_members=1_000)


def check_zip(source: ZipSource, limits: ZipLimits = ZIP_LIMITS) -> None:
    """Refuse a zip package whose central directory declares too much; a stream is rewound.

    A file that is not a zip at all raises :class:`zipfile.BadZipFile` as ``zipfile`` does.
    """
    position = None if isinstance(source, str | os.PathLike) else source.tell()
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    finally:
        if position is not None and not isinstance(source, str | os.PathLike):
            source.seek(position)
    if len(members) > limits.max_members:
        raise LimitError(
            "zip_members",
            limits.max_members,
            len(members),
            f"the package holds {len(members)} files, more than {limits.max_members}",
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_total_bytes:
        raise LimitError(
            "zip_total_bytes",
            limits.max_total_bytes,
            total,
            f"the package unpacks to {total} bytes, more than {limits.max_total_bytes}",
        )
    for member in members:
        if member.file_size < limits.ratio_floor_bytes:
            continue
        ratio = member.file_size // max(member.compress_size, 1)
        if ratio > limits.max_ratio:
            raise LimitError(
                "zip_ratio",
                limits.max_ratio,
                ratio,
                f"'{member.filename}' unpacks {ratio} times its packed size "
                f"(at most {limits.max_ratio})",
            )


class Budget:
    """Rows, cells and seconds left to read one file, shared by all of its sheets."""

    def __init__(self, limits: TableLimits) -> None:
        self.limits = limits
        self.rows = 0
        self.cells = 0
        self.started = time.monotonic()

    def rows_of(self, rows: Iterable[Sequence[T]]) -> Iterator[list[T]]:
        """Each row as a list, raising LimitError once the file holds more than allowed."""
        limits = self.limits
        for row in rows:
            values = list(row)
            self.rows += 1
            self.cells += len(values)
            if self.rows > limits.max_rows:
                raise LimitError(
                    "rows", limits.max_rows, self.rows, f"more than {limits.max_rows} rows"
                )
            if self.cells > limits.max_cells:
                raise LimitError(
                    "cells", limits.max_cells, self.cells, f"more than {limits.max_cells} cells"
                )
            elapsed = time.monotonic() - self.started
            if elapsed > limits.max_seconds:
                raise LimitError(
                    "seconds",
                    int(limits.max_seconds),
                    int(elapsed),
                    f"reading took more than {limits.max_seconds:g} seconds",
                )
            yield values


@contextmanager
def open_workbook(source: ZipSource, limits: ZipLimits = ZIP_LIMITS) -> Iterator[Any]:
    """A workbook opened read-only (cell values, not formulas) once its package is checked."""
    from openpyxl import load_workbook

    check_zip(source, limits)
    book = load_workbook(source, read_only=True, data_only=True)
    try:
        yield book
    finally:
        book.close()


def read_bytes(source: str | os.PathLike[str] | bytes, limits: TableLimits) -> bytes:
    """The bytes of a file (or the bytes given), refused beyond ``limits.max_bytes``."""
    if isinstance(source, bytes):
        check_size(len(source), limits.max_bytes, "file")
        return source
    path = Path(source)
    check_size(path.stat().st_size, limits.max_bytes, "file")
    with path.open("rb") as handle:
        data = handle.read(limits.max_bytes + 1)
    check_size(len(data), limits.max_bytes, "file")
    return data
