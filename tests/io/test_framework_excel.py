"""A secretariat officer authors a framework in Excel: export, edit, import, errors by cell."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from test_framework_yaml import EVERY_KIND, assert_same_framework, every_kind

from parindex.cli import main
from parindex.core.errors import FrameworkError, Problem
from parindex.core.loader import load_framework, parse_yaml
from parindex.frameworks import find, shipped
from parindex.io.framework_excel import (
    export_framework_xlsx,
    import_framework_xlsx,
    read_framework_xlsx,
)
from parindex.io.framework_yaml import dump_framework_yaml

FILE = "lao-cai.xlsx"
NODES = "Tiêu chí"


def exported(framework=None) -> bytes:
    buffer = io.BytesIO()
    export_framework_xlsx(framework or find("par-province-1149"), buffer)
    return buffer.getvalue()


def edited(data: bytes, change: Callable[[dict[str, Worksheet]], None]) -> bytes:
    """The workbook after the officer's edit, saved as Excel would."""
    workbook = load_workbook(io.BytesIO(data))
    change({name: workbook[name] for name in workbook.sheetnames})
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_of(ws: Worksheet, code: str) -> int:
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value == code:
            return row
    raise KeyError(code)


def set_cell(sheet: str, code: str, column: str, value: object):
    """An edit: the cell of ``column`` in the row of ``code`` gets ``value``."""

    def change(sheets: dict[str, Worksheet]) -> None:
        ws = sheets[sheet]
        row = row_of(ws, code) if sheet != "Khung" else _field_row(ws, code)
        ws[f"{column}{row}"] = value

    return change


def _field_row(ws: Worksheet, field: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == field)


def problems_of(data: bytes) -> list[Problem]:
    with pytest.raises(FrameworkError) as excinfo:
        import_framework_xlsx(io.BytesIO(data), FILE)
    return excinfo.value.problems


# --- round trip ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", shipped(), ids=lambda p: p.name)
def test_export_then_import_gives_back_the_same_framework(path):
    framework = find(str(path))
    imported = import_framework_xlsx(io.BytesIO(exported(framework)), FILE)
    assert_same_framework(imported, framework)


def test_every_rule_kind_survives_the_spreadsheet():
    framework = every_kind()
    assert_same_framework(import_framework_xlsx(io.BytesIO(exported(framework)), FILE), framework)


def test_yaml_written_from_an_import_loads_to_the_same_framework():
    framework = find("par-province-1149")
    imported = import_framework_xlsx(io.BytesIO(exported(framework)), FILE)
    assert_same_framework(load_framework(dump_framework_yaml(imported), "x.yaml"), framework)


def test_read_gives_the_document_a_yaml_file_gives():
    document = parse_yaml(EVERY_KIND, "every-kind.yaml")
    read = read_framework_xlsx(io.BytesIO(exported(document)), FILE)
    assert read == document
    assert dump_framework_yaml(read) == dump_framework_yaml(document)


def test_export_writes_to_a_path_and_import_reads_it(tmp_path):
    path = tmp_path / FILE
    export_framework_xlsx(find("par-province-1149"), path)
    assert import_framework_xlsx(path).source_name == FILE
    assert [p.name for p in tmp_path.iterdir()] == [FILE]  # no temporary file left behind


# --- the sheets ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook():
    return load_workbook(io.BytesIO(exported()))


def test_sheets_are_identity_blocks_sources_and_criteria(workbook):
    assert workbook.sheetnames == ["Khung", "Khối điểm", "Nguồn", NODES]
    assert workbook.active.title == NODES
    khung = workbook["Khung"]
    assert [c.value for c in khung[1]] == ["Trường", "Giá trị", "Diễn giải"]
    assert khung.cell(_field_row(khung, "years"), 2).value == "2020, 2021"
    assert khung.cell(_field_row(khung, "version"), 2).value == "2020.1"
    blocks = workbook["Khối điểm"]
    assert [c.value for c in blocks[2]] == [
        "appraisal",
        "Điểm đánh giá, thẩm định",
        66.5,
        "Assessment and appraisal points",
    ]


def test_criteria_sheet_has_one_row_per_node_in_tree_order(workbook):
    ws = workbook[NODES]
    codes = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert codes == [n.code for n in find("par-province-1149").walk()]
    headers = [c.value for c in ws[1]]
    assert headers[:5] == ["Mã", "Mã cha", "Tên tiêu chí", "Tên tiếng Anh", "Điểm tối đa"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "B2"
    assert ws.column_dimensions["C"].width >= 40


def test_numbers_are_numbers_and_codes_are_text(workbook):
    ws = workbook[NODES]
    row = row_of(ws, "3.4.1")
    assert ws[f"E{row}"].value == 1.5 and ws[f"E{row}"].data_type == "n"
    assert ws[f"A{row}"].data_type == "s" and ws[f"B{row}"].value == "3.4"
    assert ws[f"A{row}"].number_format == "@"


def test_titles_are_indented_by_depth_and_areas_bold(workbook):
    ws = workbook[NODES]
    assert ws[f"C{row_of(ws, '3')}"].alignment.indent == 0
    assert ws[f"C{row_of(ws, '3')}"].font.bold
    assert ws[f"C{row_of(ws, '3.4')}"].alignment.indent == 2
    assert ws[f"C{row_of(ws, '3.4.1')}"].alignment.indent == 4


def test_inputs_rules_and_evidence_are_readable_text(workbook):
    ws = workbook[NODES]
    row = row_of(ws, "3.4.1")
    assert ws[f"L{row}"].value == (
        "on_time (count): Số hồ sơ giải quyết đúng hạn [hồ sơ]\n"
        "total (count): Tổng số hồ sơ đã giải quyết [hồ sơ]"
    )
    assert ws[f"M{row}"].value == "proportional"
    assert ws[f"N{row}"].value == "{numerator: on_time, denominator: total}"
    row = row_of(ws, "8.6")
    assert ws[f"N{row}"].value.startswith("{numerator: met, denominator: targets, bands: [{")


def test_a_choice_input_lists_its_options():
    ws = load_workbook(io.BytesIO(exported(every_kind())))[NODES]
    assert ws[f"L{row_of(ws, 'A.7')}"].value == "level (choice: tốt|khá|no): Mức độ"
    assert ws[f"L{row_of(ws, 'A.1')}"].value.endswith("total (count): Tổng số [đã giải quyết] []")


def test_english_choices_are_written_beside_the_english_title_and_read_back():
    framework = find("par-department-example")
    ws = load_workbook(io.BytesIO(exported(framework)))[NODES]
    column = next(c for c in ws[1] if c.value == "Số liệu đầu vào (tiếng Anh)").column_letter
    assert ws[f"{column}{row_of(ws, '1.4.2')}"].value == (
        "channels (3 channels or more|1 or 2 channels|none): Communication channels"
    )
    spec = import_framework_xlsx(io.BytesIO(exported(framework)), FILE)["1.4.2"].input("channels")
    assert spec is not None
    assert spec.choices_en == ("3 channels or more", "1 or 2 channels", "none")
    assert spec.choices == ("từ 3 hình thức trở lên", "1 - 2 hình thức", "không thực hiện")


# --- editing in Excel ------------------------------------------------------------------------


def test_officer_changes_a_maximum_and_adds_a_child_row():
    def change(sheets):
        ws = sheets[NODES]
        ws[f"E{row_of(ws, '3.4.1')}"] = 1
        ws.append(["3.4.4", "3.4", "Tiêu chí mới của Sở", None, 0.5, None, None, None, "seed"])
        ws[f"M{ws.max_row}"] = "manual"

    framework = import_framework_xlsx(io.BytesIO(edited(exported(), change)), FILE)
    assert framework["3.4.1"].max == Decimal(1)
    new = framework["3.4.4"]
    assert (new.title, new.max, new.block, new.scored_by, new.depth) == (
        "Tiêu chí mới của Sở",
        Decimal("0.5"),
        "appraisal",
        "self",
        3,
    )
    assert [c.code for c in framework["3.4"].children] == ["3.4.1", "3.4.2", "3.4.3", "3.4.4"]


def test_rows_may_come_in_any_order():
    def change(sheets):
        ws = sheets[NODES]
        last = ws.cell(1, ws.max_column).column_letter
        ws.move_range(f"A{row_of(ws, '3.4.2')}:{last}{row_of(ws, '3.4.2')}", rows=ws.max_row)

    framework = import_framework_xlsx(io.BytesIO(edited(exported(), change)), FILE)
    assert [c.code for c in framework["3.4"].children] == ["3.4.1", "3.4.3", "3.4.2"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1,5", "1.5"), (" 1.5 ", "1.5"), ("1.50", "1.50"), (1.5, "1.5"), ("1", "1")],
)
def test_a_maximum_typed_as_text_is_read_exactly(typed, expected):
    def change(sheets):
        ws = sheets[NODES]
        ws[f"E{row_of(ws, '3.4.1')}"] = typed
        ws[f"E{row_of(ws, '3.4.2')}"] = 3 - Decimal(expected)  # 3.4 stays 4

    framework = import_framework_xlsx(io.BytesIO(edited(exported(), change)), FILE)
    assert framework["3.4.1"].max == Decimal(expected)
    assert str(framework["3.4.1"].max) == expected


def test_decimals_that_binary_floats_cannot_hold_add_up_exactly():
    text = EVERY_KIND.replace("max: 2.3\n", "max: 2.2\n").replace("max: 3\n", "max: 3.1\n")
    framework = load_framework(text, "x.yaml")  # 0.1-steps: float sums would be off
    imported = import_framework_xlsx(io.BytesIO(exported(framework)), FILE)
    assert imported["A.11"].max == Decimal("3.1")
    assert imported["A"].max == Decimal("14.3")


def test_english_sheet_names_and_headers_are_accepted():
    english = {"Khung": "Framework", "Khối điểm": "Blocks", "Nguồn": "Sources", NODES: "Criteria"}

    def change(sheets):
        for name, ws in sheets.items():
            ws.title = english[name]
        headers = ["code", "parent", "title", "title_en", "max", "block", "scored_by"]
        headers += ["published", "source", "guidance", "evidence", "inputs", "rule kind"]
        headers += ["rule parameters", "explain_vi", "explain_en"]
        for col, header in enumerate(headers, start=1):
            sheets[NODES].cell(1, col, header)
        for col, header in enumerate(["field", "value", "note"], start=1):
            sheets["Khung"].cell(1, col, header)

    framework = import_framework_xlsx(io.BytesIO(edited(exported(), change)), FILE)
    assert_same_framework(framework, find("par-province-1149"))


def test_a_notes_column_is_ignored():
    def change(sheets):
        ws = sheets[NODES]
        ws["Q1"] = "Ghi chú"
        ws[f"Q{row_of(ws, '3.4.1')}"] = "hỏi lại Sở Nội vụ"

    assert "3.4.1" in import_framework_xlsx(io.BytesIO(edited(exported(), change)), FILE)


def test_empty_block_and_scorer_cells_inherit_from_the_parent():
    def change(sheets):
        ws = sheets[NODES]
        for row in range(2, ws.max_row + 1):
            if ws[f"B{row}"].value:
                ws[f"F{row}"] = None
                ws[f"G{row}"] = None if ws[f"A{row}"].value != "1.BNV" else "ministry"

    framework = import_framework_xlsx(io.BytesIO(edited(exported(), change)), FILE)
    assert_same_framework(framework, find("par-province-1149"))


# --- errors, by sheet, row and column --------------------------------------------------------

ERRORS = [
    pytest.param(
        [set_cell(NODES, "3.4.1", "E", "abc")],
        ("xlsx_not_number", NODES, "3.4.1", "E"),
        "column 'max' (E): 'abc' is not a number",
        id="max is not a number",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.1", "B", "3.9")],
        ("xlsx_unknown_parent", NODES, "3.4.1", "B"),
        "column 'parent' (B): no row has code '3.9'",
        id="parent does not exist",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.1", "L", "on_time count")],
        ("xlsx_bad_input", NODES, "3.4.1", "L"),
        "line 1 'on_time count' is not 'name (kind): title [unit]'",
        id="bad inputs line",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.1", "N", "{numerator: on_time")],
        ("xlsx_bad_params", NODES, "3.4.1", "N"),
        "column 'params' (N): cannot read the parameters",
        id="unparsable rule parameters",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.1", "H", "chưa rõ")],
        ("xlsx_not_yes_no", NODES, "3.4.1", "H"),
        "'chưa rõ' is not 'có' or 'không'",
        id="published is not yes or no",
    ),
    pytest.param(
        [set_cell("Khung", "years", "B", "2020, hai")],
        ("xlsx_not_year", "Khung", None, "B"),
        "field 'years', column 'value' (B): 'hai' is not a year",
        id="years not numbers",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.1", "N", "{numerator: on_time, denominator: resolved}")],
        ("unknown_input", NODES, "3.4.1", "N"),
        "uses input 'resolved' (denominator), which the node does not declare",
        id="rule names an undeclared input",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.1", "G", "tỉnh")],
        ("schema", NODES, "3.4.1", "G"),
        "column 'scored_by' (G): 'tỉnh' is not one of",
        id="unknown scorer",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.1", "M", "proportionl")],
        ("schema", NODES, "3.4.1", "M"),
        "column 'rule' (M): 'proportionl' is not one of",
        id="unknown rule kind",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.1", "L", "on_time (cnt): Số hồ sơ\ntotal (count)")],
        ("schema", NODES, "3.4.1", "L"),
        "column 'inputs' (L): 'cnt' is not one of",
        id="unknown input kind",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.1", "C", None)],
        ("schema", NODES, "3.4.1", "C"),
        "column 'title' (C): required, but the cell is empty",
        id="empty title",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.2", "A", "3.4.1")],
        ("duplicate_code", NODES, "3.4.1", "A"),
        "duplicate code (first in row 9)",
        id="duplicate code",
    ),
    pytest.param(
        [set_cell(NODES, "3.4", "M", "manual")],
        ("rule_on_parent", NODES, "3.4", "M"),
        "only leaves carry a rule",
        id="rule on a parent",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.1", "M", None), set_cell(NODES, "3.4.1", "N", None)],
        ("rule_missing", NODES, "3.4.1", "M"),
        "a leaf needs a rule",
        id="leaf without a rule",
    ),
    pytest.param(
        [set_cell(NODES, "3.4.1", "E", 0.5)],
        ("children_sum", NODES, "3.4", "E"),
        "children's maxima add up to 3.0, not 4",
        id="children do not add up",
    ),
    pytest.param(
        [set_cell("Khung", "unit_kind", "B", "tỉnh")],
        ("schema", "Khung", None, "B"),
        "field 'unit_kind', column 'value' (B): 'tỉnh' is not one of",
        id="unknown unit kind",
    ),
    pytest.param(
        [set_cell("Khối điểm", "survey", "C", 30)],
        ("block_sum", "Khối điểm", None, "C"),
        "its items' maxima add up to 33.5, not 30",
        id="block maxima do not add up",
    ),
    pytest.param(
        [set_cell(NODES, "3.4", "B", "3.4.1")],
        ("xlsx_parent_loop", NODES, "3.4", "B"),
        "the rows form a loop",
        id="parents form a loop",
    ),
]


@pytest.mark.parametrize(("edits", "where", "message"), ERRORS)
def test_each_error_names_its_sheet_row_and_column(edits, where, message):
    def change(sheets):
        for edit in edits:
            edit(sheets)

    data = edited(exported(), change)
    code, sheet, node, column = where
    problems = [p for p in problems_of(data) if p.code == code]
    assert problems, problems_of(data)
    problem = problems[0]
    assert problem.source == f"{FILE}[{sheet}]"
    assert problem.params["sheet"] == sheet
    if node is not None:
        assert problem.node == node
        ws = load_workbook(io.BytesIO(data))[sheet]
        assert problem.line in {row for row in range(2, ws.max_row + 1)}
    assert problem.line is not None
    assert f"({column})" in problem.message
    assert message in str(problem)


def test_the_location_reads_like_file_sheet_row_node_column():
    data = edited(exported(), set_cell(NODES, "3.4.1", "E", "abc"))
    (problem,) = problems_of(data)
    assert str(problem) == f"{FILE}[{NODES}]:9 3.4.1: column 'max' (E): 'abc' is not a number"


def test_every_bad_cell_is_reported_at_once():
    def change(sheets):
        for edit in (
            set_cell(NODES, "3.4.1", "E", "abc"),
            set_cell(NODES, "3.4.2", "B", "9"),
            set_cell(NODES, "7.1.3", "N", "{value: rate"),
            set_cell("Khung", "years", "B", "năm 2020"),
        ):
            edit(sheets)

    problems = problems_of(edited(exported(), change))
    assert [(p.source.split("[")[1], p.node, p.code) for p in problems] == [
        ("Khung]", "", "xlsx_not_year"),
        (f"{NODES}]", "3.4.1", "xlsx_not_number"),
        (f"{NODES}]", "3.4.2", "xlsx_unknown_parent"),
        (f"{NODES}]", "7.1.3", "xlsx_bad_params"),
    ]


def test_a_code_excel_turned_into_a_date_is_explained():
    import datetime

    data = edited(exported(), set_cell(NODES, "3.4.1", "A", datetime.datetime(2024, 4, 3)))
    problem = next(p for p in problems_of(data) if p.code == "xlsx_date")
    assert "format the column as Text" in problem.message


@pytest.mark.parametrize(
    ("change", "code", "text"),
    [
        (lambda s: s[NODES].cell(1, 5, "Điểm"), "xlsx_header", "unknown column 'Điểm' (E)"),
        (
            lambda s: setattr(s[NODES]["C1"], "value", None),
            "xlsx_header",
            "column 'title' ('Tên tiêu chí')",
        ),
        (lambda s: setattr(s["Khối điểm"], "title", "Khối"), "xlsx_missing_sheet", "Khối điểm"),
    ],
    ids=["unknown header", "missing column", "missing sheet"],
)
def test_a_workbook_of_the_wrong_shape_is_explained(change, code, text):
    problems = problems_of(edited(exported(), change))
    assert any(p.code == code and text in p.message for p in problems), problems


def _docx_like() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [b"code,title\n1,A\n", b"", _docx_like(), b"PK\x03\x04 broken"],
    ids=["csv", "empty", "other zip", "broken zip"],
)
def test_a_file_that_is_not_a_workbook_gives_one_clear_problem(tmp_path, content):
    path = tmp_path / FILE
    path.write_bytes(content)
    with pytest.raises(FrameworkError) as excinfo:
        import_framework_xlsx(path)
    (problem,) = excinfo.value.problems
    assert problem.code == "xlsx_unreadable"
    assert (
        str(problem)
        == f"{FILE}: not an Excel workbook (.xlsx); save it as 'Excel Workbook (*.xlsx)'"
    )


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(FrameworkError) as excinfo:
        import_framework_xlsx(tmp_path / "none.xlsx")
    assert str(excinfo.value) == "none.xlsx: file not found"


def test_cli_import_of_a_bad_sheet_writes_nothing_and_exits_3(tmp_path, capsys):
    source = tmp_path / FILE
    source.write_bytes(edited(exported(), set_cell(NODES, "3.4.1", "E", "abc")))
    output = tmp_path / "out.yaml"
    assert main(["frameworks", "import", str(source), "-o", str(output)]) == 3
    err = capsys.readouterr().err
    assert err == (
        f"parindex: {FILE}, trang tính «Tiêu chí», dòng 9, cột «Điểm tối đa», ô E9: «abc» không "
        "phải là số; viết điểm dạng 1,5 hoặc 1.5\n"
    )
    assert "Traceback" not in err
    assert not output.exists()


def test_cli_export_then_import_round_trips(tmp_path, capsys):
    workbook, output = tmp_path / FILE, tmp_path / "out.yaml"
    assert main(["frameworks", "export", "par-province-1149", "-o", str(workbook)]) == 0
    assert main(["frameworks", "import", str(workbook), "-o", str(output)]) == 0
    loaded = load_framework(output.read_text(encoding="utf-8"), "out.yaml")
    assert_same_framework(loaded, find("par-province-1149"))


def test_export_that_fails_leaves_the_old_file_untouched(tmp_path, monkeypatch):
    path = tmp_path / FILE
    path.write_bytes(b"previous version")

    def broken(self, target):
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", broken)
    with pytest.raises(OSError):
        export_framework_xlsx(find("par-province-1149"), path)
    assert path.read_bytes() == b"previous version"
    assert [p.name for p in Path(tmp_path).iterdir()] == [FILE]
