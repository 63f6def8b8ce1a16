"""The Department of Home Affairs brings in the official criteria table as it has it (the
decision's Word annex, last year's Excel or Word self-assessment): each layout reads to the
exact tree, maxima and self-scores, and every layout of one framework reads to the same tree."""

from __future__ import annotations

import io
import unicodedata
from decimal import Decimal

from criteria_tables import (
    MINISTRY_HEADER,
    Table,
    docx_bytes,
    ministry_rows,
    tree,
    xlsx_bytes,
)

from parindex.core.assessment import load_assessment
from parindex.core.loader import load_framework
from parindex.core.scoring import score
from parindex.frameworks import find
from parindex.io.criteria_table import ImportedTable, TableIdentity, Unit, import_criteria_table
from parindex.io.framework_excel import export_framework_xlsx, import_framework_xlsx
from parindex.io.framework_yaml import dump_framework_yaml

IDENTITY = TableIdentity(
    code="so-nganh-lao-cai",
    title="Bộ tiêu chí xác định Chỉ số CCHC các sở, ban, ngành tỉnh Lào Cai",
    version="2024.1",
    years=(2024, 2025),
    unit_kind="department",
    legal_basis="QĐ 123/QĐ-UBND ngày 15/01/2024",
)
A, S = "appraisal", "survey"


def read(data: bytes, name: str, **options: object) -> ImportedTable:
    return import_criteria_table(io.BytesIO(data), IDENTITY, source_name=name, **options)  # type: ignore[arg-type]


def blocks(imported: ImportedTable) -> list[tuple[str, str, Decimal]]:
    return [(b.code, b.title, b.max) for b in imported.framework.blocks]


def inputs(imported: ImportedTable) -> dict[str, dict[str, object]]:
    assert imported.assessment is not None
    return {code: dict(values) for code, values in imported.assessment.inputs.items()}


# --- 1. the decision's Word annex: split over two pages, header repeated ---------------------

WORD_MINISTRY = Table(
    header=[MINISTRY_HEADER],
    rows=[
        ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)"),
        ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "8,5", "6", "", ""),
        ("1.1", "Kế hoạch cải cách hành chính năm", "2", "2", "", ""),
        ("1.1.1", "Ban hành kế hoạch CCHC năm\nđúng thời hạn", "1", "1", "Quyết định ban hành", ""),
        ("1.1.2", "Mức độ thực hiện kế hoạch", "1,0", "1", "Báo cáo kết quả\n- Danh mục", ""),
        ("1.2", "Kiểm tra công tác CCHC", "5", "4", "", ""),
        ("1.2.1", "Tỷ lệ cơ quan được kiểm tra", "2,5", "2", "", ""),
        ("1.2.2", "Xử lý vấn đề phát hiện qua kiểm tra", "2,50", "2", "", ""),
        ("1.3", "Điểm do Bộ Nội vụ đánh giá trên cơ sở báo cáo của Tổ công tác", "1,5", "", "", ""),
        ("2", "Cải cách thủ tục hành chính", "4", "3,5", "", ""),
        ("2.1", "Công khai thủ tục hành chính", "1,5", "1,5", "", ""),
        ("2.2", "Tỷ lệ hồ sơ giải quyết đúng hạn", "2,5", "2", "", "Theo Hệ thống"),
        ("3", "Điểm điều tra xã hội học", "7", "", "", ""),
        ("3.1", "Sự hài lòng của người dân, tổ chức (SIPAS)", "4", "", "", ""),
        ("3.2", "Đánh giá của lãnh đạo, quản lý", "3", "", "", ""),
        ("", "TỔNG CỘNG", "19,5", "9,5", "", ""),
    ],
    split_after=(8,),
)


def test_word_annex_split_over_pages_with_its_header_repeated_reads_to_the_tree():
    imported = read(docx_bytes(WORD_MINISTRY), "qd-123.docx")
    assert imported.tables == ("2", "3")  # table 1 is the letterhead, table 4 the signature
    assert tree(imported.framework) == [
        ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "8.5", A, "self", 1),
        ("1.1", "Kế hoạch cải cách hành chính năm", "2", A, "self", 2),
        ("1.1.1", "Ban hành kế hoạch CCHC năm đúng thời hạn", "1", A, "self", 3),
        ("1.1.2", "Mức độ thực hiện kế hoạch", "1", A, "self", 3),
        ("1.2", "Kiểm tra công tác CCHC", "5", A, "self", 2),
        ("1.2.1", "Tỷ lệ cơ quan được kiểm tra", "2.5", A, "self", 3),
        ("1.2.2", "Xử lý vấn đề phát hiện qua kiểm tra", "2.5", A, "self", 3),
        ("1.3", "Điểm do Bộ Nội vụ đánh giá trên cơ sở báo cáo của Tổ công tác", "1.5", A,
         "ministry", 2),
        ("2", "Cải cách thủ tục hành chính", "4", A, "self", 1),
        ("2.1", "Công khai thủ tục hành chính", "1.5", A, "self", 2),
        ("2.2", "Tỷ lệ hồ sơ giải quyết đúng hạn", "2.5", A, "self", 2),
        ("3", "Điểm điều tra xã hội học", "7", S, "survey", 1),
        ("3.1", "Sự hài lòng của người dân, tổ chức (SIPAS)", "4", S, "survey", 2),
        ("3.2", "Đánh giá của lãnh đạo, quản lý", "3", S, "survey", 2),
    ]  # fmt: skip
    assert blocks(imported) == [
        (A, "Điểm đánh giá, thẩm định", Decimal("12.5")),
        (S, "Điểm điều tra xã hội học", Decimal(7)),
    ]
    fw = imported.framework
    assert fw["1.1.2"].evidence == ("Báo cáo kết quả", "Danh mục")
    assert fw["1.1.1"].evidence == ("Quyết định ban hành",)
    assert all(leaf.rule is not None and leaf.rule.kind == "manual" for leaf in fw.leaves())
    assert inputs(imported) == {
        "1.1.1": {"points": Decimal(1)},
        "1.1.2": {"points": Decimal(1)},
        "1.2.1": {"points": Decimal(2)},
        "1.2.2": {"points": Decimal(2)},
        "2.1": {"points": Decimal("1.5")},
        "2.2": {"points": Decimal(2)},
    }
    assessment = imported.assessment
    assert assessment is not None
    assert (assessment.framework, assessment.year, assessment.unit_kind) == (
        "so-nganh-lao-cai",
        2024,
        "department",
    )
    assert assessment.stated.total == Decimal("9.5")
    assert assessment.stated.total_max == Decimal("19.5")
    assert {c: (n.score, n.max) for c, n in assessment.stated.nodes.items()} == {
        "1": (Decimal(6), Decimal("8.5")),
        "1.1": (Decimal(2), Decimal(2)),
        "1.2": (Decimal(4), Decimal(5)),
        "2": (Decimal("3.5"), Decimal(4)),
    }
    card = score(fw, assessment.inputs, unit="so-noi-vu", year=2024)
    assert card.total_by("self") == (Decimal("9.5"), Decimal(11))


def test_the_framework_yaml_and_the_assessment_load_again_as_they_are():
    imported = read(docx_bytes(WORD_MINISTRY), "qd-123.docx", unit=Unit("SNV", "Sở Nội vụ"))
    again = load_framework(imported.framework_yaml, "so-nganh.yaml")
    assert tree(again) == tree(imported.framework)
    assert dump_framework_yaml(again) == imported.framework_yaml
    assert imported.assessment_yaml is not None
    data = load_assessment(imported.assessment_yaml, "tu-cham-2024.yaml")
    assert (data.unit_code, data.unit_name, data.unit_kind) == ("SNV", "Sở Nội vụ", "department")
    assert data.inputs == imported.assessment.inputs  # type: ignore[union-attr]


# --- 2. last year's Excel: Roman areas, other headings and order, letters, merged rows -------

EXCEL_ROMAN = Table(
    header=[
        ("TT", "DIEM TOI DA", "Nội dung đánh giá", "Điểm thẩm định", "Ghi  chú", "Điểm\ntự chấm")
    ],
    rows=[
        ("I", 6, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", None, None, 5.5),
        ("1", 4, "Ban hành kế hoạch", None, None, None),
        ("a", 2, "Ban hành đúng hạn", None, None, 2),
        ("b", "2,00", "Nội dung kế hoạch đầy đủ", None, None, "1,5"),
        ("2", 2, "Báo cáo CCHC", None, None, 2),
        ("II", 3.5, "CẢI CÁCH TỔ CHỨC BỘ MÁY", None, None, None),
        ("1", "1,50", "Sắp xếp tổ chức", None, None, 1.5),
        ("2", 2, "Thực hiện biên chế", None, "BNV chấm", None),
    ],
    merges=[(1, 2, 1, 4), (6, 2, 6, 4)],  # the area rows' titles span three columns
)


def test_excel_with_roman_areas_letters_and_merged_area_rows_reads_to_the_tree():
    imported = read(xlsx_bytes(EXCEL_ROMAN), "tu-cham-2023.xlsx")
    assert tree(imported.framework) == [
        ("1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "6", A, "self", 1),
        ("1.1", "Ban hành kế hoạch", "4", A, "self", 2),
        ("1.1.a", "Ban hành đúng hạn", "2", A, "self", 3),
        ("1.1.b", "Nội dung kế hoạch đầy đủ", "2", A, "self", 3),
        ("1.2", "Báo cáo CCHC", "2", A, "self", 2),
        ("2", "CẢI CÁCH TỔ CHỨC BỘ MÁY", "3.5", A, "self", 1),
        ("2.1", "Sắp xếp tổ chức", "1.5", A, "self", 2),
        ("2.2", "Thực hiện biên chế", "2", A, "ministry", 2),
    ]
    assert blocks(imported) == [(A, "Điểm đánh giá, thẩm định", Decimal("9.5"))]
    assert inputs(imported) == {
        "1.1.a": {"points": Decimal(2)},
        "1.1.b": {"points": Decimal("1.5")},
        "1.2": {"points": Decimal(2)},
        "2.1": {"points": Decimal("1.5")},
    }
    stated = imported.assessment.stated  # type: ignore[union-attr]
    assert {c: n.score for c, n in stated.nodes.items()} == {"1": Decimal("5.5")}


# --- 3. Word, codes inside the titles, a two-row header, split without the header again -----

WORD_EMBEDDED = Table(
    header=[
        ("Lĩnh vực, tiêu chí", "Điểm", "", "Tài liệu kiểm chứng"),
        ("", "Tối đa", "Tự đánh giá", ""),
    ],
    rows=[
        ("1. Xây dựng và tổ chức thực hiện văn bản QPPL", "3", "", ""),
        ("1.1. Ban hành văn bản QPPL", "2", "", ""),
        ("a) Kịp thời theo chương trình", "1", "1", "Danh mục văn bản"),
        ("b) Đúng quy trình", "1", "0,75", ""),
        ("1.2 Rà soát văn bản", "1", "1", ""),
        ("2. Tài chính công", "2", "", ""),
        ("2.1. Giải ngân vốn đầu tư công", "2", "1,9", ""),
    ],
    merges=[(0, 1, 0, 2), (0, 0, 1, 0), (0, 3, 1, 3), (4, 3, 5, 3)],
    split_after=(4,),
    repeat_header=False,
)


def test_word_with_codes_in_titles_and_a_two_row_header_reads_to_the_tree():
    imported = read(docx_bytes(WORD_EMBEDDED), "phu-luc.docx")
    assert imported.tables == ("2", "3")
    assert tree(imported.framework) == [
        ("1", "Xây dựng và tổ chức thực hiện văn bản QPPL", "3", A, "self", 1),
        ("1.1", "Ban hành văn bản QPPL", "2", A, "self", 2),
        ("1.1.a", "Kịp thời theo chương trình", "1", A, "self", 3),
        ("1.1.b", "Đúng quy trình", "1", A, "self", 3),
        ("1.2", "Rà soát văn bản", "1", A, "self", 2),
        ("2", "Tài chính công", "2", A, "self", 1),
        ("2.1", "Giải ngân vốn đầu tư công", "2", A, "self", 2),
    ]
    fw = imported.framework
    assert fw["1.1.a"].evidence == ("Danh mục văn bản",)
    assert fw["1.1.b"].evidence == ()  # the merged evidence cell belongs to the row it starts in
    assert inputs(imported) == {
        "1.1.a": {"points": Decimal(1)},
        "1.1.b": {"points": Decimal("0.75")},
        "1.2": {"points": Decimal(1)},
        "2.1": {"points": Decimal("1.9")},
    }


# --- 4. Excel with blocks A and B, a Ministry-scored item and the survey block ---------------

EXCEL_BLOCKS = Table(
    header=[("Mã tiêu chí", "Tiêu chí", "Thang điểm", "Tự đánh giá", "Tài liệu kiểm chứng")],
    rows=[
        ("A", "ĐIỂM ĐÁNH GIÁ, THẨM ĐỊNH", "6", "", ""),
        ("1", "Chỉ đạo điều hành", "3", "", ""),
        ("1.1", "Kế hoạch CCHC", "2", "2", "Kế hoạch số 12/KH-UBND"),
        ("1.2", "Điểm thưởng do Bộ Nội vụ xác định", "1", "", ""),
        ("2", "Tài chính công", "3", "", ""),
        ("2.1", "Quản lý tài sản công", "3", "BNV đánh giá", ""),
        ("B", "ĐIỂM ĐIỀU TRA XÃ HỘI HỌC", "4", "", ""),
        ("3", "Chỉ số hài lòng SIPAS", "2,5", "", ""),
        ("4", "Lãnh đạo, quản lý đánh giá", "1,5", "", ""),
        ("", "Tổng điểm", "10", "2", ""),
    ],
)


def test_excel_with_block_rows_reads_blocks_ministry_items_and_the_survey():
    imported = read(xlsx_bytes(EXCEL_BLOCKS, title_rows=0), "bang-diem.xlsx")
    assert tree(imported.framework) == [
        ("1", "Chỉ đạo điều hành", "3", A, "self", 1),
        ("1.1", "Kế hoạch CCHC", "2", A, "self", 2),
        ("1.2", "Điểm thưởng do Bộ Nội vụ xác định", "1", A, "ministry", 2),
        ("2", "Tài chính công", "3", A, "self", 1),
        ("2.1", "Quản lý tài sản công", "3", A, "ministry", 2),
        ("3", "Chỉ số hài lòng SIPAS", "2.5", S, "survey", 1),
        ("4", "Lãnh đạo, quản lý đánh giá", "1.5", S, "survey", 1),
    ]
    assert blocks(imported) == [
        (A, "ĐIỂM ĐÁNH GIÁ, THẨM ĐỊNH", Decimal(6)),
        (S, "ĐIỂM ĐIỀU TRA XÃ HỘI HỌC", Decimal(4)),
    ]
    assert imported.framework["1.1"].evidence == ("Kế hoạch số 12/KH-UBND",)
    assert inputs(imported) == {"1.1": {"points": Decimal(2)}}
    assert imported.assessment.stated.total == Decimal(2)  # type: ignore[union-attr]


# --- 5. Word with the header copied inside the table, survey items inside areas, NFD text ----

WORD_COPIED_HEADER = Table(
    header=[
        (
            "TT",
            "TIÊU CHÍ ĐÁNH GIÁ",
            "Điểm\ntối   đa",
            "Điểm tự\nđánh giá",
            "  Tài liệu  kiểm chứng ",
            "Ghi chú",
        ),
    ],
    rows=[
        ("1", "Cải cách chế độ công vụ", "4", "", "", ""),
        ("1.1", "Tuyển dụng công chức đúng quy định", "1,5 điểm", "1,5", "", ""),
        ("1.2", "Đánh giá qua điều tra xã hội học về chất lượng công vụ", "2,5", "", "", ""),
        ("2", "Chính quyền số", "3", "", "", ""),
        ("2.1", unicodedata.normalize("NFD", "Tỷ lệ hồ sơ trực tuyến"), "1,5", "1", "", ""),
        ("2.2", "Mức độ hài lòng", "1,5", "", "", "Điều tra XHH"),
    ],
    header_copies=(3,),
)


def test_word_with_a_copied_header_row_and_survey_items_inside_areas_reads_to_the_tree():
    imported = read(docx_bytes(WORD_COPIED_HEADER, preamble=False), "ke-hoach.docx")
    assert imported.tables == ("1",)
    assert tree(imported.framework) == [
        ("1", "Cải cách chế độ công vụ", "4", A, "self", 1),
        ("1.1", "Tuyển dụng công chức đúng quy định", "1.5", A, "self", 2),
        ("1.2", "Đánh giá qua điều tra xã hội học về chất lượng công vụ", "2.5", S, "survey", 2),
        ("2", "Chính quyền số", "3", A, "self", 1),
        ("2.1", "Tỷ lệ hồ sơ trực tuyến", "1.5", A, "self", 2),
        ("2.2", "Mức độ hài lòng", "1.5", S, "survey", 2),
    ]
    assert unicodedata.is_normalized("NFC", imported.framework["2.1"].title)
    assert blocks(imported) == [
        (A, "Điểm đánh giá, thẩm định", Decimal(3)),
        (S, "Điểm điều tra xã hội học", Decimal(4)),
    ]
    assert inputs(imported) == {"1.1": {"points": Decimal("1.5")}, "2.1": {"points": Decimal(1)}}


def test_rows_without_a_code_are_the_scoring_levels_of_the_row_above():
    table = Table(
        header=[MINISTRY_HEADER],
        rows=[
            ("1", "Công tác chỉ đạo", "1", "", "", ""),
            ("1.1", "Mức độ hoàn thành kế hoạch", "1", "", "", ""),
            ("", "- Hoàn thành 100% kế hoạch", "1", "", "", ""),
            ("", "- Hoàn thành dưới 100% kế hoạch", "0", "", "", ""),
        ],
    )
    imported = read(docx_bytes(table), "qd.docx")
    assert [n.code for n in imported.framework.walk()] == ["1", "1.1"]
    assert imported.framework["1.1"].guidance == (
        "Hoàn thành 100% kế hoạch: 1\nHoàn thành dưới 100% kế hoạch: 0"
    )
    assert imported.assessment is None and imported.assessment_yaml is None


# --- every layout of one framework reads to the same tree ------------------------------------


def test_a_shipped_framework_reads_to_the_same_tree_from_yaml_excel_and_both_tables():
    # The 876 skeleton is not a table a decision could print: its two roots are coded A.R and
    # S.R, which a table reads as children of areas A and S it does not have.
    shipped = find("par-province-1149")
    workbook = io.BytesIO()
    export_framework_xlsx(shipped, workbook)
    workbook.seek(0)
    from_workbook = import_framework_xlsx(workbook, "khung.xlsx")
    table = Table([MINISTRY_HEADER], ministry_rows(shipped), split_after=(5,))
    from_word = read(docx_bytes(table), "bang.docx").framework
    from_excel = read(xlsx_bytes(table), "bang.xlsx").framework
    expected = tree(shipped)
    assert tree(from_workbook) == expected
    assert tree(from_word) == expected
    assert tree(from_excel) == expected
    leaf_blocks = [(b.code, b.max) for b in shipped.blocks]
    assert [(b.code, b.max) for b in from_word.blocks] == leaf_blocks
    assert [(b.code, b.max) for b in from_excel.blocks] == leaf_blocks
