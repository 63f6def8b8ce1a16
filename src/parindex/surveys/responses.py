"""Responses exported from KoboToolbox, ODK Central and LimeSurvey, validated against a Survey.

A file is read as a header and rows of text (CSV with ``,``/``;``/tab, or the first sheet of
an XLSX), the tool is recognised from its meta columns, each question is matched to a column
(an override mapping wins), and every row becomes a Response or a list of located problems.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from parindex.core.dates import parse_date
from parindex.core.numbers import parse_number
from parindex.io.limits import (
    RESPONSES_TABLE_LIMITS,
    Budget,
    TableLimits,
    open_workbook,
    read_bytes,
)
from parindex.surveys.errors import ResponseProblem, ResponsesRejected, SourceError
from parindex.surveys.expressions import bounds, in_bounds, max_choices
from parindex.surveys.model import Question, Survey
from parindex.surveys.xlsform import cell_text

Answer = str | int | Decimal | tuple[str, ...]

TOOLS = ("kobo", "odk", "limesurvey", "generic")
#: Candidate id and submission-time columns per tool, best first.
ID_COLUMNS = {
    "kobo": ("_uuid", "_id", "meta/instanceID"),
    "odk": ("KEY", "meta-instanceID", "instanceID", "meta/instanceID"),
    "limesurvey": ("id",),
    "generic": ("id", "response_id", "ID"),
}
TIME_COLUMNS = {
    "kobo": ("_submission_time", "end"),
    "odk": ("SubmissionDate", "end"),
    "limesurvey": ("submitdate",),
    "generic": ("submitted_at", "submitdate"),
}
SELECTED = {"1", "y", "yes", "true", "x"}
UNSELECTED = {"", "0", "n", "no", "false"}


@dataclass(frozen=True)
class Response:
    """One validated response: its id in the source tool, submission time and coded answers."""

    id: str
    submitted_at: str | None
    answers: dict[str, Answer]
    row: int | None = field(default=None, compare=False)

    def get(self, name: str) -> Answer | None:
        """Return the answer to question `name`, or None."""
        return self.answers.get(name)


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds what: the tool, the id and time columns, and one column per question.

    ``multi_columns`` holds select_multiple questions exported one column per choice
    (LimeSurvey ``Q[SQ001]`` = Y, Kobo ``grp/q/choice`` = 1) when no single column exists.
    """

    tool: str
    id_column: str
    submitted_column: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    multi_columns: dict[str, dict[str, str]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        """Return the mapping as plain data (kept with each import batch)."""
        return {
            "tool": self.tool,
            "id_column": self.id_column,
            "submitted_column": self.submitted_column,
            "columns": dict(self.columns),
            "multi_columns": {k: dict(v) for k, v in self.multi_columns.items()},
        }


@dataclass(frozen=True)
class Tolerance:
    """How many bad rows an import may skip before it is rejected as a whole."""

    max_bad_rows: int | None = None
    max_bad_share: Decimal = Decimal("0.05")

    def allows(self, bad: int, total: int) -> bool:
        """Return True when `bad` of `total` rows stays within both limits."""
        if bad == 0:
            return True
        if self.max_bad_rows is not None and bad > self.max_bad_rows:
            return False
        return total > 0 and Decimal(bad) / Decimal(total) <= self.max_bad_share


STRICT = Tolerance(max_bad_rows=0, max_bad_share=Decimal(0))


@dataclass(frozen=True)
class ResponseBatch:
    """The outcome of reading one file: good responses, problems, counts and the mapping used."""

    mapping: ColumnMapping
    responses: tuple[Response, ...]
    problems: tuple[ResponseProblem, ...]
    rows: int

    @property
    def bad_rows(self) -> int:
        """Return how many rows had at least one problem."""
        return len({p.row for p in self.problems})


# -- reading files ---------------------------------------------------------------------------
def read_table(
    path: str | Path, limits: TableLimits = RESPONSES_TABLE_LIMITS
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Return (header, [(1-based row, cells)]) of a CSV or XLSX export; empty rows dropped.

    The file is read within ``limits`` (and an XLSX package within ``ZIP_LIMITS``); beyond
    them a ``parindex.core.limits.LimitError`` is raised.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError("file_not_found", {"file": str(path)})
    suffix = path.suffix.lower()
    budget = Budget(limits)
    if suffix in (".xlsx", ".xlsm"):
        with open_workbook(path) as wb:
            rows = budget.rows_of(wb.worksheets[0].iter_rows(values_only=True))
            raw = [[cell_text(c) for c in r] for r in rows]
    elif suffix in (".csv", ".txt", ".tsv"):
        try:
            text = read_bytes(path, limits).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SourceError("unreadable", {"file": str(path), "reason": str(exc)}) from exc
        first = text.split("\n", 1)[0]
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
        try:
            rows = budget.rows_of(csv.reader(io.StringIO(text), delimiter=delimiter))
            raw = [[c.strip() for c in r] for r in rows]
        except csv.Error as exc:  # e.g. a field longer than the csv module's limit
            raise SourceError("unreadable", {"file": str(path), "reason": str(exc)}) from exc
    else:
        raise SourceError("unknown_format", {"file": str(path), "suffix": suffix})
    if not raw:
        raise SourceError("no_header", {"file": str(path)})
    header = raw[0]
    rows_out = [(i, r) for i, r in enumerate(raw[1:], start=2) if any(r)]
    return header, rows_out


def detect_tool(header: Sequence[str]) -> str:
    """Return which tool produced an export, judged by its meta columns."""
    cols = set(header)
    if cols & {"_uuid", "_submission_time", "_index"}:
        return "kobo"
    if cols & {"KEY", "SubmissionDate", "meta-instanceID", "ReviewState"}:
        return "odk"
    if "submitdate" in cols or {"id", "lastpage", "startlanguage"} <= cols:
        return "limesurvey"
    return "generic"


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def detect_mapping(
    header: Sequence[str],
    survey: Survey,
    *,
    tool: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> ColumnMapping:
    """Match the survey's questions to the export's columns; `overrides` maps name -> header.

    Special override keys: ``_id`` (the response id column) and ``_submitted``.
    """
    tool = tool or detect_tool(header)
    if tool not in TOOLS:
        raise SourceError("unknown_tool", {"tool": tool})
    overrides = dict(overrides or {})
    present = list(header)
    for key, header_name in overrides.items():
        if header_name not in present:
            raise SourceError("override_column_not_found", {"question": key, "column": header_name})

    def first(cands: Sequence[str]) -> str | None:
        return next((c for c in cands if c in present), None)

    id_column = overrides.pop("_id", None) or first(ID_COLUMNS[tool])
    if id_column is None:
        raise SourceError("missing_id_column", {"tool": tool, "candidates": ID_COLUMNS[tool]})
    submitted = overrides.pop("_submitted", None) or first(TIME_COLUMNS[tool])
    by_norm: dict[str, str] = {}
    for h in present:
        by_norm.setdefault(_norm(h), h)

    columns: dict[str, str] = {}
    multi: dict[str, dict[str, str]] = {}
    paths = survey.group_paths()
    for q in survey.items():
        if q.name in overrides:
            columns[q.name] = overrides[q.name]
            continue
        path = (*paths.get(q.name, ()), q.name)
        exact = ["/".join(path), "-".join(path), q.name]
        col = first(exact) or next(
            (by_norm[n] for n in (_norm("".join(path)), _norm(q.name)) if n in by_norm), None
        )
        if col is not None:
            columns[q.name] = col
        elif q.type == "select_multiple":
            per_choice = _choice_columns(present, exact, survey.choice_codes(q), tool)
            if per_choice:
                multi[q.name] = per_choice
    return ColumnMapping(tool, id_column, submitted, columns, multi)


def _choice_columns(
    header: Sequence[str], bases: Sequence[str], codes: Sequence[str], tool: str
) -> dict[str, str]:
    """Find one column per choice: ``q[code]``, ``q_code`` or ``grp/q/code`` forms."""
    out: dict[str, str] = {}
    base_norms = {_norm(b) for b in bases}
    for h in header:
        m = re.match(r"^(.*)\[(.+)\]$", h) or re.match(r"^(.*)[/_](.+)$", h)
        if not m or _norm(m.group(1)) not in base_norms:
            continue
        code = resolve_code(m.group(2), codes, tool)
        if code is not None:
            out[code] = h
    return out


# -- validating values -----------------------------------------------------------------------
def resolve_code(text: str, codes: Sequence[str], tool: str = "generic") -> str | None:
    """Return the choice code a cell means, or None.

    Exact codes first; then a unique match ignoring case and punctuation (LimeSurvey codes
    cannot hold ``_``); then, for LimeSurvey only, its default positional codes ``A1``…/``SQ001``…
    taken as the n-th choice in the form's order.
    """
    if text in codes:
        return text
    matches = [c for c in codes if _norm(c) == _norm(text)]
    if len(matches) == 1:
        return matches[0]
    if tool == "limesurvey":
        m = re.fullmatch(r"(?:A|SQ)0*(\d+)", text, flags=re.IGNORECASE)
        if m and 1 <= int(m.group(1)) <= len(codes):
            return codes[int(m.group(1)) - 1]
    return None


def parse_value(
    survey: Survey, q: Question, text: str, tool: str = "generic"
) -> tuple[Answer | None, str | None]:
    """Return (answer, None) or (None, problem code) for one non-empty cell."""
    codes = survey.choice_codes(q)
    if q.type == "select_one":
        code = resolve_code(text, codes, tool)
        return (code, None) if code is not None else (None, "unknown_choice")
    if q.type == "select_multiple":
        resolved = [resolve_code(t, codes, tool) for t in text.split()]
        if any(c is None for c in resolved):
            return None, "unknown_choice"
        picked = tuple(dict.fromkeys(c for c in resolved if c is not None))
        limit = max_choices(q.constraint)
        if limit is not None and len(picked) > limit:
            return None, "too_many_choices"
        return picked, None
    if q.type in ("integer", "decimal"):
        try:
            num = parse_number(text, whole=q.type == "integer")
        except ValueError:
            return None, "not_integer" if q.type == "integer" else "not_number"
        if q.type == "integer" and num != num.to_integral_value():
            return None, "not_integer"
        if not in_bounds(num, bounds(q.constraint)):
            return None, "out_of_range"
        return (int(num) if q.type == "integer" else num), None
    if q.type == "date":
        day = parse_date(text)
        return (day.isoformat(), None) if day else (None, "bad_date")
    return text, None


def parse_responses(
    header: Sequence[str],
    rows: Sequence[tuple[int, Sequence[str]]],
    survey: Survey,
    mapping: ColumnMapping,
) -> ResponseBatch:
    """Validate every row against the survey; bad rows become problems, never responses."""
    index = {h: i for i, h in reversed(list(enumerate(header)))}
    relevance = survey.relevance_chain()
    items = survey.items()
    unmapped = [
        q.name
        for q in items
        if q.required
        and not relevance[q.name]
        and q.name not in mapping.columns
        and q.name not in mapping.multi_columns
    ]
    if unmapped:
        raise SourceError("unmapped_questions", {"questions": unmapped, "tool": mapping.tool})

    def cell(row: Sequence[str], col: str | None) -> str:
        i = index.get(col) if col else None
        return row[i].strip() if i is not None and i < len(row) else ""

    responses: list[Response] = []
    problems: list[ResponseProblem] = []
    first_row: dict[str, int] = {}
    for rownum, row in rows:
        errs: list[ResponseProblem] = []
        rid = cell(row, mapping.id_column)
        if not rid:
            errs.append(ResponseProblem(rownum, mapping.id_column, None, "missing_id"))
        elif rid in first_row:
            errs.append(
                ResponseProblem(
                    rownum,
                    mapping.id_column,
                    None,
                    "duplicate_id",
                    rid,
                    {"first_row": first_row[rid]},
                )
            )
        else:
            first_row[rid] = rownum
        answers: dict[str, Answer] = {}
        for q in items:
            col = mapping.columns.get(q.name)
            if col is not None:
                text = cell(row, col)
            elif q.name in mapping.multi_columns:
                col = next(iter(mapping.multi_columns[q.name].values()))
                flags = {
                    c: cell(row, h).casefold() for c, h in mapping.multi_columns[q.name].items()
                }
                bad_flag = next((f for f in flags.values() if f not in SELECTED | UNSELECTED), None)
                if bad_flag is not None:
                    errs.append(ResponseProblem(rownum, col, q.name, "bad_flag", bad_flag))
                    continue
                text = " ".join(c for c, f in flags.items() if f in SELECTED)
            else:
                continue
            if not text:
                if q.required and not relevance[q.name]:
                    errs.append(ResponseProblem(rownum, col, q.name, "missing_required"))
                continue
            value, code = parse_value(survey, q, text, mapping.tool)
            if code:
                errs.append(ResponseProblem(rownum, col, q.name, code, text))
            elif value is not None:
                answers[q.name] = value
        if errs:
            problems += errs
        else:
            submitted = cell(row, mapping.submitted_column) or None
            responses.append(Response(rid, submitted, answers, rownum))
    return ResponseBatch(mapping, tuple(responses), tuple(problems), len(rows))


def enforce(batch: ResponseBatch, tolerance: Tolerance | None) -> ResponseBatch:
    """Return the batch, or raise ResponsesRejected when its bad rows exceed the tolerance."""
    tol = tolerance or Tolerance()
    if not tol.allows(batch.bad_rows, batch.rows):
        raise ResponsesRejected(list(batch.problems), batch.bad_rows, batch.rows)
    return batch


def read_responses(
    path: str | Path,
    survey: Survey,
    mapping: ColumnMapping | Mapping[str, str] | None = None,
    *,
    tool: str | None = None,
    tolerance: Tolerance | None = None,
) -> ResponseBatch:
    """Read and validate an export; `mapping` is a ColumnMapping or name -> header overrides."""
    header, rows = read_table(path)
    if isinstance(mapping, ColumnMapping):
        cm = replace(mapping, tool=tool or mapping.tool)
    else:
        cm = detect_mapping(header, survey, tool=tool, overrides=mapping)
    return enforce(parse_responses(header, rows, survey, cm), tolerance)


def unit_service(survey: Survey, response: Response) -> tuple[str, str]:
    """Return the (unit, service) codes a response is about ('' when unanswered)."""
    unit = response.answers.get(survey.unit_question, "")
    service = response.answers.get(survey.service_question, "")
    return str(unit), str(service)
