"""Read published national results from Excel or CSV, validate them whole, import all or none."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from parindex.core.errors import ParindexError
from parindex.core.limits import LimitError
from parindex.core.numbers import parse_number
from parindex.io.limits import NATIONAL_TABLE_LIMITS, Budget, open_workbook, read_bytes
from parindex.national.provinces import ProvinceMatcher, fold

CENT = Decimal("0.01")
HEADER_SCAN_ROWS = 30

#: Header texts as published (folded: lower case, no diacritics) → field.
HEADERS: dict[str, str] = {
    **dict.fromkeys(
        [
            "tinh thanh pho",
            "tinh tp",
            "tinh",
            "thanh pho",
            "tinh thanh",
            "ten tinh",
            "ten tinh thanh pho",
            "dia phuong",
            "don vi",
            "province",
            "province city",
            "provinces",
            "locality",
        ],
        "province",
    ),
    **dict.fromkeys(["ma", "ma tinh", "ma dvhc", "code", "province code"], "code"),
    **dict.fromkeys(["nam", "year"], "year"),
    **dict.fromkeys(
        [
            "diem tham dinh",
            "diem danh gia tham dinh",
            "diem tu danh gia tham dinh",
            "diem dtd",
            "appraisal",
            "appraisal score",
            "appraisal points",
        ],
        "appraisal",
    ),
    **dict.fromkeys(
        [
            "diem dieu tra xhh",
            "diem dieu tra xa hoi hoc",
            "diem dieu tra",
            "diem xhh",
            "survey",
            "survey score",
            "survey points",
        ],
        "survey",
    ),
    **dict.fromkeys(
        [
            "tong diem",
            "tong",
            "tong diem dat duoc",
            "chi so",
            "chi so cchc",
            "chi so cai cach hanh chinh",
            "par index",
            "total",
            "total score",
        ],
        "total",
    ),
    **dict.fromkeys(["xep hang", "thu hang", "hang", "rank", "ranking"], "rank"),
}
_PARENS = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class NationalResult:
    """One province's published result for one year."""

    province: str  # code from the province list
    year: int
    total: Decimal
    appraisal: Decimal | None = None
    survey: Decimal | None = None
    rank: int | None = None
    name: str = ""  # as written in the file
    row: int | None = None  # where it came from


@dataclass(frozen=True)
class ImportProblem:
    """Why a row cannot be imported: file, row (1-based, as a spreadsheet counts), column."""

    file: str
    row: int | None
    column: str
    code: str
    message: str
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class NationalImportError(ParindexError):
    """The file has problems; nothing was imported. ``problems`` lists every one found."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_results(
    source: Path | str | bytes,
    provinces: Mapping[str, str | Sequence[str]],
    *,
    name: str | None = None,
    year: int | None = None,
    sheet: str | None = None,
) -> list[NationalResult]:
    """Read and validate a results file (.xlsx or .csv); raise NationalImportError on any problem.

    ``year`` is used when the file has no year column (one file per year). ``name`` names the
    file in problems when ``source`` is bytes. A file beyond ``NATIONAL_TABLE_LIMITS`` (or a
    package that unpacks beyond ``ZIP_LIMITS``) is one ``file_too_large_or_malformed`` problem.
    """
    file = name or ("results" if isinstance(source, bytes) else Path(source).name)
    try:
        data = read_bytes(source, NATIONAL_TABLE_LIMITS)
        budget = Budget(NATIONAL_TABLE_LIMITS)
        if data[:4] == b"PK\x03\x04":
            rows = _xlsx_rows(data, sheet, budget)
        else:
            rows = _csv_rows(data, budget)
    except LimitError as exc:
        raise NationalImportError(
            [ImportProblem(file, None, "", exc.code, str(exc), dict(exc.params))]
        ) from exc
    except (ValueError, OSError, KeyError, csv.Error) as exc:
        raise NationalImportError(
            [ImportProblem(file, None, "", "unreadable", f"cannot read the file: {exc}")]
        ) from exc
    return parse_rows(rows, provinces, file=file, year=year)


def _csv_rows(data: bytes, budget: Budget) -> list[list[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258")  # Vietnamese Windows code page of older Excel exports
    text = unicodedata.normalize("NFC", text)  # cp1258 and some tools write tone marks apart
    parsed: list[list[object]] = []
    for delimiter in (",", ";", "\t"):  # the header row tells which one the file uses
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        parsed = [list(row) for row in Budget(budget.limits).rows_of(reader)]
        if _find_header(parsed) is not None:
            return parsed
    return parsed


def _xlsx_rows(data: bytes, sheet: str | None, budget: Budget) -> list[list[object]]:
    with open_workbook(io.BytesIO(data)) as book:
        ws = book[sheet] if sheet else book.worksheets[0]
        return list(budget.rows_of(ws.iter_rows(values_only=True)))


def _header_field(cell: object) -> str | None:
    if cell is None:
        return None
    return HEADERS.get(fold(_PARENS.sub(" ", str(cell))))


def _find_header(rows: list[list[object]]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            found = _header_field(cell)
            if found is not None and found not in columns:
                columns[found] = position
        if "total" in columns and ("province" in columns or "code" in columns):
            return index, columns
    return None


def parse_rows(
    rows: list[list[object]],
    provinces: Mapping[str, str | Sequence[str]],
    *,
    file: str,
    year: int | None = None,
) -> list[NationalResult]:
    """Parse rows (title rows, a header row, then data) and validate them all together."""
    matcher = provinces if isinstance(provinces, ProvinceMatcher) else ProvinceMatcher(provinces)
    header = _find_header(rows)
    if header is None:
        wanted = "'Tỉnh/thành phố' (or 'Province') and 'Tổng điểm' (or 'Total')"
        raise NationalImportError(
            [ImportProblem(file, None, "", "no_header", f"no header row with {wanted}")]
        )
    header_index, columns = header
    titles = {f: str(rows[header_index][i]).strip() for f, i in columns.items()}
    if "year" not in columns and year is None:
        raise NationalImportError(
            [
                ImportProblem(
                    file, header_index + 1, "", "no_year", "no 'Năm' (year) column, no year given"
                )
            ]
        )
    problems: list[ImportProblem] = []
    results: list[NationalResult] = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if all(cell is None or str(cell).strip() == "" for cell in row):
            continue
        line = index + 1
        parsed = _parse_row(row, columns, titles, matcher, file, line, year, problems)
        if parsed is not None:
            results.append(parsed)
    problems.extend(validate_results(results, matcher, file=file, titles=titles))
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column))
        raise NationalImportError(problems)
    return results


def _cell(row: list[object], columns: Mapping[str, int], name: str) -> object:
    position = columns.get(name)
    if position is None or position >= len(row):
        return None
    value = row[position]
    return None if isinstance(value, str) and not value.strip() else value


def _parse_row(
    row: list[object],
    columns: Mapping[str, int],
    titles: Mapping[str, str],
    matcher: ProvinceMatcher,
    file: str,
    line: int,
    year: int | None,
    problems: list[ImportProblem],
) -> NationalResult | None:
    start = len(problems)

    def problem(name: str, code: str, message: str, **params: object) -> None:
        problems.append(ImportProblem(file, line, titles.get(name, name), code, message, params))

    written = _cell(row, columns, "province")
    code_cell = _cell(row, columns, "code")
    province = matcher.match(code_cell) if code_cell is not None else None
    if province is None:
        province = matcher.match(written)
    if province is None:
        where = "province" if written is not None or code_cell is None else "code"
        shown = written if where == "province" else code_cell
        if shown is None:
            problem(where, "missing", "no province")
        else:
            problem(where, "unknown_province", f"unknown province '{shown}'", value=shown)
    numbers: dict[str, Decimal | None] = {}
    for name in ("appraisal", "survey", "total"):
        raw = _cell(row, columns, name)
        if raw is None:
            numbers[name] = None
            if name == "total" or name in columns:
                problem(name, "missing", "no value")
            continue
        value = parse_decimal(raw)
        if value is None:
            problem(name, "bad_number", f"'{raw}' is not a number", value=raw)
        elif value < 0 or value > 100:
            problem(name, "out_of_range", f"{raw} is not between 0 and 100", value=raw)
        numbers[name] = value
    rank: int | None = None
    raw_rank = _cell(row, columns, "rank")
    if raw_rank is not None:
        rank = _parse_int(str(raw_rank).split("/")[0])
        if rank is None or rank < 1:
            problem("rank", "bad_rank", f"'{raw_rank}' is not a rank", value=raw_rank)
    elif "rank" in columns:
        problem("rank", "missing", "no value")
    row_year = year
    if "year" in columns:
        raw_year = _cell(row, columns, "year")
        row_year = _parse_int(raw_year) if raw_year is not None else None
        if row_year is None or not 1990 <= row_year <= 2100:
            problem("year", "bad_year", f"'{raw_year}' is not a year", value=raw_year)
    if len(problems) > start or province is None or row_year is None:
        return None
    total = numbers["total"]
    assert total is not None
    return NationalResult(
        province=province,
        year=row_year,
        total=total,
        appraisal=numbers["appraisal"],
        survey=numbers["survey"],
        rank=rank,
        name=str(written or code_cell or ""),
        row=line,
    )


def parse_decimal(raw: object) -> Decimal | None:
    """A number as written in Vietnamese ("82,85") or English ("82.85"), or from Excel."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float | Decimal):
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            return None
        return value if value.is_finite() else None
    try:
        return parse_number(str(raw))
    except ValueError:
        return None


def _parse_int(raw: object) -> int | None:
    value = parse_decimal(raw)
    if value is None or value != value.to_integral_value():
        return None
    return int(value)


_Report = Callable[..., None]


def validate_results(
    results: Sequence[NationalResult],
    provinces: ProvinceMatcher | Mapping[str, str | Sequence[str]],
    *,
    file: str = "",
    titles: Mapping[str, str] | None = None,
) -> list[ImportProblem]:
    """Check results across rows: totals add up, no duplicates, ranks follow the totals."""
    matcher = provinces if isinstance(provinces, ProvinceMatcher) else ProvinceMatcher(provinces)
    titles = titles or {}
    problems: list[ImportProblem] = []

    def problem(item: NationalResult, name: str, code: str, message: str, **params: object) -> None:
        column = titles.get(name, name)
        problems.append(ImportProblem(file, item.row, column, code, message, params))

    seen: dict[tuple[str, int], NationalResult] = {}
    by_year: dict[int, list[NationalResult]] = {}
    for item in results:
        if item.appraisal is not None and item.survey is not None:
            parts = (item.appraisal + item.survey).quantize(CENT, ROUND_HALF_UP)
            if parts != item.total.quantize(CENT, ROUND_HALF_UP):
                problem(
                    item,
                    "total",
                    "total_mismatch",
                    f"total {item.total} ≠ appraisal {item.appraisal} + survey {item.survey} "
                    f"= {parts}",
                    total=item.total,
                    sum=parts,
                )
        key = (item.province, item.year)
        first = seen.get(key)
        if first is not None:
            problem(
                item,
                "province",
                "duplicate",
                f"{item.province} {item.year} already given in row {first.row}",
                first_row=first.row,
            )
            continue
        seen[key] = item
        by_year.setdefault(item.year, []).append(item)
    for items in by_year.values():
        _check_ranks(items, len(matcher), problem)
    return problems


def _check_ranks(items: list[NationalResult], provinces: int, problem: _Report) -> None:
    """Ranks must follow totals: equal totals share a rank, a higher total never ranks lower.

    With every province present the rank must be exactly 1 + the number of higher totals; a file
    holding a few provinces can only be checked for order.
    """
    ranked = [i for i in items if i.rank is not None]
    complete = len(items) == provinces
    for item in ranked:
        assert item.rank is not None
        if item.rank > provinces:
            problem(item, "rank", "rank_out_of_range", f"rank {item.rank} > {provinces}")
            continue
        if complete:
            expected = 1 + sum(1 for other in items if other.total > item.total)
            if item.rank != expected:
                problem(
                    item,
                    "rank",
                    "rank_order",
                    f"rank {item.rank} but total {item.total} ranks {expected}",
                    expected=expected,
                )
            continue
        for other in ranked:
            assert other.rank is not None
            wrong = (other.total > item.total and other.rank >= item.rank) or (
                other.total == item.total and other.rank != item.rank
            )
            if wrong:
                problem(
                    item,
                    "rank",
                    "rank_order",
                    f"rank {item.rank} with total {item.total}, but {other.province} (row "
                    f"{other.row}) has total {other.total} and rank {other.rank}",
                    other_row=other.row,
                )
                break
