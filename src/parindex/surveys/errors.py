"""The surveys package's exceptions and located problems (codes, never sentences)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class FormProblem:
    """One problem in an XLSForm: sheet, 1-based row as Excel shows it, column header, code."""

    sheet: str
    row: int | None
    column: str | None
    code: str
    value: str | None = None
    detail: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def as_dict(self) -> dict[str, object]:
        """Return the problem as plain data (JSON-ready)."""
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.row}" if self.row is not None else self.sheet
        col = f" [{self.column}]" if self.column else ""
        val = f" {self.value!r}" if self.value is not None else ""
        return f"{where}{col}: {self.code}{val}"


@dataclass(frozen=True)
class ResponseProblem:
    """One bad response: 1-based file row, column header, question name, code and value."""

    row: int | None
    column: str | None
    question: str | None
    code: str
    value: str | None = None
    detail: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def as_dict(self) -> dict[str, object]:
        """Return the problem as plain data (JSON-ready)."""
        return asdict(self)

    def __str__(self) -> str:
        col = f" [{self.column}]" if self.column else ""
        val = f" {self.value!r}" if self.value is not None else ""
        return f"row {self.row}{col}: {self.code}{val}"


class SurveyError(Exception):
    """Root of every error the surveys package raises."""


class FormError(SurveyError):
    """An XLSForm is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[FormProblem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        super().__init__("\n".join(str(p) for p in problems))


class ResponsesRejected(SurveyError):
    """An import has more bad rows than the tolerance allows; nothing was stored."""

    def __init__(self, problems: list[ResponseProblem], bad: int, total: int) -> None:
        self.problems = problems
        self.bad = bad
        self.total = total
        head = "; ".join(str(p) for p in problems[:5])
        super().__init__(f"too_many_bad_rows {bad}/{total}: {head}")


class SourceError(SurveyError):
    """A responses file cannot be read (missing, unknown format, no header, mapping misfit)."""

    def __init__(self, code: str, detail: dict[str, object] | None = None) -> None:
        self.code = code
        self.detail = dict(detail or {})
        super().__init__(f"{code} {self.detail}" if self.detail else code)
