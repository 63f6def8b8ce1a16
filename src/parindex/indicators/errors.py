"""The indicators package's exceptions: each carries where in which file the problem is."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class RowProblem:
    """One bad row: where it is (file, 1-based row as in the file, column header) and why.

    ``reason`` is a stable code (``bad_date``, ``missing``, ``duplicate_id`` …); ``value`` is the
    offending cell text and ``detail`` any extra fact (e.g. the row of the first occurrence).
    """

    file: str
    row: int | None
    column: str | None
    field: str | None
    reason: str
    value: str | None = None
    detail: dict[str, object] = field(default_factory=dict, compare=False, hash=False)  # type: ignore[operator, misc]  # the attribute "field" shadows dataclasses.field only for mypy

    def as_dict(self) -> dict[str, object]:
        """Return the problem as plain data (JSON-ready)."""
        return asdict(self)


class IndicatorError(Exception):
    """Root of every error the indicators package raises."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
        field: str | None = None,
        value: str | None = None,
        detail: dict[str, object] | None = None,
    ) -> None:
        self.reason = reason
        self.file = file
        self.row = row
        self.column = column
        self.field = field
        self.value = value
        self.detail = dict(detail or {})
        super().__init__(self._text())

    def _text(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.row) if p is not None)
        col = f" [{self.column}]" if self.column else ""
        extra = f" {self.detail}" if self.detail else ""
        return f"{where}{col}: {self.reason}{extra}".strip(": ")

    def as_problem(self) -> RowProblem:
        """Return this error as a RowProblem."""
        return RowProblem(
            self.file or "", self.row, self.column, self.field, self.reason, self.value, self.detail
        )


class SourceError(IndicatorError):
    """A file cannot be read at all (missing, unknown format, unreadable sheet)."""


class MappingError(IndicatorError):
    """The column mapping does not fit the file (header not found, required column missing).

    An invalid mapping file lists every problem in ``problems`` (``row`` is the line of the
    mapping file, ``field`` the path of the key in it, e.g. ``columns/level``).
    """

    def __init__(
        self, reason: str, *, problems: list[RowProblem] | None = None, **where: Any
    ) -> None:
        self.problems = list(problems or [])
        super().__init__(reason, **where)


class ImportRejected(IndicatorError):
    """More bad rows than the tolerance allows; nothing was stored. ``problems`` lists them."""

    def __init__(self, file: str, problems: list[RowProblem], bad: int, total: int) -> None:
        self.problems = problems
        self.bad = bad
        self.total = total
        first = problems[0] if problems else None
        super().__init__(
            "too_many_bad_rows",
            file=file,
            row=first.row if first else None,
            column=first.column if first else None,
            field=first.field if first else None,
            value=first.value if first else None,
            detail={"bad_rows": bad, "rows": total},
        )


class DefinitionError(IndicatorError):
    """An indicator definition file is invalid (unknown name, bad filter expression)."""


class StoreError(IndicatorError):
    """The store directory is unusable (corrupt manifest, another import holds the lock)."""
