"""An uploaded questionnaire or responses file built to explode is refused before it is read."""

from __future__ import annotations

import pytest

from bombs import ALIAS_BOMB, MIB, office_bomb
from parindex.core.limits import CODE, LimitError
from parindex.io.limits import FORM_ZIP_LIMITS, RESPONSES_TABLE_LIMITS, ZIP_LIMITS, TableLimits
from parindex.surveys import SourceError, import_xlsform, read_responses, read_table, read_xlsform
from parindex.surveys.results import load_feeds


def refused(call) -> LimitError:
    with pytest.raises(LimitError) as excinfo:
        call()
    assert excinfo.value.code == CODE
    return excinfo.value


@pytest.mark.parametrize("read", [import_xlsform, read_xlsform], ids=["upload", "shipped"])
def test_an_xlsform_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, read):
    path = tmp_path / "form.xlsx"
    path.write_bytes(office_bomb())

    error = refused(lambda: read(path))

    assert error.params == {
        "limit": "zip_total_bytes",
        "maximum": FORM_ZIP_LIMITS.max_total_bytes,
        "found": 80 * MIB + 29,
    }


def test_a_responses_workbook_bomb_is_refused_before_it_is_unpacked(tmp_path, sipas):
    path = tmp_path / "responses.xlsx"
    path.write_bytes(office_bomb())

    error = refused(lambda: read_responses(path, sipas))

    assert (error.params["limit"], error.params["maximum"]) == (
        "zip_total_bytes",
        ZIP_LIMITS.max_total_bytes,
    )


def test_a_responses_csv_beyond_its_size_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "responses.csv"
    path.write_bytes(b"_uuid\n" + b"x\n" * 60)

    error = refused(lambda: read_table(path, TableLimits(max_bytes=100)))

    assert error.params == {"limit": "file_bytes", "maximum": 100, "found": 126}


def test_a_responses_csv_of_too_many_rows_is_refused(tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text("_uuid\n" + "x\n" * 10, encoding="utf-8")

    error = refused(lambda: read_table(path, TableLimits(max_rows=10)))

    assert error.params == {"limit": "rows", "maximum": 10, "found": 11}
    assert RESPONSES_TABLE_LIMITS.max_rows == 200_000


def test_a_csv_field_longer_than_the_csv_module_reads_is_an_unreadable_file(tmp_path):
    path = tmp_path / "responses.csv"
    path.write_text('_uuid\n"' + "x" * 200_000 + '"\n', encoding="utf-8")

    with pytest.raises(SourceError) as excinfo:
        read_table(path)

    assert excinfo.value.code == "unreadable"


def test_a_feeds_file_of_nested_aliases_is_refused(tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")

    assert refused(lambda: load_feeds(path)).params["limit"] == "yaml_nodes"
