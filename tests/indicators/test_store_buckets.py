"""The streaming store import: buckets and ranges change no answer, refusals change nothing.

`STEP_ROWS` is set to a few rows so that even these small files are merged over several bucket
ranges, as a 50-million-row file is.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest
from indicator_helpers import HEADER

from parindex.indicators import ImportRejected, Store, Tolerance, read_log
from parindex.indicators import buckets as bk


def _row(n: int, ident: str, resolved: str = "") -> str:
    """A dossier row of HEADER: received 05/03/2020, due 20/03/2020."""
    where = "1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tiếp"
    return f"{n};{ident};{where};05/03/2020;20/03/2020;{resolved};"


def _write(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _stored(store: Store) -> dict[str, tuple[dt.date | None, int]]:
    """Return id → (resolution date, import id) of what the store holds."""
    df = store.scan().collect()
    assert df["dossier_id"].n_unique() == df.height, "an id is stored once"
    return {r["dossier_id"]: (r["resolved_date"], r["_import"]) for r in df.iter_rows(named=True)}


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in root.iterdir() if p.is_file()} | {
        p.name: b"<dir>" for p in root.iterdir() if p.is_dir()
    }


@pytest.fixture(autouse=True)
def _small_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bk, "STEP_ROWS", 3)


def test_the_later_import_wins_across_parts_and_ranges(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    ids = [f"HS-{i:03d}" for i in range(40)]
    jan = _write(tmp_path, "jan.csv", [_row(i, x) for i, x in enumerate(ids[:30])])
    assert store.import_file(jan).rows_new == 30
    # February resolves ten of January's dossiers, repeats ten as they were, adds ten.
    feb_rows = [_row(i, x, "10/03/2020") for i, x in enumerate(ids[:10])]
    feb_rows += [_row(i, x) for i, x in enumerate(ids[10:20], 10)]
    feb_rows += [_row(i, x) for i, x in enumerate(ids[30:40], 30)]
    feb = store.import_file(_write(tmp_path, "feb.csv", feb_rows))
    assert (feb.rows_new, feb.rows_updated, feb.rows_unchanged) == (10, 10, 10)
    # March resolves five dossiers first stored in February and five of January's.
    mar_rows = [_row(i, x, "12/03/2020") for i, x in enumerate(ids[30:35] + ids[20:25])]
    mar = store.import_file(_write(tmp_path, "mar.csv", mar_rows))
    assert (mar.rows_new, mar.rows_updated, mar.rows_unchanged) == (0, 10, 0)
    expected: dict[str, tuple[dt.date | None, int]] = {}
    for x in ids[:10]:
        expected[x] = (dt.date(2020, 3, 10), 2)
    for x in ids[10:20] + ids[25:30]:
        expected[x] = (None, 1)
    for x in ids[35:40]:
        expected[x] = (None, 2)
    for x in ids[30:35] + ids[20:25]:
        expected[x] = (dt.date(2020, 3, 12), 3)
    assert _stored(store) == expected
    jan_rec, feb_rec, mar_rec = store.imports()
    assert (jan_rec.rows, jan_rec.rows_replaced) == (15, 15)
    assert (feb_rec.rows, feb_rec.rows_replaced) == (15, 5)
    assert mar_rec.rows == 10
    for rec in (jan_rec, feb_rec, mar_rec):
        assert rec.buckets is not None and sum(rec.buckets) == rec.rows
        assert rec.hashing == bk.hashing()
    assert not list((tmp_path / "store").glob(f"{bk.TEMP_PREFIX}*"))


def test_a_part_is_stored_in_bucket_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    store.import_file(_write(tmp_path, "a.csv", [_row(i, f"X{i}") for i in range(50)]))
    part = pl.read_parquet(store.files()[0])
    assert part["_bucket"].to_list() == sorted(part["_bucket"].to_list())
    expected = pl.Series([f"X{i}" for i in range(50)]).hash(seed=0) % bk.BUCKETS
    by_id = dict(zip(part["dossier_id"], part["_bucket"], strict=True))
    assert [by_id[f"X{i}"] for i in range(50)] == expected.to_list()
    assert "_bucket" not in store.scan().collect_schema()


def test_duplicates_within_a_file_are_reported_as_the_reading_path_reports_them(
    tmp_path: Path,
) -> None:
    rows = [_row(i, f"HS-{i:03d}") for i in range(20)]
    rows[7] = _row(7, "HS-003")  # a later occurrence of HS-003 (file row 5)
    rows[12] = _row(12, "HS-003", "01/01/2019")  # again, and resolved before it was received
    rows[15] = _row(15, "HS-011")
    path = _write(tmp_path, "dups.csv", rows)
    tolerance = Tolerance(max_rows=3)
    expected = read_log(path, tolerance=tolerance)
    result = Store(tmp_path / "store").import_file(path, tolerance=tolerance)
    assert result.read is not None
    assert result.read.problems == expected.problems
    assert [(p.row, p.reason) for p in result.read.problems] == [
        (9, "duplicate_id"),
        (14, "duplicate_id"),
        (14, "resolved_before_received"),
        (17, "duplicate_id"),
    ]
    assert result.read.problems[0].detail == {"first_row": 5}
    assert (result.read.rows_read, result.read.rows_bad) == (20, 3)
    assert result.read.reading == expected.reading
    stored = Store(tmp_path / "store").scan().collect().sort("_row")
    assert stored["_row"].to_list() == sorted(set(expected.data["_row"].to_list()))
    assert stored.height == 17


def test_beyond_the_tolerance_the_import_is_refused_and_the_store_unchanged(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "store")
    store.import_file(_write(tmp_path, "a.csv", [_row(i, f"HS-{i:03d}") for i in range(10)]))
    resolved = [_row(i, f"HS-{i:03d}", "09/03/2020") for i in range(5)]
    store.import_file(_write(tmp_path, "b.csv", resolved))
    before = _snapshot(tmp_path / "store")
    rows = [_row(i, f"HS-{i:03d}", "11/03/2020") for i in range(10)] + [_row(10, "HS-002")]
    path = _write(tmp_path, "c.csv", rows)
    with pytest.raises(ImportRejected) as caught:
        store.import_file(path)
    assert (caught.value.bad, caught.value.total) == (1, 11)
    assert [(p.row, p.reason) for p in caught.value.problems] == [(12, "duplicate_id")]
    assert _snapshot(tmp_path / "store") == before


def test_a_failure_while_merging_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "store")
    store.import_file(_write(tmp_path, "a.csv", [_row(i, f"HS-{i:03d}") for i in range(10)]))
    before = _snapshot(tmp_path / "store")
    calls = {"n": 0}
    real = bk.PartWriter.write

    def failing(self: bk.PartWriter, df: pl.DataFrame) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(self, df)

    monkeypatch.setattr(bk.PartWriter, "write", failing)
    path = _write(tmp_path, "b.csv", [_row(i, f"HS-{i:03d}", "09/03/2020") for i in range(10)])
    with pytest.raises(OSError):
        store.import_file(path)
    assert _snapshot(tmp_path / "store") == before


def test_reimporting_is_idempotent(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    rows = [_row(i, f"HS-{i:03d}", "09/03/2020" if i % 2 else "") for i in range(25)]
    path = _write(tmp_path, "a.csv", rows)
    store.import_file(path)
    before = _snapshot(tmp_path / "store")
    again = store.import_file(path)
    assert (again.status, again.rows_new, again.rows_updated) == ("unchanged", 0, 0)
    # The same rows in another file (other bytes: a reversed order) change nothing either.
    other = store.import_file(_write(tmp_path, "b.csv", rows[::-1]))
    assert (other.status, other.rows_unchanged) == ("unchanged", 25)
    assert _snapshot(tmp_path / "store") == before


def test_a_part_written_before_buckets_is_merged_and_brought_to_buckets(tmp_path: Path) -> None:
    root = tmp_path / "store"
    store = Store(root)
    store.import_file(_write(tmp_path, "a.csv", [_row(i, f"HS-{i:03d}") for i in range(12)]))
    # Make it a version-1 store: no `_bucket` column, rows in file order, no bucket counts.
    part = root / store.imports()[0].file
    pl.read_parquet(part).drop("_bucket").sort("_row").write_parquet(part)
    manifest = json.loads((root / "manifest.json").read_text())
    for r in manifest["imports"]:
        r.pop("buckets")
        r.pop("hashing")
    (root / "manifest.json").write_text(json.dumps(manifest))
    result = store.import_file(
        _write(tmp_path, "b.csv", [_row(i, f"HS-{i:03d}", "09/03/2020") for i in range(0, 12, 2)])
    )
    assert (result.rows_new, result.rows_updated) == (0, 6)
    got = _stored(store)
    assert got == {
        f"HS-{i:03d}": ((dt.date(2020, 3, 9), 2) if i % 2 == 0 else (None, 1)) for i in range(12)
    }
    first = store.imports()[0]
    assert first.hashing == bk.hashing() and first.buckets is not None
    assert "_bucket" in pl.read_parquet_schema(root / first.file)


def test_bucket_ranges_cover_every_bucket_once() -> None:
    weights = [2.0] * bk.BUCKETS
    steps = bk.ranges(weights)
    assert steps[0] == (0, 2) and steps[-1][1] == bk.BUCKETS
    assert [b for lo, hi in steps for b in range(lo, hi)] == list(range(bk.BUCKETS))
