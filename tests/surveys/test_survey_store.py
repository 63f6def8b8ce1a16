"""The response store: idempotent by file and by response id; a failed import leaves nothing."""

from __future__ import annotations

import csv
import hashlib
import json
from decimal import Decimal

import pytest

from parindex.surveys import (
    ResponsesRejected,
    ResponseStore,
    StoreError,
    Survey,
    Tolerance,
    read_table,
)


def _write(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(header)
        w.writerows(rows)
    return path


def _snapshot(root):
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.name != ".lock"}


def test_first_import_stores_every_response_with_a_manifest(sipas, kobo_csv, tmp_path):
    store = ResponseStore(tmp_path / "sipas-2026")
    result = store.import_file(kobo_csv, sipas)
    assert (result.status, result.import_id, result.new) == ("imported", 1, 30)
    manifest = store.manifest()
    (rec,) = manifest["imports"]
    part = store.root / rec["file"]
    assert rec["sha256"] == hashlib.sha256(part.read_bytes()).hexdigest()
    assert (rec["tool"], rec["rows_read"], rec["rows_bad"]) == ("kobo", 30, 0)
    assert manifest["form_id"] == "parindex_sipas"
    assert len(store.responses(sipas)) == 30


def test_reimporting_the_same_file_changes_nothing(sipas, kobo_csv, tmp_path):
    store = ResponseStore(tmp_path / "s")
    store.import_file(kobo_csv, sipas)
    before = _snapshot(store.root)
    again = store.import_file(kobo_csv, sipas)
    assert (again.status, again.new) == ("unchanged", 0)
    assert _snapshot(store.root) == before


def test_the_same_responses_in_another_file_are_skipped_by_id(sipas, kobo_csv, tmp_path):
    store = ResponseStore(tmp_path / "s")
    store.import_file(kobo_csv, sipas)
    header, rows = read_table(kobo_csv)
    reordered = _write(tmp_path / "again.csv", header, [r for _, r in reversed(rows)])
    before = _snapshot(store.root)
    result = store.import_file(reordered, sipas)
    assert (result.status, result.new, result.unchanged) == ("unchanged", 0, 30)
    assert _snapshot(store.root) == before


def test_a_later_export_adds_only_new_responses(sipas, kobo_csv, tmp_path):
    header, rows = read_table(kobo_csv)
    store = ResponseStore(tmp_path / "s")
    store.import_file(_write(tmp_path / "week1.csv", header, [r for _, r in rows[:20]]), sipas)
    result = store.import_file(kobo_csv, sipas)
    assert (result.status, result.new, result.unchanged) == ("imported", 10, 20)
    assert len({r.id for r in store.responses()}) == 30


def test_a_stored_id_with_different_answers_is_rejected(sipas, kobo_csv, tmp_path):
    header, rows = read_table(kobo_csv)
    store = ResponseStore(tmp_path / "s")
    store.import_file(kobo_csv, sipas)
    before = _snapshot(store.root)
    changed = [list(r) for _, r in rows[:3]]
    changed[0][header.index("overall_sat")] = (
        "1" if changed[0][header.index("overall_sat")] != "1" else "5"
    )
    path = _write(tmp_path / "edited.csv", header, changed)
    with pytest.raises(ResponsesRejected) as err:
        store.import_file(path, sipas)
    (problem,) = err.value.problems
    assert (problem.row, problem.code, problem.detail["stored_import"]) == (2, "duplicate_id", 1)
    assert _snapshot(store.root) == before


def test_a_failed_import_leaves_nothing(sipas, kobo_csv, tmp_path):
    header, rows = read_table(kobo_csv)
    bad = [list(r) for _, r in rows[:4]]
    for r in bad[:2]:
        r[header.index("access/access_sat")] = "9"
    store = ResponseStore(tmp_path / "s")
    with pytest.raises(ResponsesRejected):
        store.import_file(_write(tmp_path / "bad.csv", header, bad), sipas)
    assert _snapshot(store.root) == {}
    assert store.responses() == []


def test_tolerated_bad_rows_are_recorded_in_the_manifest(sipas, kobo_csv, tmp_path):
    header, rows = read_table(kobo_csv)
    data = [list(r) for _, r in rows]
    data[4][header.index("access/access_sat")] = "9"
    store = ResponseStore(tmp_path / "s")
    result = store.import_file(
        _write(tmp_path / "f.csv", header, data),
        sipas,
        tolerance=Tolerance(max_bad_share=Decimal("0.1")),
    )
    assert (result.new, len(result.problems)) == (29, 1)
    (rec,) = store.manifest()["imports"]
    assert rec["rows_bad"] == 1 and rec["problems"][0]["row"] == 6


def test_a_store_holds_one_form_only(sipas, kobo_csv, tmp_path):
    store = ResponseStore(tmp_path / "s")
    store.import_file(kobo_csv, sipas)
    other = Survey("khac", "Khác", questions=sipas.questions, choices=sipas.choices)
    with pytest.raises(StoreError) as err:
        store.import_file(kobo_csv, other)
    assert err.value.code == "form_mismatch"


def test_a_corrupt_manifest_is_reported(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"format": "other"}))
    with pytest.raises(StoreError):
        ResponseStore(tmp_path).manifest()
