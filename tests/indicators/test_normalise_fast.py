"""The native (polars) date and word parsers agree with the Python rules they replace."""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.indicators import ImportRejected, Tolerance, apply, compute, open_dataset
from parindex.indicators.normalise import _bad, _dates, _words, parse_date
from parindex.indicators.schema import VOCAB, fold
from parindex.indicators.store import sha256_file

CELLS = [
    "22/12/2020",
    "1/2/2020",
    "01/02/20",
    "1-2-20",
    "22.12.2020",
    " 22/12/2020 ",
    "22/12/2020 10:30",
    "2020-12-22",
    "2020-1-5",
    "2020/12/22",
    "2020-12-22T10:00:00",
    "01/03/20",  # two-digit years are 20yy (polars' %Y read the year 20)
    "1/3/20",
    "01-03-20",  # not yyyy-mm-dd of the year 1
    "01/03/202",  # three digits: not a year
    "01/03/0020",
    "2020",  # a bare year is not an Excel day number of 1905
    "15",
    "32873",  # 31/12/1989: before the day numbers read as dates
    "32874",  # 01/01/1990
    "31/02/2020",
    "29/02/2021",
    "45000",
    "45000.75",
    "2958465",
    "2958466",
    "0",
    "٢٢/١٢/٢٠٢٠",
    "22/12/2020x",
    "\u00a0\u00a0",
    "",
    "hôm qua",
    None,
]


def _reference_date(cell: str | None) -> dt.date | None:
    """The rule, one cell at a time: `parse_date` of the cell's first token (a time cut off).

    (It was polars' own `%d/%m/%Y` and `%Y-%m-%d` first, which read "01/03/20" as the year 20
    and "01-03-20" as the year 1: two-digit years are 20yy, as `parse_date` reads them.)
    """
    if cell is None:
        return None
    token = pl.Series([cell]).str.strip_chars().str.extract(r"^([^\sT]+)")[0]
    return None if token is None else parse_date(token)


def _native_dates(cells: list[str | None]) -> pl.DataFrame:
    frame = pl.DataFrame({"t": cells}, schema={"t": pl.String})
    out = (
        frame.lazy()
        .select("t", v=_dates(pl.col("t")))
        .with_columns(b=_bad(pl.col("t"), pl.col("v")))
    )
    return out.collect(engine="streaming")


def test_native_dates_follow_the_python_rules_cell_by_cell() -> None:
    got = _native_dates(CELLS)
    for cell, value, bad in got.iter_rows():
        want = _reference_date(cell)
        assert value == want, cell
        assert bad == (want is None and bool(cell and cell.strip(" \t\r\n\u00a0\u200b"))), cell


PARTS = ["1", "01", "12", "31", "29", "2020", "20", "0000", "45000", ".5", "/", "-", ".", " ", "T"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PARTS), min_size=1, max_size=6).map("".join), max_size=40))
def test_native_dates_agree_with_the_rules_on_composed_cells(cells: list[str]) -> None:
    got = _native_dates(cells)
    assert got["v"].to_list() == [_reference_date(c) for c in cells]


WORDS = [
    "Cấp tỉnh",
    "CẤP HUYỆN",
    "cấp xã",
    "cap tinh",
    " Cấp\u00a0 Huyện\t",
    "Cấp_xã",
    "Ca\u0302p ti\u0309nh",  # decomposed (NFD) diacritics
    "cấp\x1ftỉnh",  # Python's split() takes \x1f for a space
    "cấp tỉnh\u20dd",  # an enclosing mark fold keeps (combining class 0): unknown
    "Trực tuyến",
    "BCCI",
    "bưu điện",
    "Có",
    "KHÔNG",
    "x",
    "-",
    "Đã trả kết quả",
    "đang giải quyết",
    "Đ",
    "zzz",
    "   ",
    None,
]


@pytest.mark.parametrize("kind", ["level", "channel", "bool", "status"])
def test_native_words_match_the_folded_vocabulary(kind: str) -> None:
    table = VOCAB[kind]
    dtype = pl.Boolean() if kind == "bool" else pl.String()
    frame = pl.DataFrame({"t": WORDS}, schema={"t": pl.String})
    got = (
        frame.lazy()
        .select("t", v=_words(pl.col("t"), table, dtype))
        .with_columns(b=_bad(pl.col("t"), pl.col("v")))
        .collect(engine="streaming")
    )
    for cell, value, bad in got.iter_rows():
        code = table.get(fold(cell)) if cell is not None else None
        want = (code == "true") if kind == "bool" and code is not None else code
        assert value == want, (kind, cell)
        assert bad == (want is None and bool(cell and cell.strip())), (kind, cell)


def test_a_csv_with_bytes_that_are_not_utf8_is_still_computed(tmp_path: Path) -> None:
    header = "Mã hồ sơ,Cơ quan tiếp nhận,Cấp,Ngày tiếp nhận,Ngày có kết quả\n"
    good = "H1,Sở Tư pháp,Cấp tỉnh,05/03/2020,06/03/2020\n".encode()
    bad = b"H2,UBND x\xe3 A," + "Cấp xã,05/03/2020,\n".encode()  # a Latin-1 byte
    path = tmp_path / "log.csv"
    path.write_bytes(header.encode() + good + bad)
    # The strict read fails and the file is read again lossily; the replaced byte is not
    # what the file holds, so its row is a bad row, left out within the tolerance (it was
    # computed silently with "UBND x� A" as the agency's name).
    with pytest.raises(ImportRejected):
        compute(open_dataset(path), ["level"], indicators=["received"])
    ds = open_dataset(path, tolerance=Tolerance(max_rows=1))
    table = compute(ds, ["level"], indicators=["received", "resolved"])
    got = {(r["level"], r["indicator"]): r["numerator"] for r in table.data.to_dicts()}
    assert got == {("province", "received"): 1, ("province", "resolved"): 1}
    assert [(p.row, p.reason, p.field) for p in table.reading.problems] == [
        (3, "not_utf8", "agency_name")
    ]


ODD_DATES = ["2020-12-22", "44000", "22.12.2020", "22/12/2020 10:30", "31/02/2020", "hôm qua", " "]
ODD_WORDS = ["CẤP HUYỆN", "cap xa", " Cấp\u00a0 tỉnh ", "Cấp_xã", "zzz", "  "]


def test_odd_cells_scattered_over_many_batches_read_like_the_rules(tmp_path: Path) -> None:
    # A clean batch skips the slower stages (one null count); a batch with one odd cell runs
    # them: every batch of a file read in many must agree with the rules cell by cell.
    rng = random.Random(4)
    days = [f"{d:02d}/{m:02d}/2020" for m in range(1, 13) for d in range(1, 29)]
    words = ["Cấp tỉnh", "Cấp huyện", "Cấp xã"]
    rows = []
    for i in range(60_000):
        date, word = rng.choice(days), rng.choice(words)
        if rng.random() < 0.0002:
            date = rng.choice(ODD_DATES)
        if rng.random() < 0.0002:
            word = rng.choice(ODD_WORDS)
        rows.append(f'{i},"{date}","{word}"')
    path = tmp_path / "cells.csv"
    path.write_text("id,date,word\n" + "\n".join(rows) + "\n", encoding="utf-8")
    scan = pl.scan_csv(path, schema={"id": pl.Int64, "date": pl.String, "word": pl.String})
    got = scan.select(
        "date",
        "word",
        d=_dates(pl.col("date")),
        w=_words(pl.col("word"), VOCAB["level"], pl.String()),
    ).collect(engine="streaming")
    want_date = {c: _reference_date(c) for c in set(got["date"].to_list())}
    want_word = {c: VOCAB["level"].get(fold(c)) for c in set(got["word"].to_list())}
    assert got["d"].to_list() == [want_date[c] for c in got["date"].to_list()]
    assert got["w"].to_list() == [want_word[c] for c in got["word"].to_list()]
    assert got["d"].null_count() >= 1 and got["w"].null_count() >= 1  # odd cells did occur


def test_a_direct_export_is_hashed_only_when_provenance_asks(seed_csv: Path) -> None:
    ds = open_dataset(seed_csv)
    assert "sources" not in ds.__dict__  # opening and computing do not hash the file
    compute(ds, ["level"], year=2020, indicators=["received"])
    assert "sources" not in ds.__dict__
    values = apply(ds, "par-province-1149", 2020)
    (source,) = values[0].provenance["sources"]
    assert source["sha256"] == sha256_file(seed_csv)


WORD_PARTS = ["Cấp", "cấp", "CẤP", "ca\u0302p", "tỉnh", "Huyện", "xã", "Xa", "Trực", "tuyến", "Có"]
WORD_PARTS += ["không", "BCCI", "Đ", "đ", " ", "\u00a0", "_", "\t", "\x1f", "-", "x", "1", "0"]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["level", "channel", "bool", "status"]),
    st.lists(st.lists(st.sampled_from(WORD_PARTS), min_size=1, max_size=4).map("".join)),
)
def test_native_words_agree_with_fold_on_composed_cells(kind: str, cells: list[str]) -> None:
    table = VOCAB[kind]
    dtype = pl.Boolean() if kind == "bool" else pl.String()
    frame = pl.DataFrame({"t": cells}, schema={"t": pl.String})
    got = frame.lazy().select(v=_words(pl.col("t"), table, dtype)).collect(engine="streaming")
    want = []
    for cell in cells:
        code = table.get(fold(cell))
        want.append((code == "true") if kind == "bool" and code is not None else code)
    assert got["v"].to_list() == want


@given(
    st.lists(
        st.sampled_from(
            ["Tổng", "tổng", "Cộng", "TOTAL", "Tong", "T", "x", " ", "ộ", "(", "is", "2"]
        ),
        max_size=4,
    )
)
@settings(max_examples=200, deadline=None)
def test_the_total_pattern_is_a_total_word_standing_alone(parts: list[str]) -> None:
    from parindex.indicators.normalise import _TOTAL_PATTERN, _TOTAL_WORDS

    cell = "".join(parts)
    got = pl.Series([cell]).str.contains(_TOTAL_PATTERN)[0]

    def alone(w: str) -> bool:
        rest = cell[len(w) :]
        return cell.startswith(w) and (
            not rest or not (rest[0].isalnum() or unicodedata.combining(rest[0]))
        )

    assert got == any(alone(w) for w in _TOTAL_WORDS)
