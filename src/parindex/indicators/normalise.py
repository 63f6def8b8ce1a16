"""Turn raw text columns into the normalised dossier log, flagging each bad row and why."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

import polars as pl

from parindex.indicators.mapping import ColumnMapping
from parindex.indicators.reading import ROW, Raw
from parindex.indicators.schema import FIELD_BY_NAME, FIELDS, NAMES, fold

SKIP = "_skip"  # "blank" or "total" for rows that are not dossiers; null otherwise
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 once its 1900 leap-year bug is absorbed
MAX_SERIAL = 2_958_465  # 9999-12-31

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_NUM = re.compile(r"^\d+(\.\d+)?$")
_TOTAL_WORDS = ("Tổng", "TỔNG", "tổng", "Cộng", "CỘNG", "cộng", "Total", "TOTAL", "total")
_RESOLVED_STATUSES = ("resolved", "returned")
_SPACES = " \t\r\n\u00a0\u200b"
# Spellings as exports type them, matched before any folding is needed.
_SURFACE = (
    "Cấp tỉnh",
    "Cấp huyện",
    "Cấp xã",
    "Tỉnh",
    "Huyện",
    "Xã",
    "Trực tiếp",
    "Trực tuyến",
    "Bưu chính công ích",
    "BCCI",
    "Có",
    "Không",
    "Đã trả kết quả",
    "Đang giải quyết",
    "Đã giải quyết",
)


def parse_date(token: str) -> dt.date | None:
    """Parse one date token: dd/mm/yyyy (also . or -), ISO yyyy-mm-dd, or an Excel serial."""
    try:
        if m := _DMY.match(token):
            day, month, year = (int(g) for g in m.groups())
            if year < 100:  # two-digit years in hand-typed sheets mean this century
                year += 2000
            return dt.date(year, month, day)
        if m := _YMD.match(token):
            year, month, day = (int(g) for g in m.groups())
            return dt.date(year, month, day)
        if _NUM.match(token):
            serial = float(token)
            if 1 <= serial <= MAX_SERIAL:
                return EXCEL_EPOCH + dt.timedelta(days=int(serial))
    except ValueError:
        return None
    return None


def _dates(s: pl.Series) -> pl.Series:
    """Parse a text column of dates; vectorised for the usual forms, Python for the rest."""
    out = s.str.to_date("%d/%m/%Y", strict=False)
    miss = out.is_null() & s.is_not_null()
    if not miss.any():
        return out
    # Times, ISO dates and Excel serials are rarer: only the rows the fast path missed pay.
    token = s.filter(miss).str.strip_chars().str.extract(r"^([^\sT]+)")
    parsed = token.str.to_date("%d/%m/%Y", strict=False).fill_null(
        token.str.to_date("%Y-%m-%d", strict=False)
    )
    left = parsed.is_null() & token.is_not_null()
    if left.any():
        table = {u: parse_date(u) for u in token.filter(left).unique().to_list()}
        slow = token.replace_strict(table, default=None, return_dtype=pl.Date)
        parsed = parsed.zip_with(~left, slow)
    return out.scatter(miss.arg_true(), parsed)


def _exact(table: dict[str, str], dtype: pl.DataType) -> dict[str, object]:
    """Return the word → code table for words as exports usually type them."""
    exact: dict[str, object] = {}
    for word in {*table, *(w for w in _SURFACE if fold(w) in table)}:
        value = table.get(fold(word))
        exact[word] = (value == "true") if dtype == pl.Boolean() and value else value
    return exact


def _words(table: dict[str, str], dtype: pl.DataType) -> Callable[[pl.Series], pl.Series]:
    """Return a translator of words to codes, folding only distinct values not known as typed."""
    exact = _exact(table, dtype)

    def apply(s: pl.Series) -> pl.Series:
        out = s.replace_strict(exact, default=None, return_dtype=dtype)
        miss = out.is_null() & s.is_not_null()
        if not miss.any():
            return out
        found = {}
        for u in s.filter(miss).unique().to_list():
            value = table.get(fold(u))
            found[u] = (value == "true") if dtype == pl.Boolean() and value else value
        return out.zip_with(~miss, s.replace_strict(found, default=None, return_dtype=dtype))

    return apply


def _checked(parse: Callable[[pl.Series], pl.Series]) -> Callable[[pl.Series], pl.Series]:
    """Wrap a parser to return {v: value, bad: text that does not parse} in one pass."""

    def apply(s: pl.Series) -> pl.Series:
        value = parse(s)
        bad = value.is_null() & s.is_not_null()
        if bad.any():
            # Only cells that failed to parse are looked at again: spaces alone mean empty.
            idx = bad.arg_true()
            text = s.gather(idx).str.strip_chars(_SPACES).str.len_bytes() > 0
            bad = bad.scatter(idx, text)
        return pl.DataFrame({"v": value, "bad": bad}).to_struct()

    return apply


def _text(expr: pl.Expr) -> pl.Expr:
    """Strip stray (also non-breaking) spaces; empty text means missing."""
    cleaned = expr.str.strip_chars(_SPACES)
    return pl.when(cleaned.str.len_bytes() > 0).then(cleaned)


def _parsed(expr: pl.Expr, parse: Callable[[pl.Series], pl.Series], dtype: pl.DataType) -> pl.Expr:
    out = pl.Struct({"v": dtype, "bad": pl.Boolean()})
    return expr.map_batches(_checked(parse), return_dtype=out, is_elementwise=True)


@dataclass(frozen=True)
class Check:
    """One validity check: a reason code, the field and header it concerns, a 'bad' predicate."""

    reason: str
    field: str
    column: str | None
    bad: pl.Expr
    value: pl.Expr | None = None
    detail: pl.Expr | None = None


@dataclass(frozen=True)
class Normalised:
    """The normalised log (lazy) and the checks that find its bad rows."""

    raw: Raw
    lf: pl.LazyFrame
    checks: tuple[Check, ...]

    def valid(self) -> pl.Expr:
        """Return the predicate of a dossier row that passes every check."""
        bad = [c.bad for c in self.checks]
        return pl.col(SKIP).is_null() & ~pl.any_horizontal(bad) if bad else pl.col(SKIP).is_null()


def normalise(
    raw: Raw,
    mapping: ColumnMapping,
    *,
    duplicates: bool = True,
    only: Collection[str] | None = None,
) -> Normalised:
    """Build the normalised columns and the checks over `raw`.

    `duplicates` adds the within-file duplicate-id check, which needs the whole file in view
    (imports use it; streaming computations over a file leave it out). `only` limits blank-row
    detection and the checks to those columns, so a computation reads only what it uses.
    """
    cols = raw.columns
    texts: list[pl.Expr] = []
    for f in FIELDS:
        if f.name in cols:
            source = pl.col(cols[f.name])
        elif f.name in mapping.defaults:
            source = pl.lit(mapping.defaults[f.name], dtype=pl.String)
        else:
            source = pl.lit(None, dtype=pl.String)
        # Dates and words are parsed from the cell as is: their parsers strip the rare cell
        # that needs it, which spares stripping every cell of a 10-million-row file.
        text = _text(source) if f.kind == "str" else source
        texts.append(text.alias(f"_t_{f.name}"))
    parsed: list[pl.Expr] = []
    exprs: list[pl.Expr] = []
    for f in FIELDS:
        t = pl.col(f"_t_{f.name}")
        if f.kind == "str":
            exprs.append(t.alias(f.name))
            continue
        if f.kind == "date":
            parser, dtype = _dates, pl.Date()
        else:
            dtype = pl.Boolean() if f.kind == "bool" else pl.String()
            parser = _words(mapping.vocab(f.kind), dtype)
        parsed.append(_parsed(t, parser, dtype).alias(f"_p_{f.name}"))
        exprs.append(pl.col(f"_p_{f.name}").struct.field("v").alias(f.name))

    [pl.col(c) for c in cols.values()]
    seen = [n for n in cols if only is None or n in only]
    blank = pl.all_horizontal(pl.col(f"_t_{n}").is_null() for n in seen) if seen else pl.lit(False)
    first_col = pl.col(next(iter(raw.headers))) if raw.headers else pl.lit(None, dtype=pl.String)
    id_raw = pl.col("_t_dossier_id").str.strip_chars_start(_SPACES)

    def is_total(e: pl.Expr) -> pl.Expr:
        # Literal prefixes, not a regex: this runs on every row of every file.
        hit = pl.any_horizontal(e.str.starts_with(w) for w in _TOTAL_WORDS)
        return hit.fill_null(False)

    total = is_total(first_col)
    if only is None or "dossier_id" in only:
        total = total | is_total(id_raw)
    skip = pl.when(blank).then(pl.lit("blank")).when(total).then(pl.lit("total"))
    keep = [ROW] if ROW in raw.lf.collect_schema() else []
    lf = (
        raw.lf.with_columns(texts)
        .with_columns(skip.alias(SKIP), *parsed)
        .select(
            *keep,
            *exprs,
            SKIP,
            *(f"_t_{f.name}" for f in FIELDS),
            *(f"_p_{f.name}" for f in FIELDS if f.kind != "str"),
        )
    )
    # Groupings key on codes; an export without codes is keyed by the names instead.
    lf = lf.with_columns(
        agency_code=pl.coalesce("agency_code", "agency_name"),
        procedure_code=pl.coalesce("procedure_code", "procedure_name"),
    )

    def header(name: str) -> str | None:
        return raw.headers.get(cols[name]) if name in cols else None

    def raw_of(name: str) -> pl.Expr:
        return pl.col(f"_t_{name}")

    def bad_text(name: str) -> pl.Expr:
        return pl.col(f"_p_{name}").struct.field("bad")

    def missing(name: str) -> pl.Expr:
        if FIELD_BY_NAME[name].kind == "str":
            return raw_of(name).is_null()
        return pl.col(name).is_null() & ~bad_text(name)

    checks: list[Check] = []
    for f in FIELDS:
        if f.required:
            checks.append(Check("missing", f.name, header(f.name), missing(f.name)))
    checks.append(
        Check(
            "missing",
            "agency_name",
            header("agency_name") or header("agency_code"),
            raw_of("agency_code").is_null() & raw_of("agency_name").is_null(),
        )
    )
    for f in FIELDS:
        if f.kind == "str":
            continue
        reason = "bad_date" if f.kind == "date" else "unknown_value"
        checks.append(Check(reason, f.name, header(f.name), bad_text(f.name), raw_of(f.name)))
    d = pl.col
    checks += [
        Check(
            "resolved_before_received",
            "resolved_date",
            header("resolved_date"),
            (d("resolved_date") < d("received_date")).fill_null(False),
            raw_of("resolved_date"),
        ),
        Check(
            "due_before_received",
            "due_date",
            header("due_date"),
            (d("due_date") < d("received_date")).fill_null(False),
            raw_of("due_date"),
        ),
        Check(
            "returned_before_resolved",
            "returned_date",
            header("returned_date"),
            (d("returned_date") < d("resolved_date")).fill_null(False),
            raw_of("returned_date"),
        ),
        Check(
            "resolved_without_date",
            "resolved_date",
            header("status"),
            d("status").is_in(_RESOLVED_STATUSES).fill_null(False) & d("resolved_date").is_null(),
            raw_of("status"),
        ),
    ]
    if duplicates:
        is_dossier = d(SKIP).is_null() & d("dossier_id").is_not_null()
        first_row = d(ROW).min().over("dossier_id")
        checks.append(
            Check(
                "duplicate_id",
                "dossier_id",
                header("dossier_id"),
                is_dossier & (d(ROW) != first_row),
                d("dossier_id"),
                first_row,
            )
        )
    if only is not None:
        keep_set = set(only)
        checks = [c for c in checks if _roots(c.bad) <= keep_set]
    return Normalised(raw, lf, tuple(checks))


def _roots(expr: pl.Expr) -> set[str]:
    """Return the normalised columns an expression reads."""
    return {n.removeprefix("_t_").removeprefix("_p_") for n in expr.meta.root_names()}


def normalised_columns() -> list[str]:
    """Return the columns of a normalised log, in order."""
    return list(NAMES)
