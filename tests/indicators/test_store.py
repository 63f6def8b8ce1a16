"""The store: re-imports change nothing, later imports win, failures leave nothing behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from indicator_helpers import GOOD, Writer

from parindex.indicators import ImportRejected, Store, StoreError


def _files(store: Path) -> set[str]:
    return {p.name for p in store.iterdir()}


def test_import_writes_a_part_and_a_manifest_with_hash_rows_time_and_mapping(
    tmp_path: Path, export: Writer
) -> None:
    store = Store(tmp_path / "store")
    result = store.import_file(export(GOOD))
    assert (result.status, result.rows_new) == ("imported", 3)
    (record,) = json.loads((tmp_path / "store" / "manifest.json").read_text())["imports"]
    assert record["file"] == "part-000001.parquet"
    assert len(record["sha256"]) == len(record["source_sha256"]) == 64
    assert record["rows"] == 3 and record["imported_at"] and "columns" in record["mapping"]
    assert store.scan().collect().height == 3


def test_reimporting_the_same_file_changes_nothing(tmp_path: Path, export: Writer) -> None:
    store = Store(tmp_path / "store")
    path = export(GOOD)
    store.import_file(path)
    before = (tmp_path / "store" / "manifest.json").read_bytes()
    assert store.import_file(path).status == "unchanged"
    # Same dossiers in another file (a copy with another title) change nothing either.
    copy = export(GOOD, name="copy.csv", title=False)
    result = store.import_file(copy)
    assert (result.status, result.rows_unchanged) == ("unchanged", 3)
    assert (tmp_path / "store" / "manifest.json").read_bytes() == before
    assert store.scan().collect().height == 3


def test_monthly_files_append_and_a_later_import_of_an_id_wins(
    tmp_path: Path, export: Writer
) -> None:
    store = Store(tmp_path / "store")
    store.import_file(export(GOOD[:2], name="jan.csv"))
    # February's export resolves HS-002 (pending in January) and adds HS-003.
    resolved = GOOD[1].replace("43900;;", "43900;09/03/2020;")
    result = store.import_file(export([resolved, GOOD[2]], name="feb.csv"))
    assert (result.rows_new, result.rows_updated) == (1, 1)
    df = store.scan().collect().sort("dossier_id")
    assert df["dossier_id"].to_list() == ["HS-001", "HS-002", "HS-003"]
    assert df.filter(dossier_id="HS-002")["resolved_date"].is_not_null().all()
    assert df.filter(dossier_id="HS-002")["_import"].to_list() == [2]
    first = store.imports()[0]
    assert (first.rows, first.rows_replaced) == (1, 1)
    assert _files(tmp_path / "store") == {
        "manifest.json",
        ".lock",
        first.file,
        "part-000002.parquet",
        # Each part's summary; the superseded part-000001's went with it.
        first.file.removesuffix(".parquet") + ".summary.parquet",
        "part-000002.summary.parquet",
    }


def test_a_rejected_import_leaves_nothing_behind(tmp_path: Path, export: Writer) -> None:
    store = Store(tmp_path / "store")
    store.import_file(export(GOOD[:1], name="ok.csv"))
    before = {p.name: p.read_bytes() for p in (tmp_path / "store").iterdir()}
    bad = GOOD[1].replace("2020-03-06", "06/13/2020")
    with pytest.raises(ImportRejected):
        store.import_file(export([bad, GOOD[2]], name="bad.csv"))
    after = {p.name: p.read_bytes() for p in (tmp_path / "store").iterdir()}
    assert after == before


def test_a_crash_while_writing_leaves_the_previous_state(
    tmp_path: Path, export: Writer, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "store")
    store.import_file(export(GOOD[:1], name="ok.csv"))
    before = (tmp_path / "store" / "manifest.json").read_bytes()

    def boom(self: Store, manifest: dict) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Store, "_write_manifest", boom)
    with pytest.raises(OSError):
        store.import_file(export(GOOD[1:], name="next.csv"))
    assert (tmp_path / "store" / "manifest.json").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "store").glob("part-*")) == [
        "part-000001.parquet",
        "part-000001.summary.parquet",
    ]


def test_a_corrupt_manifest_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(StoreError, match="bad_manifest"):
        Store(tmp_path).imports()


def test_progress_is_reported_in_stages(tmp_path: Path, export: Writer) -> None:
    stages: list[str] = []
    Store(tmp_path / "s").import_file(export(GOOD), progress=lambda s, d, t: stages.append(s))
    assert stages[0] == "check" and stages[-1] == "done" and "write" in stages
