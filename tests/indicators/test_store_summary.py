"""A store's summaries give exactly the rows' figures, and the rows answer what they cannot.

The store is messy on purpose: three imports whose dossiers overlap (the later import wins, so
earlier parts are rewritten with their summaries), cancellations, dossiers resolved after the
year, dossiers without a due date. Every figure is compared with the same computation over the
rows (the same store with its summary files removed, which is how a part without a summary is
read) at several reading dates, groupings and filters.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from importlib.resources import files
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from parindex.indicators import Store, compute, open_dataset, summary
from parindex.indicators.compute import Table
from parindex.indicators.definitions import load_definitions, parse_definitions
from parindex.indicators.generator import generate
from parindex.indicators.summary import SUFFIX

STATUS, RESOLVED, DUE, CHANNEL = "Trạng thái", "Ngày có kết quả", "Hạn xử lý", "Hình thức nộp"
RETURNED = "Ngày trả kết quả"


def _about(table: Table) -> dict[str, object]:
    """Return what a result states, without the store's folder (the copies differ there)."""
    return {k: v for k, v in table.about().items() if k != "file"}


def _write(df: pl.DataFrame, path: Path) -> Path:
    df.write_csv(path)
    return path


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return a store with summaries, the same without them, and one with summaries only."""
    root = tmp_path_factory.mktemp("summary")
    generate(root / "log.csv", 4000, seed=7)
    log = pl.read_csv(root / "log.csv", infer_schema=False)
    n = pl.int_range(pl.len())
    # January's export: the first 3 000 dossiers.
    first = _write(log.head(3000), root / "a.csv")
    # A later export: 500 of them updated (cancelled, reopened as pending, moved online),
    # 500 the same, 1 000 new.
    b = log.slice(2000, 2000).with_columns(
        pl.when(n < 150).then(pl.lit("Đã hủy")).otherwise(pl.col(STATUS)).alias(STATUS),
        pl.when(n.is_between(150, 300))
        .then(pl.lit("Trực tuyến"))
        .otherwise(pl.col(CHANNEL))
        .alias(CHANNEL),
    )
    reopened = n.is_between(300, 499)
    b = b.with_columns(
        pl.when(reopened).then(pl.lit("Đang giải quyết")).otherwise(pl.col(STATUS)).alias(STATUS),
        pl.when(reopened).then(None).otherwise(pl.col(RESOLVED)).alias(RESOLVED),
        pl.when(reopened).then(None).otherwise(pl.col(RETURNED)).alias(RETURNED),
    )
    second = _write(b, root / "b.csv")
    # A third export rewrites the first part again: 400 dossiers resolved late, in 2021, some
    # without a due date.
    c = log.head(400).with_columns(
        pl.when(n < 300).then(pl.lit("15/02/2021")).otherwise(pl.col(RESOLVED)).alias(RESOLVED),
        pl.when(n < 300).then(pl.lit("16/02/2021")).otherwise(pl.col(RETURNED)).alias(RETURNED),
        pl.when(n.is_between(200, 260)).then(None).otherwise(pl.col(DUE)).alias(DUE),
    )
    third = _write(c, root / "c.csv")
    full = root / "store"
    store = Store(full)
    for path in (first, second, third):
        assert store.import_file(path).status == "imported"
    rows = root / "rows"
    shutil.copytree(full, rows)
    for p in rows.glob(f"*{SUFFIX}"):
        p.unlink()
    only = root / "only"
    shutil.copytree(full, only)
    for p in only.glob("part-*.parquet"):
        if not p.name.endswith(SUFFIX):
            p.unlink()
    return {"full": full, "rows": rows, "only": only}


def test_every_part_has_a_summary_recorded_in_the_manifest(stores: dict[str, Path]) -> None:
    records = json.loads((stores["full"] / "manifest.json").read_text())["imports"]
    assert [r["rows_replaced"] > 0 for r in records] == [True, False, False]
    on_disk = sorted(p.name for p in stores["full"].glob(f"*{SUFFIX}"))
    assert on_disk == sorted(r["summary"]["file"] for r in records)
    for r in records:
        assert r["summary"]["file"] == r["file"].removesuffix(".parquet") + SUFFIX
    # The rewritten first part holds the third import's 400 dossiers no more.
    assert sum(r["rows"] for r in records) == 4000


BYS = [
    (),
    ("year",),
    ("month",),
    ("quarter",),
    ("level", "agency"),
    ("year", "month", "level", "agency"),
]
DATES = [None, dt.date(2020, 3, 31), dt.date(2020, 12, 31), dt.date(2021, 2, 15)]


@pytest.mark.parametrize("by", BYS)
@pytest.mark.parametrize("as_of", DATES)
def test_summaries_give_the_rows_figures_exactly(
    stores: dict[str, Path], by: tuple[str, ...], as_of: dt.date | None
) -> None:
    fast = compute(open_dataset(stores["only"]), by, as_of=as_of)
    slow = compute(open_dataset(stores["rows"]), by, as_of=as_of)
    assert fast.data.height > 0
    assert fast.data.equals(slow.data)
    if "quarter" in by:  # "YYYY-Qn", from either path
        assert set(fast.data["quarter"]) == {"2020-Q1", "2020-Q2", "2020-Q3", "2020-Q4"}
    assert _about(fast) == _about(slow)


@pytest.mark.parametrize(
    ("by", "where", "year", "indicators"),
    [
        (("level",), "level == 'province'", 2020, None),
        (("agency",), "agency_name != 'Sở Y tế'", None, ["on_time_rate", "overdue"]),
        (("channel",), None, None, ["received", "online_procedure_share", "cancelled"]),
        (("procedure",), None, 2020, ["online_procedure_share", "online_share"]),
        (("field", "month"), "level in ('district', 'commune')", None, ["received"]),
    ],
)
def test_summaries_answer_filters_on_their_columns(
    stores: dict[str, Path],
    by: tuple[str, ...],
    where: str | None,
    year: int | None,
    indicators: list[str] | None,
) -> None:
    args = {"where": where, "year": year, "indicators": indicators, "as_of": dt.date(2020, 9, 30)}
    fast = compute(open_dataset(stores["only"]), by, **args)  # type: ignore[arg-type]
    slow = compute(open_dataset(stores["rows"]), by, **args)  # type: ignore[arg-type]
    assert fast.data.height > 0
    assert fast.data.equals(slow.data)


def test_what_needs_rows_is_read_from_the_rows(stores: dict[str, Path]) -> None:
    # A filter on a column the summaries do not keep, and a date-dependent measure by
    # procedure: the rows are read (the summaries-only copy has none to read).
    for args in (
        {"by": ("level",), "where": "apology_sent"},
        {"by": ("procedure",), "indicators": ["on_time_rate"]},
    ):
        slow = compute(open_dataset(stores["rows"]), **args)  # type: ignore[arg-type]
        full = compute(open_dataset(stores["full"]), **args)  # type: ignore[arg-type]
        assert full.data.equals(slow.data) and slow.data.height > 0
        with pytest.raises(FileNotFoundError):
            compute(open_dataset(stores["only"]), **args)  # type: ignore[arg-type]


def test_a_part_missing_its_summary_is_read_from_the_rows(
    stores: dict[str, Path], tmp_path: Path
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(stores["full"], copy)
    record = json.loads((copy / "manifest.json").read_text())["imports"][1]
    (copy / record["summary"]["file"]).unlink()
    by = ("year", "month", "level", "agency")
    got = compute(open_dataset(copy), by, as_of=dt.date(2020, 12, 31))
    want = compute(open_dataset(stores["rows"]), by, as_of=dt.date(2020, 12, 31))
    assert got.data.equals(want.data)
    assert _about(got) == _about(want)


def test_an_import_failing_while_summarising_leaves_the_store_byte_identical(
    stores: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(stores["full"], copy)
    before = {p.name: p.read_bytes() for p in copy.iterdir()}
    log = pl.read_csv(stores["full"].parent / "log.csv", infer_schema=False)
    changed = log.slice(100, 50).with_columns(pl.lit("Đã hủy").alias(STATUS))

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(summary, "write", full_disk)
    with pytest.raises(OSError):
        Store(copy).import_file(_write(changed, tmp_path / "d.csv"))
    assert {p.name: p.read_bytes() for p in copy.iterdir()} == before


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("counted", set()),
        ("resolved", {("resolved_date", 0)}),
        ("overdue", {("due_date", 1), ("resolved_date", 0)}),
        ("as_of > due_date", {("due_date", 1)}),
        ("as_of <= returned_date", {("returned_date", 1)}),
        ("received_date == as_of", {("received_date", 0), ("received_date", 1)}),
        ("as_of in ('x',)", None),
        ("as_of > 3", None),
    ],
)
def test_the_dates_where_a_filter_can_change_with_the_reading_date(
    text: str, points: set[tuple[str, int]] | None
) -> None:
    assert load_definitions().as_of_points(text) == points


def test_summarise_gives_a_store_without_summaries_its_summaries(
    stores: dict[str, Path], tmp_path: Path
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(stores["rows"], copy)  # summary files gone, as in a store made before
    manifest = json.loads((copy / "manifest.json").read_text())
    for r in manifest["imports"]:
        del r["summary"]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    store = Store(copy)
    assert store.summarise() == [r["file"] for r in manifest["imports"]]
    assert store.summarise() == []  # nothing left to do
    for p in copy.glob("part-*.parquet"):
        if not p.name.endswith(SUFFIX):
            p.unlink()  # the rows are not needed any more for these figures
    by = ("year", "month", "level", "agency")
    got = compute(open_dataset(copy), by, as_of=dt.date(2020, 12, 31))
    want = compute(open_dataset(stores["rows"]), by, as_of=dt.date(2020, 12, 31))
    assert got.data.equals(want.data)


def test_other_definitions_are_computed_from_the_rows(stores: dict[str, Path]) -> None:
    text = (files("parindex.indicators") / "data" / "indicators.yaml").read_text("utf-8")
    # A stricter on-time rule: resolved at least a day before the due date.
    stricter = parse_definitions(
        text.replace("resolved_date <= due_date", "resolved_date < due_date"), "strict.yaml"
    )
    by = ("level",)
    got = compute(open_dataset(stores["full"]), by, definitions=stricter, indicators=["on_time"])
    want = compute(open_dataset(stores["rows"]), by, definitions=stricter, indicators=["on_time"])
    shipped = compute(open_dataset(stores["full"]), by, indicators=["on_time"])
    assert got.data.equals(want.data)
    assert got.data["numerator"].sum() < shipped.data["numerator"].sum()
    with pytest.raises(FileNotFoundError):  # read from the rows, which this copy lacks
        compute(open_dataset(stores["only"]), by, definitions=stricter, indicators=["on_time"])


ODD_FLAGS = """
version: 1
period: received_date
flags:
  counted: "status != 'cancelled'"
  on_the_day: "counted and as_of == resolved_date"
  open_window: "counted and due_date >= as_of and not (resolved_date <= as_of)"
  returned_yet: "returned_date < as_of or as_of > resolved_date"
indicators:
  a: {numerator: on_the_day}
  b: {numerator: open_window, denominator: counted}
  c: {numerator: "returned_yet and not on_the_day"}
  d: {numerator: "resolved_date is None or as_of >= due_date"}
"""


def test_a_summary_is_exact_at_every_date_for_odd_filters() -> None:
    # Dates that coincide (resolved on the due date, the day after it, returned the same day),
    # missing dates and cancellations: every change point and its double counting.
    rng = np.random.default_rng(11)
    n = 400
    day = dt.date(2020, 1, 1)
    received = [day + dt.timedelta(days=int(d)) for d in rng.integers(0, 20, n)]

    def later(base: list[dt.date], spread: int, missing: float) -> list[dt.date | None]:
        return [
            None if rng.random() < missing else b + dt.timedelta(days=int(rng.integers(0, spread)))
            for b in base
        ]

    due = later(received, 6, 0.1)
    resolved = [
        (d if rng.random() < 0.2 else r) if d is not None else r
        for d, r in zip(due, later(received, 8, 0.2), strict=True)
    ]
    rows = pl.DataFrame(
        {
            "level": rng.choice(["province", "district"], n),
            "agency_code": rng.choice(["A", "B", "C"], n),
            "agency_name": None,
            "procedure_code": rng.choice(["p1", "p2"], n),
            "procedure_name": None,
            "field": None,
            "channel": "direct",
            "status": rng.choice(["resolved", "cancelled", "received"], n, p=[0.6, 0.1, 0.3]),
            "received_date": received,
            "due_date": due,
            "resolved_date": resolved,
            "returned_date": [r if r is None or rng.random() < 0.5 else None for r in resolved],
        },
        schema_overrides={
            "agency_name": pl.String,
            "procedure_name": pl.String,
            "field": pl.String,
        },
    )
    defs = parse_definitions(ODD_FLAGS, "odd.yaml")
    built = summary.build(rows.lazy(), defs)
    measures = summary.measures_of(defs)
    assert [m.key for m in measures] == built.meta["measures"]
    for offset in range(-2, 32):
        as_of = day + dt.timedelta(days=offset)
        got = summary.aggregate(
            built.data, built.meta["measures"], defs, measures, ("level",), None, None, as_of
        ).collect()
        for i, m in enumerate(measures):
            want = (
                rows.filter(defs.compile(m.where, as_of)).group_by("level").len()
                if m.distinct is None
                else None
            )
            if want is None:
                continue
            counts = dict(want.iter_rows())
            for level, value in got.select("level", f"m{i}").iter_rows():
                assert value == counts.get(level, 0), (as_of, m.where, level)


def test_the_next_import_summarises_the_parts_from_before(
    stores: dict[str, Path], tmp_path: Path
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(stores["rows"], copy)  # as a store made before summaries
    manifest = json.loads((copy / "manifest.json").read_text())
    for r in manifest["imports"]:
        del r["summary"]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    log = pl.read_csv(stores["full"].parent / "log.csv", infer_schema=False)
    more = log.slice(3500, 100).with_columns(pl.lit("Đã hủy").alias(STATUS))
    assert Store(copy).import_file(_write(more, tmp_path / "e.csv")).status == "imported"
    records = json.loads((copy / "manifest.json").read_text())["imports"]
    assert len(records) == 4
    assert all((copy / r["summary"]["file"]).is_file() for r in records)
    assert sorted(p.name for p in copy.glob(f"*{SUFFIX}")) == sorted(
        r["summary"]["file"] for r in records
    )


def test_summarise_remakes_a_missing_summary_and_replaces_one_of_other_definitions(
    stores: dict[str, Path], tmp_path: Path
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(stores["full"], copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    first, second = manifest["imports"][0]["summary"], manifest["imports"][1]["summary"]
    (copy / first["file"]).unlink()  # lost
    second["definitions"] = "0" * 64  # made under other definitions
    (copy / "manifest.json").write_text(json.dumps(manifest))
    other = copy / second["file"]
    assert Store(copy).summarise() == [r["file"] for r in manifest["imports"][:2]]
    records = json.loads((copy / "manifest.json").read_text())["imports"]
    assert records[0]["summary"]["file"] == first["file"] and (copy / first["file"]).is_file()
    assert records[1]["summary"]["file"] != second["file"] and not other.exists()
    assert sorted(p.name for p in copy.glob(f"*{SUFFIX}")) == sorted(
        r["summary"]["file"] for r in records
    )
    by = ("year", "month", "level", "agency")
    got = compute(open_dataset(copy), by, as_of=dt.date(2020, 12, 31))
    want = compute(open_dataset(stores["rows"]), by, as_of=dt.date(2020, 12, 31))
    assert got.data.equals(want.data)


@pytest.mark.parametrize("batch_rows", [1, 700])
def test_a_part_summarised_a_few_months_at_a_time_gives_the_same_summary(
    stores: dict[str, Path], tmp_path: Path, batch_rows: int
) -> None:
    """The import summarises a part in batches of whole months (memory flat with the years a
    log spans): the same rows, figures and metadata as one summary of all its rows."""
    defs = load_definitions()
    keys = [*summary.BASE_KEYS, summary.DATE]
    parts = sorted(stores["full"].glob("part-*.parquet"))
    parts = [p for p in parts if not p.name.endswith(SUFFIX)]
    assert len(parts) == 3
    for part in parts:
        whole = summary.build(pl.scan_parquet(part), defs)
        out = tmp_path / f"{part.stem}-{batch_rows}{SUFFIX}"
        meta = summary.summarise_file(part, defs, out, batch_rows=batch_rows)
        batched = pl.read_parquet(out)
        assert batched.schema == whole.data.schema
        assert batched.sort(keys, nulls_last=True).equals(whole.data.sort(keys, nulls_last=True))
        assert meta == whole.meta
        if batch_rows == 1:  # one batch per month: more than one batch was written
            assert pl.read_parquet_schema(out) and batched.height == whole.data.height


def test_a_store_imported_in_small_month_batches_gives_the_rows_figures(
    stores: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary, "BATCH_ROWS", 500)
    store = tmp_path / "batched"
    shutil.copytree(stores["rows"], store)  # no summary files
    manifest = json.loads((store / "manifest.json").read_text())
    for r in manifest["imports"]:
        del r["summary"]
    (store / "manifest.json").write_text(json.dumps(manifest))
    assert Store(store).summarise() == [r["file"] for r in manifest["imports"]]
    for p in store.glob("part-*.parquet"):
        if not p.name.endswith(SUFFIX):
            p.unlink()  # only the summaries, made 500 rows' months at a time, can answer
    for by in BYS:
        for as_of in DATES:
            fast = compute(open_dataset(store), by, as_of=as_of)
            slow = compute(open_dataset(stores["rows"]), by, as_of=as_of)
            assert fast.data.equals(slow.data), (by, as_of)


def test_flag_columns_come_in_layers_each_reading_only_earlier_layers() -> None:
    defs = load_definitions()
    when = dt.date(2021, 1, 1)
    layers, known = defs.flag_columns(when, "_f_")
    names = [[e.meta.output_name() for e in layer] for layer in layers]
    assert names == [
        ["_f_cancelled"],
        ["_f_counted"],
        ["_f_resolved", "_f_online", "_f_bcci_receipt"],
        ["_f_on_time", "_f_pending"],
        ["_f_late", "_f_overdue"],
    ]
    assert known == {n: f"_f_{n}" for n in defs.flags}
    # A filter compiled with them reads the flag columns, not the rows' columns again.
    late_or_overdue = defs.compile("(late or overdue) and apology_sent", when, known)
    assert sorted(late_or_overdue.meta.root_names()) == ["_f_late", "_f_overdue", "apology_sent"]
    # Only the flags some filters need, with the flags given as known read from their column.
    layers, known = defs.flag_columns(when, "_g_", {"counted": "_s_counted"}, ["online"])
    assert [[e.meta.output_name() for e in layer] for layer in layers] == [["_g_online"]]
    assert known == {"counted": "_s_counted", "online": "_g_online"}


def test_flag_columns_give_what_the_flags_expanded_give() -> None:
    # The odd flags (as_of on either side, missing dates) on rows at several reading dates.
    defs = parse_definitions(ODD_FLAGS, "odd.yaml")
    day = dt.date(2020, 1, 10)
    rows = pl.DataFrame(
        {
            "status": ["cancelled", "received", "resolved", "resolved", None],
            "received_date": [day] * 5,
            "due_date": [day, None, day + dt.timedelta(days=2), day, day],
            "resolved_date": [day, None, day, day + dt.timedelta(days=1), None],
            "returned_date": [None, None, day, day + dt.timedelta(days=3), day],
        }
    )
    for offset in range(-1, 5):
        as_of = day + dt.timedelta(days=offset)
        layers, known = defs.flag_columns(as_of, "_f_")
        lf = rows.lazy()
        for layer in layers:
            lf = lf.with_columns(layer)
        texts = [*defs.flags, *(m.where for m in summary.measures_of(defs))]
        got = lf.select(
            defs.compile(t, as_of, known).alias(f"_{i}") for i, t in enumerate(texts)
        ).collect()
        want = rows.select(defs.compile(t, as_of).alias(f"_{i}") for i, t in enumerate(texts))
        assert got.equals(want), as_of


def test_flag_columns_name_a_cycle_of_flags() -> None:
    from parindex.indicators.definitions import Definitions
    from parindex.indicators.errors import DefinitionError

    defs = Definitions("loop.yaml", "received_date", {"a": "b", "b": "a"}, {}, ())
    with pytest.raises(DefinitionError) as err:
        defs.flag_columns(dt.date(2021, 1, 1), "_f_")
    assert (err.value.reason, err.value.value) == ("recursive_flag", "a")
