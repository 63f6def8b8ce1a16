"""Reading messy exports: headers found under title rows, dates in three forms, bad rows named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from indicator_helpers import GOOD, Writer

from parindex.indicators import (
    ImportRejected,
    MappingError,
    SourceError,
    Tolerance,
    load_mapping,
    preview,
    read_log,
)


def test_reads_title_rows_blank_and_total_rows_and_three_date_forms(export: Writer) -> None:
    path = export([GOOD[0], ";;;;;;;;;;", GOOD[1], "  ", GOOD[2], "Tổng cộng;3;;;;;;;;;"])
    log = read_log(path)
    assert log.header_row == 3
    assert log.rows_skipped == {"blank": 2, "total": 1}
    assert log.data["_row"].to_list() == [4, 6, 8]
    assert log.data["received_date"].to_list() == [dt.date(2020, 3, d) for d in (5, 6, 6)]
    # 43900 is an Excel serial number: 2020-03-10.
    assert log.data["due_date"][1] == dt.date(2020, 3, 10)
    assert log.data["level"].to_list() == ["province", "district", "commune"]
    assert log.data["channel"].to_list() == ["online", "direct", "bcci"]
    assert log.data["apology_sent"].to_list() == [None, None, True]


def test_strips_stray_spaces_and_reads_codes_as_names_when_codes_are_absent(export: Writer) -> None:
    path = export(["1;  HS-9  ; 1.001 ;Hộ tịch; Sở Tư pháp ; cấp  TỈNH ;trực tuyến;5/3/2020;;;"])
    row = read_log(path).data.row(0, named=True)
    assert row["dossier_id"] == "HS-9"
    assert row["agency_code"] == row["agency_name"] == "Sở Tư pháp"
    assert row["level"] == "province"


@pytest.mark.parametrize(
    ("row", "reason", "column", "field"),
    [
        (
            "1;HS-1;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tiếp;31/02/2020;;;",
            "bad_date",
            "Ngày tiếp nhận",
            "received_date",
        ),
        (
            "1;HS-1;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tiếp;;;;",
            "missing",
            "Ngày tiếp nhận",
            "received_date",
        ),
        (
            "1;;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tiếp;05/03/2020;;;",
            "missing",
            "Mã hồ sơ",
            "dossier_id",
        ),
        (
            "1;HS-1;1.001;Hộ tịch;Sở Tư pháp;Cấp bộ;Trực tiếp;05/03/2020;;;",
            "unknown_value",
            "Cấp",
            "level",
        ),
        (
            "1;HS-1;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Fax;05/03/2020;;;",
            "unknown_value",
            "Hình thức nộp",
            "channel",
        ),
        (
            "1;HS-1;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tiếp;05/03/2020;;04/03/2020;",
            "resolved_before_received",
            "Ngày có kết quả",
            "resolved_date",
        ),
        (
            "1;HS-1;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tiếp;05/03/2020;01/03/2020;;",
            "due_before_received",
            "Hạn xử lý",
            "due_date",
        ),
        (
            "1;HS-1;1.001;Hộ tịch;;Cấp tỉnh;Trực tiếp;05/03/2020;;;",
            "missing",
            "Cơ quan tiếp nhận",
            "agency_name",
        ),
    ],
)
def test_each_bad_row_is_reported_with_its_row_column_and_reason(
    export: Writer, row: str, reason: str, column: str, field: str
) -> None:
    path = export([GOOD[0], row])
    with pytest.raises(ImportRejected) as info:
        read_log(path)
    problems = [p for p in info.value.problems if p.reason == reason]
    assert problems, info.value.problems
    assert (problems[0].row, problems[0].column, problems[0].field) == (5, column, field)
    assert problems[0].file == str(path)


def test_a_duplicated_id_in_one_file_names_the_row_of_the_first(export: Writer) -> None:
    path = export([GOOD[0], GOOD[1], GOOD[0].replace("1;HS", "9;HS")])
    with pytest.raises(ImportRejected) as info:
        read_log(path)
    (problem,) = info.value.problems
    assert (problem.row, problem.reason, problem.detail) == (6, "duplicate_id", {"first_row": 4})


def test_tolerance_skips_bad_rows_up_to_the_limit(export: Writer) -> None:
    bad = "9;HS-9;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tiếp;32/01/2020;;;"
    path = export([*GOOD, bad])
    log = read_log(path, tolerance=Tolerance(max_rows=1))
    assert (log.data.height, log.rows_bad) == (3, 1)
    assert log.problems[0].row == 7
    with pytest.raises(ImportRejected):
        read_log(path, tolerance=Tolerance(max_rows=None, max_share=0.2))
    assert read_log(path, tolerance=Tolerance(max_rows=None, max_share=0.25)).rows_bad == 1


def test_missing_required_column_names_the_header_it_looked_for(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Mã hồ sơ,Cơ quan tiếp nhận,Ngày tiếp nhận\nA,B,05/03/2020\n", encoding="utf-8")
    with pytest.raises(MappingError) as info:
        read_log(path)
    assert (info.value.reason, info.value.field, info.value.row) == ("missing_column", "level", 1)
    log = read_log(path, {"defaults": {"level": "district"}})
    assert log.data["level"].to_list() == ["district"]


def test_a_mapping_file_names_unusual_headers_and_words(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "ID,Nơi nhận,Tầng,Nhận lúc\nA,Sở Y tế,Sở ngành,2020-03-05T08:30:00\n", encoding="utf-8"
    )
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        "columns: {dossier_id: ID, agency_name: Nơi nhận, level: Tầng, received_date: Nhận lúc}\n"
        "values: {level: {Sở ngành: province}}\n",
        encoding="utf-8",
    )
    row = read_log(path, mapping).data.row(0, named=True)
    assert (row["level"], row["received_date"]) == ("province", dt.date(2020, 3, 5))
    assert load_mapping(mapping).as_dict()["columns"]["dossier_id"] == ["ID"]


def test_xlsx_with_title_rows_real_dates_and_serial_numbers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["BÁO CÁO HỒ SƠ"])
    ws.append([])
    ws.append(
        ["Mã hồ sơ", "Cơ quan tiếp nhận", "Cấp", "Ngày tiếp nhận", "Hạn xử lý", "Ngày có kết quả"]
    )
    ws.append(["A1", "Sở Tư pháp", "Tỉnh", dt.datetime(2020, 3, 5), 43900, "09/03/2020"])
    ws.append([None, None, None, None, None, None])
    ws.append(["A2", "UBND xã X", "Xã", "2020-03-06", None, None])
    ws.append(["Tổng cộng", None, None, None, None, None])
    path = tmp_path / "log.xlsx"
    wb.save(path)
    log = read_log(path)
    assert log.data["_row"].to_list() == [4, 6]
    assert log.data["received_date"].to_list() == [dt.date(2020, 3, 5), dt.date(2020, 3, 6)]
    assert log.data["due_date"][0] == dt.date(2020, 3, 10)
    assert log.rows_skipped == {"blank": 1, "total": 1}


def test_parquet_with_typed_dates(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    pl.DataFrame(
        {
            "Mã hồ sơ": ["A", "B"],
            "Cơ quan tiếp nhận": ["Sở Tư pháp", "UBND xã X"],
            "Cấp": ["province", "commune"],
            "Ngày tiếp nhận": [dt.date(2020, 1, 2), dt.date(2020, 1, 3)],
        }
    ).write_parquet(path)
    log = read_log(path)
    assert log.data["received_date"].to_list() == [dt.date(2020, 1, 2), dt.date(2020, 1, 3)]
    assert log.data["_row"].to_list() == [1, 2]


def test_preview_shows_the_first_rows_as_read_and_their_problems(export: Writer) -> None:
    bad = "9;HS-9;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tiếp;32/01/2020;;;"
    pv = preview(export([GOOD[0], bad, *GOOD[1:]]), n=2)
    assert [r["dossier_id"] for r in pv.rows] == ["HS-001", "HS-9"]
    assert pv.columns["received_date"] == "Ngày tiếp nhận"
    assert "STT" in pv.unmatched_headers
    assert [(p.row, p.reason) for p in pv.problems] == [(5, "bad_date")]


def test_unknown_format_and_missing_file_are_source_errors(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not_found"):
        read_log(tmp_path / "none.csv")
    (tmp_path / "x.pdf").write_text("x")
    with pytest.raises(SourceError, match="unknown_format"):
        read_log(tmp_path / "x.pdf")


def test_a_row_of_spaces_is_blank_and_a_row_with_only_a_name_is_not(export: Writer) -> None:
    # The text cells of a row are stripped for the blank test only where its date and word
    # cells are empty: spaces and non-breaking spaces still make a blank row, and one name
    # alone still makes a bad row (no id, no date), as when every cell was stripped.
    path = export(
        [GOOD[0], " ; \u00a0 ;  ;\t;;;;;;;", GOOD[1], ";;;Hộ tịch;;;;;;;", GOOD[2]],
        title=False,
    )
    log = read_log(path, tolerance=Tolerance(max_rows=1))
    assert log.rows_skipped == {"blank": 1}
    assert log.data["_row"].to_list() == [2, 4, 6]
    assert log.rows_bad == 1
    assert {(p.row, p.reason, p.field) for p in log.problems} >= {
        (5, "missing", "dossier_id"),
        (5, "missing", "received_date"),
    }


@pytest.mark.parametrize("nfd", [False, True])
def test_total_rows_when_the_id_is_the_first_column(tmp_path: Path, nfd: bool) -> None:
    import unicodedata

    header = "Mã hồ sơ;Cơ quan tiếp nhận;Cấp;Ngày tiếp nhận"
    total = "  Tổng cộng: 2 hồ sơ;;;"
    rows = ["HS-1;Sở Tư pháp;Cấp tỉnh;05/03/2020", "HS-2;UBND xã X;Cấp xã;06/03/2020", total]
    text = header + "\n" + "\n".join(rows) + "\n"
    path = tmp_path / "log.csv"
    path.write_text(unicodedata.normalize("NFD", text) if nfd else text, encoding="utf-8")
    log = read_log(path)
    assert log.rows_skipped == {"total": 1}
    assert log.data["dossier_id"].to_list() == ["HS-1", "HS-2"]
    assert (log.rows_read, log.rows_bad) == (2, 0)


def test_two_digit_years_are_20yy_and_small_numbers_are_not_day_numbers(export: Writer) -> None:
    # Found trying the product: "01/03/20" was read as the year 20 and "01-03-20" as the year
    # 1 (no bad row), and "2020" in a date column as Excel's day 2020, 12/07/1905.
    path = export(
        [
            "1;HS-1;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tuyến;01/03/20;05/03/20;;",
            "2;HS-2;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tuyến;01-03-20;1/4/20;;",
            "3;HS-3;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tuyến;02/03/2020;2020;;",
            "4;HS-4;1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tuyến;43900;;;",
        ],
        title=False,
    )
    log = read_log(path, tolerance=Tolerance(max_rows=1))
    assert log.data["received_date"].to_list() == [
        dt.date(2020, 3, 1),
        dt.date(2020, 3, 1),
        dt.date(2020, 3, 10),
    ]
    assert log.data["due_date"].to_list() == [dt.date(2020, 3, 5), dt.date(2020, 4, 1), None]
    assert [(p.row, p.reason, p.field, p.value) for p in log.problems] == [
        (4, "bad_date", "due_date", "2020")
    ]


def test_a_dossier_of_an_agency_named_tong_is_not_a_total_row(tmp_path: Path) -> None:
    # Found trying the product: the first column holding "Tổng cục Thuế" made a complete
    # dossier a skipped total row, without a problem reported.
    text = (
        "Cơ quan tiếp nhận;Mã hồ sơ;Cấp;Ngày tiếp nhận\n"
        "Tổng cục Thuế;HS-1;Cấp tỉnh;05/03/2020\n"
        "Cộng đồng dân cư xã X;HS-2;Cấp xã;06/03/2020\n"
        "Totalis-3;HS-3;Cấp tỉnh;07/03/2020\n"  # a name that starts like "Total" is not a total
        "Tổng cộng: 2 hồ sơ;;;\n"
        "  Cộng;2;;\n"
    )
    path = tmp_path / "log.csv"
    path.write_text(text, encoding="utf-8")
    log = read_log(path)
    assert log.data["dossier_id"].to_list() == ["HS-1", "HS-2", "HS-3"]
    assert log.data["agency_name"].to_list() == [
        "Tổng cục Thuế",
        "Cộng đồng dân cư xã X",
        "Totalis-3",
    ]
    assert log.rows_skipped == {"total": 2}
    assert log.rows_bad == 0


def test_total_words_in_a_column_no_field_reads_make_a_total_row(export: Writer) -> None:
    # Found trying the product: "  Tổng cộng" (leading spaces) in the STT column made a bad
    # row, and "TOTAL" or "Cộng:" alone there a blank row.
    path = export(
        [
            GOOD[0],
            "\u00a0 Tổng cộng;3;;;;;;;;;",
            "TOTAL;;;;;;;;;;",
            "Cộng:;;;;;;;;;;",
            "7;;;;;;;;;;",
        ],
        title=False,
    )
    log = read_log(path)
    assert log.rows_skipped == {"total": 3, "blank": 1}
    assert (log.rows_read, log.rows_bad) == (1, 0)
