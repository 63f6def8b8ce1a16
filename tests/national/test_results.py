"""Importing published national results: Vietnamese or English headers, all or nothing."""

from __future__ import annotations

import io
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from parindex.national import NationalImportError, read_results
from parindex.national.results import ImportProblem, parse_decimal

VI_HEADER = "Tỉnh/thành phố,Năm,Điểm thẩm định,Điểm điều tra XHH,Tổng điểm,Xếp hạng"


def csv_bytes(*lines: str, header: str = VI_HEADER, encoding: str = "utf-8") -> bytes:
    return "\n".join(["BẢNG KẾT QUẢ", header, *lines]).encode(encoding)


def problems_of(
    data: bytes, provinces: dict[str, str], name: str = "kq.csv"
) -> list[ImportProblem]:
    with pytest.raises(NationalImportError) as caught:
        read_results(data, provinces, name=name)
    return caught.value.problems


def test_example_file_gives_lao_cai_2019_as_the_seed_states(
    example_csv: Path, provinces: dict[str, str]
) -> None:
    results = read_results(example_csv, provinces)
    lao_cai = next(r for r in results if r.province == "10")
    assert (lao_cai.year, lao_cai.appraisal, lao_cai.survey) == (
        2019,
        Decimal("52.90"),
        Decimal("29.95"),
    )
    assert (lao_cai.total, lao_cai.rank, lao_cai.row) == (Decimal("82.85"), 15, 6)
    assert [r.province for r in results] == ["22", "48", "10", "15", "02"]


def test_english_headers_and_decimal_points(provinces: dict[str, str]) -> None:
    data = csv_bytes(
        "Lao Cai,2019,52.90,29.95,82.85,15",
        header="Province,Year,Appraisal score,Survey score,Total,Rank",
    )
    (result,) = read_results(data, provinces, name="en.csv")
    assert (result.province, result.total, result.rank) == ("10", Decimal("82.85"), 15)


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed where it can, tone marks as combining marks."""
    out = b""
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        for candidate in (char, unicodedata.normalize("NFC", parts[:2]) + parts[2:], parts):
            try:
                out += candidate.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
    return out


def test_semicolon_csv_in_windows_code_page_is_read(provinces: dict[str, str]) -> None:
    text = "Kết quả năm 2019\nTỉnh/thành phố;Tổng điểm;Xếp hạng\nTỉnh Lào Cai;82,85;15\n"
    (result,) = read_results(cp1258(text), provinces, name="kq.csv", year=2019)
    assert (result.province, result.year, result.total) == ("10", 2019, Decimal("82.85"))


def test_excel_with_title_rows_numbers_and_text_numbers(provinces: dict[str, str]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["BỘ NỘI VỤ"])
    sheet.append(["KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2019"])
    sheet.append([])
    sheet.append(
        [
            "STT",
            "Mã",
            "Tỉnh/thành phố",
            "Năm",
            "Điểm thẩm định",
            "Điểm điều tra XHH",
            "Tổng điểm",
            "Xếp hạng",
        ]
    )
    sheet.append([1, "22", "Quảng Ninh", 2019, 60.12, 30.0, 90.12, 1])
    sheet.append([2, "10", "Tỉnh Lào Cai", 2019, "52,90", "29,95", "82,85", "15/63"])
    buffer = io.BytesIO()
    book.save(buffer)
    results = read_results(buffer.getvalue(), provinces, name="kq.xlsx")
    assert [(r.province, r.total, r.rank, r.row) for r in results] == [
        ("22", Decimal("90.12"), 1, 5),
        ("10", Decimal("82.85"), 15, 6),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [("82,85", "82.85"), ("82.85", "82.85"), (" 29,95 ", "29.95"), (82.85, "82.85"), (15, "15")],
)
def test_numbers_in_either_notation(text: object, value: str) -> None:
    assert parse_decimal(text) == Decimal(value)


def test_unknown_province_names_file_row_and_column(provinces: dict[str, str]) -> None:
    data = csv_bytes('Lào Cai,2019,"52,90","29,95","82,85",15', 'Atlantis,2019,"50","30","80",20')
    (problem,) = problems_of(data, provinces)
    assert (problem.file, problem.row, problem.column, problem.code) == (
        "kq.csv",
        4,
        "Tỉnh/thành phố",
        "unknown_province",
    )
    assert "Atlantis" in str(problem) and "kq.csv, row 4" in str(problem)


def test_total_must_equal_appraisal_plus_survey(provinces: dict[str, str]) -> None:
    data = csv_bytes('Lào Cai,2019,"52,90","29,95","82,58",15')
    (problem,) = problems_of(data, provinces)
    assert (problem.row, problem.column, problem.code) == (3, "Tổng điểm", "total_mismatch")
    assert problem.params["sum"] == Decimal("82.85")


def test_total_is_compared_at_two_decimals(provinces: dict[str, str]) -> None:
    data = csv_bytes('Lào Cai,2019,"52,901","29,951","82,85",15')
    assert read_results(data, provinces, name="kq.csv")[0].total == Decimal("82.85")


def test_duplicate_province_year_is_reported_on_the_second_row(provinces: dict[str, str]) -> None:
    data = csv_bytes(
        'Lào Cai,2019,"52,90","29,95","82,85",15', 'Tỉnh Lào Cai,2019,"52,90","29,95","82,85",15'
    )
    (problem,) = problems_of(data, provinces)
    assert (problem.row, problem.column, problem.code) == (4, "Tỉnh/thành phố", "duplicate")
    assert problem.params["first_row"] == 3


def test_rank_not_following_totals_is_reported_not_fixed(provinces: dict[str, str]) -> None:
    data = csv_bytes(
        'Quảng Ninh,2019,"60,12","30,00","90,12",16', 'Lào Cai,2019,"52,90","29,95","82,85",15'
    )
    problems = problems_of(data, provinces)
    assert [(p.row, p.column, p.code) for p in problems] == [(4, "Xếp hạng", "rank_order")]
    assert problems[0].params["other_row"] == 3


def test_a_complete_year_must_rank_exactly() -> None:
    provinces = {"A": "An", "B": "Bình", "C": "Cường"}
    good = csv_bytes("An,2019,60,30,90,1", "Bình,2019,55,30,85,2", "Cường,2019,55,30,85,2")
    assert [r.rank for r in read_results(good, provinces, name="kq.csv")] == [1, 2, 2]
    bad = csv_bytes("An,2019,60,30,90,1", "Bình,2019,55,30,85,2", "Cường,2019,50,30,80,2")
    (problem,) = problems_of(bad, provinces)
    assert (problem.row, problem.code, problem.params["expected"]) == (5, "rank_order", 3)


def test_bad_values_are_each_located(provinces: dict[str, str]) -> None:
    data = csv_bytes('Lào Cai,20x9,"năm hai","29,95",,0')
    problems = problems_of(data, provinces)
    assert {(p.row, p.column, p.code) for p in problems} == {
        (3, "Năm", "bad_year"),
        (3, "Điểm thẩm định", "bad_number"),
        (3, "Tổng điểm", "missing"),
        (3, "Xếp hạng", "bad_rank"),
    }


def test_nothing_is_imported_when_one_row_is_wrong(provinces: dict[str, str]) -> None:
    good = 'Lào Cai,2019,"52,90","29,95","82,85",15'
    with pytest.raises(NationalImportError) as caught:
        read_results(csv_bytes(good, 'Atlantis,2019,"50","30","80",20'), provinces, name="kq.csv")
    assert len(caught.value.problems) == 1
    assert "kq.csv, row 4, column 'Tỉnh/thành phố'" in str(caught.value)


def test_a_file_without_a_header_row_is_refused(provinces: dict[str, str]) -> None:
    (problem,) = problems_of(b"a,b,c\n1,2,3\n", provinces)
    assert (problem.file, problem.row, problem.code) == ("kq.csv", None, "no_header")


def test_year_comes_from_the_caller_when_the_file_has_no_year_column(
    provinces: dict[str, str],
) -> None:
    data = csv_bytes("Lào Cai,82,85", header="Tỉnh,Tổng điểm").replace(b"82,85", b'"82,85"')
    with pytest.raises(NationalImportError, match="no year given"):
        read_results(data, provinces, name="kq.csv")
    assert read_results(data, provinces, name="kq.csv", year=2019)[0].year == 2019


def test_out_of_range_values_are_reported(provinces: dict[str, str]) -> None:
    data = csv_bytes('Lào Cai,2019,"152,90","29,95","182,85",70')
    problems = problems_of(data, provinces)
    assert {(p.column, p.code) for p in problems} == {
        ("Điểm thẩm định", "out_of_range"),
        ("Tổng điểm", "out_of_range"),
    }
    data = csv_bytes('Lào Cai,2019,"52,90","29,95","82,85",70')
    (problem,) = problems_of(data, provinces)
    assert (problem.row, problem.column, problem.code) == (3, "Xếp hạng", "rank_out_of_range")
