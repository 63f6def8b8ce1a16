"""Every problem of a criteria table, reported at once, each with its code, its facts and its
place (file, table or sheet, row, column), worded in Vietnamese by default and in English."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from decimal import Decimal

import pytest
from criteria_tables import MINISTRY_HEADER, Table, docx_bytes, xlsx_bytes
from docx import Document

from parindex.core.errors import FrameworkError, Problem
from parindex.io.criteria_table import TableIdentity, import_criteria_table
from parindex.presentation.text import problem_text

IDENTITY = TableIdentity(
    code="xa-phuong",
    title="Bộ tiêu chí Chỉ số CCHC cấp xã",
    version="2025.1",
    years=(2025,),
    unit_kind="commune",
    legal_basis="QĐ 1234/QĐ-UBND ngày 08/09/2025",
)
SHEET = "qd.xlsx, trang tính «Biểu tự chấm»"
# Rows 1-2 are the caption, row 3 the header: the body starts at row 4.
BASE: list[Sequence[object]] = [
    ("1", "Công tác chỉ đạo", "3", "", "", ""),  # row 4
    ("1.1", "Kế hoạch CCHC", "1,5", "1", "", ""),  # row 5
    ("1.2", "Kiểm tra CCHC", "1,5", "1,5", "", ""),  # row 6
    ("2", "Thể chế", "2", "", "", ""),  # row 7
    ("2.1", "Ban hành văn bản", "2", "2", "", ""),  # row 8
]


def edited(row: int, column: int, value: object) -> list[Sequence[object]]:
    """The base rows with one cell changed (``row`` as in the sheet, ``column`` 0-based)."""
    rows = [list(r) for r in BASE]
    rows[row - 4][column] = value
    return rows


def problems(data: bytes, name: str = "qd.xlsx") -> list[Problem]:
    with pytest.raises(FrameworkError) as caught:
        import_criteria_table(io.BytesIO(data), IDENTITY, source_name=name)
    return caught.value.problems


def texts(found: list[Problem], lang: str = "vi") -> list[str]:
    return [problem_text(p, lang) for p in found]


def sheet(rows: list[Sequence[object]], merges: list[tuple[int, int, int, int]] = ()) -> bytes:  # type: ignore[assignment]
    return xlsx_bytes(Table([MINISTRY_HEADER], rows, merges=list(merges)))


def test_the_base_table_reads_without_problems():
    imported = import_criteria_table(io.BytesIO(sheet(BASE)), IDENTITY, source_name="qd.xlsx")
    assert [n.code for n in imported.framework.walk()] == ["1", "1.1", "1.2", "2", "2.1"]


def test_a_point_that_is_not_a_number_says_how_to_write_it():
    found = problems(sheet(edited(5, 2, "1.5.0")))
    assert texts(found) == [
        f"{SHEET}, dòng 5, cột «Điểm tối đa»: «1.5.0» không phải là số; viết điểm dạng 1,5 hoặc 1.5"
    ]
    (problem,) = found
    assert (problem.code, problem.source, problem.line, problem.node) == (
        "table_not_number",
        "qd.xlsx[Biểu tự chấm]",
        5,
        "1.1",
    )
    assert problem.params == {
        "file": "qd.xlsx",
        "sheet": "Biểu tự chấm",
        "row": 5,
        "column": "Điểm tối đa",
        "value": "1.5.0",
    }
    assert texts(found, "en") == [
        "qd.xlsx, sheet 'Biểu tự chấm', row 5, column 'Điểm tối đa': '1.5.0' is not a number; "
        "write points as 1,5 or 1.5"
    ]
    assert str(problem) == (
        "qd.xlsx[Biểu tự chấm]:5 1.1: '1.5.0' is not a number; write points as 1,5 or 1.5"
    )


def test_an_empty_maximum_names_the_cell():
    found = problems(sheet(edited(6, 2, "")))
    assert texts(found) == [
        f"{SHEET}, dòng 6, cột «Điểm tối đa»: ô trống: tiêu chí 1.2 cần có giá trị ở cột này"
    ]
    assert found[0].code == "table_empty_cell"


def test_a_maximum_merged_over_a_parent_and_its_child_says_which_cell_is_empty():
    found = problems(sheet(BASE, merges=[(1, 2, 2, 2)]))  # rows 4-5 of column C merged
    assert texts(found) == [
        f"{SHEET}, dòng 5, cột «Điểm tối đa»: ô trống vì thuộc vùng gộp ô bắt đầu ở dòng 4: "
        "hãy bỏ gộp ô và ghi giá trị của tiêu chí 1.1 vào dòng này"
    ]
    assert (found[0].code, found[0].params["origin_row"]) == ("table_merged_cell", 4)


def test_a_code_that_is_not_one():
    found = problems(sheet(edited(6, 0, "1..2")))
    assert texts(found) == [
        f"{SHEET}, dòng 6, cột «STT»: «1..2» không phải là mã tiêu chí (viết 1, 1.1, 1.1.1, I, "
        "II hoặc a, b)"
    ]
    assert found[0].code == "table_bad_code"


def test_a_child_under_an_unknown_parent():
    found = problems(sheet(edited(8, 0, "2.3.1")))
    assert texts(found) == [
        f"{SHEET}, dòng 8, cột «STT»: tiêu chí 2.3.1 nằm dưới tiêu chí 2.3 nhưng bảng không có "
        "tiêu chí 2.3"
    ]
    assert (found[0].code, found[0].params["parent"]) == ("table_unknown_parent", "2.3")


def test_a_duplicate_code_names_the_first_row():
    found = problems(sheet(edited(6, 0, "1.1")))
    assert texts(found) == [f"{SHEET}, dòng 6, cột «STT»: mã 1.1 trùng với mã ở dòng 5"]
    assert (found[0].code, found[0].params["first_row"]) == ("duplicate_code", 5)


def test_a_duplicate_code_in_another_word_table_names_that_table():
    rows = [*BASE, ("1.1", "Kế hoạch CCHC (lặp lại)", "1", "", "", "")]
    data = docx_bytes(Table([MINISTRY_HEADER], rows, split_after=(2,)), preamble=False)
    found = problems(data, "qd.docx")
    # The row read twice adds its points to its parent's too: both are reported.
    assert texts(found) == [
        "qd.docx, bảng 1, dòng 2, cột «Điểm tối đa»: điểm tối đa của 1 là 3 nhưng các tiêu chí "
        "con cộng lại 4",
        "qd.docx, bảng 2, dòng 4, cột «STT»: mã 1.1 trùng với mã ở bảng 1, dòng 3",
    ]
    assert texts(found, "en")[1] == (
        "qd.docx, table 2, row 4, column 'STT': code 1.1 repeats the code at table 1, row 3"
    )


def test_a_parent_whose_maximum_is_not_its_childrens_sum_gives_both_figures():
    found = problems(sheet(edited(4, 2, "3,5")))
    assert texts(found) == [
        f"{SHEET}, dòng 4, cột «Điểm tối đa»: điểm tối đa của 1 là 3,5 nhưng các tiêu chí con "
        "cộng lại 3"
    ]
    assert found[0].code == "children_sum"
    assert (found[0].params["max"], found[0].params["total"]) == (Decimal("3.5"), Decimal(3))


def test_a_maximum_of_zero():
    rows = edited(7, 2, "0")
    rows[4][2:4] = ["0", ""]
    found = problems(sheet(rows))
    assert texts(found) == [
        f"{SHEET}, dòng 7, cột «Điểm tối đa»: điểm tối đa của 2 phải lớn hơn 0",
        f"{SHEET}, dòng 8, cột «Điểm tối đa»: điểm tối đa của 2.1 phải lớn hơn 0",
    ]
    assert {p.code for p in found} == {"max_not_positive"}


def test_a_block_row_whose_points_are_not_its_criteria_sum():
    found = problems(sheet([("A", "ĐIỂM ĐÁNH GIÁ", "6", "", "", ""), *BASE]))
    assert texts(found) == [
        f"{SHEET}, dòng 4, cột «Điểm tối đa»: khối điểm «ĐIỂM ĐÁNH GIÁ» ghi 6 điểm nhưng các "
        "tiêu chí của khối cộng lại 5"
    ]
    assert found[0].code == "block_sum"


def test_a_total_row_that_is_not_the_areas_sum():
    found = problems(sheet([*BASE, ("", "Tổng cộng", "6", "", "", "")]))
    assert texts(found) == [
        f"{SHEET}, dòng 9, cột «Điểm tối đa»: dòng tổng ghi 6 điểm nhưng các lĩnh vực cộng lại "
        "5 điểm"
    ]
    assert found[0].code == "table_total_sum"


def test_a_self_score_above_the_maximum():
    found = problems(sheet(edited(5, 3, "2")))
    assert texts(found) == [
        f"{SHEET}, dòng 5, cột «Điểm tự đánh giá»: điểm tự đánh giá 2 lớn hơn điểm tối đa 1,5"
    ]
    assert found[0].code == "table_score_above_max"


def test_a_self_score_on_an_item_the_ministry_scores():
    rows = edited(6, 5, "Bộ Nội vụ chấm")
    found = problems(sheet(rows))
    assert texts(found) == [
        f"{SHEET}, dòng 6, cột «Điểm tự đánh giá»: tiêu chí 1.2 do Bộ Nội vụ chấm hoặc chấm qua "
        "điều tra xã hội học, không tự đánh giá, nhưng có điểm tự đánh giá 1,5"
    ]
    assert found[0].code == "table_score_not_self"


def test_a_missing_column_lists_the_headings_found_instead():
    header = ("STT", "Tiêu chí", "Điểm", "Ghi chú")
    found = problems(xlsx_bytes(Table([header], [("1", "Công tác chỉ đạo", "3", "")])))
    assert texts(found) == [
        "qd.xlsx, trang tính «Biểu tự chấm»: thiếu cột «Điểm tối đa»; các tiêu đề cột tìm thấy: "
        "STT, Tiêu chí, Điểm, Ghi chú"
    ]
    assert found[0].code == "table_missing_column"
    assert found[0].params["found"] == ["STT", "Tiêu chí", "Điểm", "Ghi chú"]


def test_a_header_without_rows():
    found = problems(sheet([]))
    assert texts(found) == ["qd.xlsx: bảng không có dòng tiêu chí nào dưới dòng tiêu đề"]
    assert found[0].code == "table_empty"


def test_a_word_file_without_tables():
    document = Document()
    document.add_paragraph("Quyết định về việc ban hành Bộ tiêu chí")
    buffer = io.BytesIO()
    document.save(buffer)
    found = problems(buffer.getvalue(), "qd.docx")
    assert texts(found) == ["qd.docx: tệp không có bảng nào"]
    assert found[0].code == "table_no_table"


@pytest.mark.parametrize("data", [b"%PDF-1.4 not a zip", b""], ids=["pdf", "empty"])
def test_a_file_that_is_neither_word_nor_excel(data):
    found = problems(data, "qd.pdf")
    assert texts(found) == [
        "qd.pdf: không đọc được tệp: chỉ nhận tệp Word (.docx) hoặc Excel (.xlsx)"
    ]
    assert found[0].code == "table_unreadable"


def test_a_zip_that_is_not_an_office_file_is_unreadable():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<office:document/>")
    assert [p.code for p in problems(buffer.getvalue(), "qd.odt")] == ["table_unreadable"]


def test_too_many_tables_are_refused_before_they_are_read():
    document = Document()
    for _ in range(51):
        document.add_table(rows=1, cols=1)
    buffer = io.BytesIO()
    document.save(buffer)
    found = problems(buffer.getvalue(), "qd.docx")
    assert texts(found) == ["qd.docx: tệp vượt giới hạn table_count: tối đa 50, tệp có 51"]
    assert found[0].code == "file_too_large_or_malformed"
    assert found[0].params == {
        "file": "qd.docx",
        "limit": "table_count",
        "maximum": 50,
        "found": 51,
    }


def test_a_zip_bomb_is_refused_by_the_zip_check():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * (8 * 1024 * 1024))
    found = problems(buffer.getvalue(), "qd.docx")
    assert [(p.code, p.params["limit"]) for p in found] == [
        ("file_too_large_or_malformed", "zip_ratio")
    ]


def test_every_problem_is_reported_at_once_in_table_order():
    rows = [
        ("1", "Công tác chỉ đạo", "3", "", "", ""),
        ("1.1", "Kế hoạch CCHC", "1.5.0", "", "", ""),
        ("1.2", "Kiểm tra CCHC", "1,5", "abc", "", ""),
        ("2", "Thể chế", "2,5", "", "", ""),
        ("2.1", "Ban hành văn bản", "2", "3", "", ""),
        ("3.1", "Tổ chức bộ máy", "1", "", "", ""),
    ]
    found = problems(sheet(rows))
    assert [(p.code, p.line, p.params.get("column")) for p in found] == [
        ("table_not_number", 5, "Điểm tối đa"),
        ("table_not_number", 6, "Điểm tự đánh giá"),
        ("children_sum", 7, "Điểm tối đa"),
        ("table_score_above_max", 8, "Điểm tự đánh giá"),
        ("table_unknown_parent", 9, "STT"),
    ]


def test_too_many_rows_are_refused():
    rows = [(f"{n}", f"Lĩnh vực {n}", "1", "", "", "") for n in range(1, 3002)]
    found = problems(sheet(rows))
    assert [(p.code, p.params["limit"], p.params["maximum"]) for p in found] == [
        ("file_too_large_or_malformed", "table_rows", 3000)
    ]
