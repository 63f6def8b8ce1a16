"""The fast reading and the one-pass computation give exactly the full reading's answers.

An export is read with the usual shapes of dates and words only (`normalise(fast=True)`);
a row with a cell of another shape is read again in full. A computation at a given date
takes its figures from the check's own pass of the file, unless the check then left out
rows it could only tell afterwards (duplicates, a row good only when read in full).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import polars as pl
import pytest
from indicator_helpers import HEADER, Writer
from test_encodings import cp1258

from parindex.indicators import Tolerance, compute, ingest, open_dataset
from parindex.indicators import dataset as dataset_module

AGENCIES = [
    ("Sở Tư pháp", "Cấp tỉnh"),
    ("UBND huyện Bát Xát", "Cấp huyện"),
    ("UBND xã Cốc San", "Cấp xã"),
]
CHANNELS = ["Trực tuyến", "Trực tiếp", "Bưu chính công ích"]
AS_OF = dt.date(2020, 4, 30)
BY = ["year", "month", "level", "agency"]
HEADER_CELLS = HEADER.split(";")


def usual(n: int, start: int = 1) -> list[str]:
    """Return `n` rows in the usual shapes (dd/mm/yyyy, words as exports type them)."""
    rows = []
    for i in range(start, start + n):
        agency, level = AGENCIES[i % 3]
        day, month = 1 + i % 24, 2 + i % 3
        resolved = "" if i % 7 == 0 else f"{day + (i % 5):02d}/{month:02d}/2020"
        apology = "Có" if i % 11 == 0 else ""
        rows.append(
            f"{i};HS-{i:04d};1.00{i % 5};Hộ tịch;{agency};{level};{CHANNELS[i % 3]};"
            f"{day:02d}/{month:02d}/2020;{day + 3:02d}/{month:02d}/2020;{resolved};{apology}"
        )
    return rows


def cell(row: str, index: int, value: str) -> str:
    """Return `row` with its cell `index` (0: STT, 7: received, 9: resolved…) set to `value`."""
    cells = row.split(";")
    cells[index] = value
    return ";".join(cells)


def full_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every reading a full one (no fast reading): the answers to compare with."""
    monkeypatch.setattr(ingest, "SAMPLE_SHARE", -1.0)


def passes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record, for each one-pass computation, whether its aggregate was the answer."""
    seen: list[bool] = []
    real = dataset_module.check_aggregate

    def spy(*args: Any, **kw: Any) -> Any:
        reading, wide = real(*args, **kw)
        seen.append(wide is not None)
        return reading, wide

    monkeypatch.setattr(dataset_module, "check_aggregate", spy)
    return seen


def two_passes(path: Path, **kw: Any) -> Any:
    """Compute after the check has been read on its own (the aggregate is a second pass)."""
    ds = open_dataset(path, tolerance=Tolerance(max_rows=10))
    ds.reading  # noqa: B018  # the check first, on its own
    return compute(ds, BY, **kw)


def one_pass(path: Path, **kw: Any) -> Any:
    return compute(open_dataset(path, tolerance=Tolerance(max_rows=10)), BY, **kw)


def same(a: Any, b: Any) -> None:
    assert a.data.equals(b.data)
    assert a.about() == b.about()
    assert a.reading.problems == b.reading.problems


def test_a_rarer_shape_is_read_again_in_full(
    export: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = usual(300)
    rows.append(cell(usual(1, 301)[0], 7, "2020-03-14"))  # 14/03/2020 in another shape
    rows.append(cell(usual(1, 302)[0], 7, "3/13/2020"))  # no such date
    path = export(rows)
    ds = open_dataset(path, tolerance=Tolerance(max_rows=1))
    reading = ds.reading
    assert (reading.rows_read, reading.rows_bad) == (302, 1)
    (problem,) = reading.problems
    assert (problem.row, problem.column, problem.reason, problem.value) == (
        305,  # two title rows and the header: data row 302 is the file's row 305
        "Ngày tiếp nhận",
        "bad_date",
        "3/13/2020",
    )
    # The row dated 2020-04-02 counts: 301 rows are used, the last date is its resolution.
    table = compute(ds, ["year"], indicators=["received"], as_of=AS_OF)
    assert table.data["numerator"].to_list() == [301]
    full_reading(monkeypatch)
    again = open_dataset(path, tolerance=Tolerance(max_rows=1)).reading
    assert again == reading and again.excluded == reading.excluded


def test_a_fast_reading_never_differs_from_the_full_one(
    export: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = usual(400)
    rows[10] = cell(rows[10], 6, "TRỰC TUYẾN ")  # read again, good
    rows[20] = cell(rows[20], 5, "Cap huyen")  # read again, good (folded)
    rows[30] = cell(rows[30], 5, "Trung ương")  # bad: unknown level
    rows[40] = ";;;;;;;;;;"  # blank
    rows.append(";Tổng cộng;;;;;;;;;")
    path = export(rows)
    fast = open_dataset(path, tolerance=Tolerance(max_rows=5)).reading
    full_reading(monkeypatch)
    full = open_dataset(path, tolerance=Tolerance(max_rows=5)).reading
    assert fast == full and fast.excluded == full.excluded
    assert (fast.rows_read, fast.rows_bad, fast.rows_skipped) == (399, 1, {"blank": 1, "total": 1})


@pytest.mark.parametrize(
    ("case", "one"),
    [
        ("clean", True),
        ("bad rows", True),
        ("read again, good", False),
        ("duplicate ids", False),
        ("blank and total rows", True),
    ],
)
def test_one_pass_gives_the_two_pass_figures(
    export: Writer, monkeypatch: pytest.MonkeyPatch, case: str, one: bool
) -> None:
    rows = usual(500)
    if case == "bad rows":
        rows[5] = cell(rows[5], 4, "")  # no agency
        rows[6] = cell(rows[6], 9, "01/01/2020")  # resolved before received
    elif case == "read again, good":
        rows[7] = cell(rows[7], 6, "Trực Tiếp")  # good once folded
    elif case == "duplicate ids":
        rows[9] = cell(rows[9], 1, "HS-0003")
    elif case == "blank and total rows":
        rows.insert(50, ";;;;;;;;;;")
        rows.append(";Cộng;;;;;;;;;")
    path = export(rows)
    expected = two_passes(path, as_of=AS_OF)
    # The second pass reads fast unless a row used needed the full reading.
    assert expected.reading.fast is (case != "read again, good")
    seen = passes(monkeypatch)
    got = one_pass(path, as_of=AS_OF)
    assert seen == [one]
    same(got, expected)
    # And filtered: a year and a `where` leave rows out of the figures, not of the check.
    for kw in ({"year": 2020}, {"year": 2019}, {"where": "channel == 'online'"}):
        same(one_pass(path, as_of=AS_OF, **kw), two_passes(path, as_of=AS_OF, **kw))


def test_one_pass_figures_of_every_grouping_and_indicator(
    export: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = export(usual(600))
    seen = passes(monkeypatch)
    for by in ([], ["month"], ["quarter", "agency"], ["procedure"], ["channel", "level"]):
        got = compute(open_dataset(path), by, as_of=AS_OF)
        ds = open_dataset(path)
        ds.reading  # noqa: B018
        expected = compute(ds, by, as_of=AS_OF)
        assert got.data.equals(expected.data), by
    assert seen == [True] * 5
    # The figures themselves: 600 dossiers, 85 (every 7th) not resolved.
    table = compute(open_dataset(path), [], indicators=["received", "resolved"], as_of=AS_OF)
    assert dict(table.data.select("indicator", "numerator").iter_rows()) == {
        "received": 600,
        "resolved": 515,
    }


def test_without_a_date_the_check_comes_first(
    export: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The export's own date is known only once the whole file is read: no one-pass aggregate.
    rows = usual(200)
    path = export(rows)
    seen = passes(monkeypatch)
    table = compute(open_dataset(path), BY)
    assert seen == [] and table.as_of_rule == "export"
    # The latest received or resolved date of the file (due dates are not events).
    events = [c for r in rows for i, c in enumerate(r.split(";")) if i in (7, 9) and c]
    latest = max(dt.datetime.strptime(c, "%d/%m/%Y").date() for c in events)
    assert table.as_of == latest == dt.date(2020, 4, 27)


def test_the_ids_file_is_removed(
    export: Writer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "t"))
    (tmp_path / "t").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    compute(open_dataset(export(usual(150))), BY, as_of=AS_OF)
    assert list((tmp_path / "t").iterdir()) == []


def stored(path: Path, root: Path, tolerance: int) -> tuple[Any, pl.DataFrame, Any]:
    from parindex.indicators import Store

    result = Store(root).import_file(path, tolerance=Tolerance(max_rows=tolerance))
    rows = Store(root).scan().drop("_import").sort("dossier_id").collect()
    return result, rows, compute(open_dataset(root), BY, as_of=AS_OF)


def test_an_import_stores_the_rows_read_again_in_full(
    export: Writer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = usual(300)
    rows[4] = cell(rows[4], 7, "2020-02-06")  # the usual 06/02/2020 in another shape: good
    rows[5] = cell(rows[5], 6, "Trực Tuyến")  # good once folded
    rows[6] = cell(rows[6], 7, "31/02/2020")  # no such date: bad
    rows[7] = cell(cell(rows[7], 1, "HS-0001"), 5, "Cap huyen")  # good, but HS-0001 again
    path = export(rows)
    result, got, table = stored(path, tmp_path / "fast", 2)
    assert (result.read.rows_read, result.read.rows_bad, result.rows_new) == (300, 2, 298)
    reasons = [(p.row, p.reason) for p in result.read.problems]
    assert reasons == [(10, "bad_date"), (11, "duplicate_id")]  # data rows 7 and 8
    assert got.filter(dossier_id="HS-0005")["received_date"].item() == dt.date(2020, 2, 6)
    assert got.filter(dossier_id="HS-0006")["channel"].item() == "online"
    full_reading(monkeypatch)
    r_full, got_full, table_full = stored(path, tmp_path / "full", 2)
    assert (
        r_full.read.reading == result.read.reading and r_full.read.problems == result.read.problems
    )
    assert got.equals(got_full) and table.data.equals(table_full.data)


@pytest.mark.parametrize("kind", ["cp1258", "utf-16", "xlsx", "parquet"])
def test_one_pass_in_every_format(
    export: Writer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    rows = usual(300)
    rows[3] = cell(rows[3], 7, "31/02/2020")  # a bad row, named in every format
    csv = export(rows, title=False)
    text = csv.read_text(encoding="utf-8")
    path = tmp_path / f"export.{kind if kind in ('xlsx', 'parquet') else 'csv'}"
    if kind == "cp1258":
        path.write_bytes(cp1258(text))
    elif kind == "utf-16":
        path.write_bytes(text.encode("utf-16"))
    elif kind == "xlsx":
        wb = openpyxl.Workbook()
        for line in text.splitlines():
            wb.active.append(line.split(";"))
        wb.save(path)
    else:
        pl.read_csv(csv, separator=";", infer_schema=False).write_parquet(path)
    expected = two_passes(path, as_of=AS_OF)
    seen = passes(monkeypatch)
    got = one_pass(path, as_of=AS_OF)
    assert seen == [True]
    same(got, expected)
    (problem,) = got.reading.problems
    assert (problem.reason, problem.value) == ("bad_date", "31/02/2020")
    assert got.about()["rows_used"] == 299


# Regressions found in review (2026-12-03).


def test_one_pass_without_grouping_over_an_empty_cohort_gives_the_zeros(export: Writer) -> None:
    path = export(usual(300))
    got = compute(open_dataset(path), [], as_of=AS_OF, year=2019)
    ds = open_dataset(path)
    ds.reading  # noqa: B018
    same(got, compute(ds, [], as_of=AS_OF, year=2019))
    received = got.data.filter(indicator="received").row(0, named=True)
    assert (received["numerator"], received["value"]) == (0, 0.0)


def _coded(tmp_path: Path, names: list[tuple[str, str, str]], filler: int) -> Path:
    """An export with agency codes: (id, agency name, received) for code A1, then filler rows."""
    lines = ["Mã hồ sơ;Mã cơ quan;Cơ quan tiếp nhận;Cấp;Ngày tiếp nhận;Ngày có kết quả"]
    lines += [f"{i};A1;{name};Cấp tỉnh;{day};" for i, name, day in names]
    lines += [f"F{i:04d};B{i % 3};Sở {i % 3};Cấp tỉnh;0{1 + i % 9}/03/2020;" for i in range(filler)]
    path = tmp_path / "coded.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_store_names_a_group_as_its_rows_do(tmp_path: Path) -> None:
    from parindex.indicators import Store

    # X2 is stored first (its id's bucket), in the later month.
    path = _coded(tmp_path, [("X1", "Sở Alpha", "05/02/2020"), ("X2", "Sở Zeta", "05/05/2020")], 0)
    Store(tmp_path / "s").import_file(path)
    # From the summaries (months apart): the name of the code's first row as stored.
    table = compute(open_dataset(tmp_path / "s"), ["agency"], indicators=["received"])
    first = Store(tmp_path / "s").scan().filter(agency_code="A1").collect()["agency_name"][0]
    assert table.data["agency_name"].to_list() == [first]


def test_an_import_keeps_the_file_order_of_rows_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parindex.indicators import Store

    # X1 is read again (yyyy-mm-dd): staged last, it must still be stored in its place.
    named = [("X1", "Sở Alpha", "2020-03-05"), ("X2", "Sở Beta", "06/03/2020")]
    path = _coded(tmp_path, named, 297)
    Store(tmp_path / "fast").import_file(path)
    full_reading(monkeypatch)
    Store(tmp_path / "full").import_file(path)
    fast_rows = Store(tmp_path / "fast").scan().collect()
    assert fast_rows.height == 299
    assert fast_rows.equals(Store(tmp_path / "full").scan().collect())
    monkeypatch.undo()
    names = [
        compute(open_dataset(tmp_path / s), ["agency"], indicators=["received"]).data
        for s in ("fast", "full")
    ]
    assert names[0].equals(names[1])


@pytest.mark.parametrize("as_of", [None, AS_OF])
def test_a_file_beyond_its_tolerance_is_refused_before_a_missing_column(
    export: Writer, as_of: dt.date | None
) -> None:
    from parindex.indicators import ImportRejected

    rows = [cell(r, 7, "31/02/2020") if i < 2 else r for i, r in enumerate(usual(300))]
    # The helper's export has no "Đã gửi thư xin lỗi"-like column only if it is dropped:
    path = export([";".join(r.split(";")[:10]) for r in rows])
    text = path.read_text(encoding="utf-8").replace(";Đã xin lỗi", "")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRejected):
        compute(open_dataset(path), [], indicators=["apology_rate"], as_of=as_of)


def test_an_xlsx_export_is_loaded_twice_for_a_computation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parindex.indicators import reading

    wb = openpyxl.Workbook()
    for line in (";".join(HEADER_CELLS), *usual(50)):
        wb.active.append(line.split(";"))
    wb.save(tmp_path / "e.xlsx")
    loads: list[str] = []
    real = reading._open_xlsx

    def count(*args: Any, **kw: Any) -> Any:
        loads.append("xlsx")
        return real(*args, **kw)

    monkeypatch.setattr(reading, "_open_xlsx", count)
    compute(open_dataset(tmp_path / "e.xlsx"), BY, as_of=AS_OF)
    assert len(loads) == 2  # opening (the header) and the pass: not once per indicator
