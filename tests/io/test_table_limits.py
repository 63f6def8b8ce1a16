"""Workbooks and CSV files are opened only within their limits; rows, cells and time are counted."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from bombs import MIB, office_bomb, zip_of
from parindex.core.limits import CODE, LimitError
from parindex.io.limits import (
    EVIDENCE_ZIP_LIMITS,
    ZIP_LIMITS,
    Budget,
    TableLimits,
    check_zip,
    open_workbook,
    read_bytes,
)


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_workbook_bomb_is_refused_before_openpyxl_opens_it():
    bomb = office_bomb()
    assert len(bomb) < 200_000

    with pytest.raises(LimitError) as excinfo, open_workbook(io.BytesIO(bomb)):
        pytest.fail("the workbook was opened")

    assert excinfo.value.code == CODE
    assert excinfo.value.params == {
        "limit": "zip_total_bytes",
        "maximum": ZIP_LIMITS.max_total_bytes,
        "found": 80 * MIB + len(b'<?xml version="1.0"?><Types/>'),
    }


def test_a_workbook_within_its_limits_opens_read_only_and_is_closed_after():
    with open_workbook(io.BytesIO(workbook([["a", 1], ["b", 2]]))) as book:
        rows = list(Budget(TableLimits()).rows_of(book.worksheets[0].iter_rows(values_only=True)))
    assert rows == [["a", 1], ["b", 2]]
    assert book.read_only


def test_the_budget_refuses_the_first_row_beyond_the_maximum():
    rows = Budget(TableLimits(max_rows=3)).rows_of([["x"]] * 10)
    assert [next(rows) for _ in range(3)] == [["x"]] * 3
    with pytest.raises(LimitError) as excinfo:
        next(rows)
    assert excinfo.value.params == {"limit": "rows", "maximum": 3, "found": 4}


def test_the_budget_counts_cells_across_every_sheet_of_a_file():
    budget = Budget(TableLimits(max_cells=5))
    assert list(budget.rows_of([["a", "b"], ["c", "d"]])) == [["a", "b"], ["c", "d"]]
    with pytest.raises(LimitError) as excinfo:
        list(budget.rows_of([["e", "f"]]))
    assert excinfo.value.params == {"limit": "cells", "maximum": 5, "found": 6}


def test_the_budget_stops_a_reading_that_takes_longer_than_allowed():
    with pytest.raises(LimitError) as excinfo:
        list(Budget(TableLimits(max_seconds=-1)).rows_of([["a"]]))
    assert (excinfo.value.code, excinfo.value.params["limit"]) == (CODE, "seconds")


def test_a_file_beyond_its_size_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 101)

    with pytest.raises(LimitError) as excinfo:
        read_bytes(path, TableLimits(max_bytes=100))

    assert excinfo.value.params == {"limit": "file_bytes", "maximum": 100, "found": 101}
    assert read_bytes(b"x" * 100, TableLimits(max_bytes=100)) == b"x" * 100
    with pytest.raises(LimitError):
        read_bytes(b"x" * 101, TableLimits(max_bytes=100))


def test_evidence_may_be_large_but_not_a_bomb():
    photos = zip_of({"word/media/image1.png": bytes(range(256)) * 4096}, 0)  # stored: ratio 1
    check_zip(io.BytesIO(photos), EVIDENCE_ZIP_LIMITS)

    with pytest.raises(LimitError) as excinfo:
        check_zip(io.BytesIO(office_bomb("word/document.xml")), EVIDENCE_ZIP_LIMITS)
    assert excinfo.value.params["limit"] == "zip_ratio"
