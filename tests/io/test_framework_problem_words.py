"""Every problem of a framework file (YAML or the parindex workbook) and of its validation,
in the words an official reads: Vietnamese by default, English on request, each with its
place (file, line, or sheet, row, column and cell) and why."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from parindex.core.errors import FrameworkError, Problem
from parindex.core.model import InputSpec
from parindex.core.rules import RULES, ParseContext
from parindex.i18n import translate
from parindex.io.framework_excel import export_framework_xlsx, import_framework_xlsx
from parindex.io.framework_file import read_framework_file
from parindex.io.framework_yaml import load_framework_yaml
from parindex.presentation.framework_problems import FRAMEWORK_PROBLEMS, TYPE_WORDS
from parindex.presentation.text import problem_text

BASE = """\
schema: parindex/framework/1
code: thu-nghiem
title: Bộ tiêu chí thử nghiệm
version: "1"
years: [2025]
unit_kind: province
legal_basis: QĐ 1/QĐ-UBND
blocks:
  - {code: self, title: Tự đánh giá, max: 3}
nodes:
  - code: "1"
    title: Công tác chỉ đạo
    max: 3
    children:
      - {code: "1.1", title: Kế hoạch, max: 1, rule: {kind: manual}}
      - code: "1.2"
        title: Tỷ lệ đúng hạn
        max: 2
        inputs:
          on_time: {kind: count, title: Đúng hạn}
          total: {kind: count, title: Tổng số}
        rule: {kind: proportional, numerator: on_time, denominator: total}
"""
LEAF = '      - {code: "1.1", title: Kế hoạch, max: 1, rule: {kind: manual}}\n'
RULE = "        rule: {kind: proportional, numerator: on_time, denominator: total}\n"


def changed(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


def yaml_problems(text: str, name: str = "bo.yaml") -> list[Problem]:
    with pytest.raises(FrameworkError) as caught:
        load_framework_yaml(text, name)
    return caught.value.problems


def words(problems: list[Problem], lang: str = "vi") -> list[str]:
    return [problem_text(p, lang) for p in problems]


def test_the_base_file_is_valid():
    assert load_framework_yaml(BASE, "bo.yaml").key == "thu-nghiem@1"


# --- YAML syntax ---------------------------------------------------------------------------

SYNTAX = [
    (
        "duplicate key",
        'version: "1"\n',
        'version: "1"\nversion: "2"\n',
        "bo.yaml, dòng 5: mục «version» được ghi hai lần; mỗi mục chỉ ghi một lần",
    ),
    (
        "tab",
        "    title: Công tác chỉ đạo\n",
        "\ttitle: Công tác chỉ đạo\n",
        "bo.yaml, dòng 12: dòng này thụt lề bằng ký tự Tab; trong tệp YAML hãy thụt lề bằng "
        "dấu cách",
    ),
    (
        "colon",
        "    title: Công tác chỉ đạo\n",
        "    title: Công tác: chỉ đạo\n",
        "bo.yaml, dòng 12: sai cú pháp YAML: thụt lề không đúng hoặc thiếu dấu cách sau dấu «:»; "
        "nội dung có dấu «:» thì đặt trong ngoặc kép",
    ),
    (
        "bracket",
        "years: [2025]\n",
        "years: [2025\n",
        "bo.yaml, dòng 6: sai cú pháp YAML: thiếu dấu đóng ngoặc «]» hoặc «}»",
    ),
    (
        "not finite",
        "    max: 3\n",
        "    max: .nan\n",
        "bo.yaml, dòng 13: «.nan» không phải là một số",
    ),
    (
        "key not text",
        'version: "1"\n',
        'version: "1"\n1.5: x\n',
        "bo.yaml, dòng 5: tên mục phải là chữ",
    ),
    (
        "unterminated quote",
        "legal_basis: QĐ 1/QĐ-UBND\n",
        'legal_basis: "QĐ 1/QĐ-UBND\n',
        "bo.yaml, dòng 11: sai cú pháp YAML: thụt lề không đúng, hoặc có dấu ngoặc kép mở ở dòng "
        "trên mà chưa đóng",
    ),
    (
        "undefined alias",
        "    title: Công tác chỉ đạo\n",
        "    title: *chi_dao\n",
        "bo.yaml, dòng 12: sai cú pháp YAML (found undefined alias 'chi_dao')",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in SYNTAX], ids=[c[0] for c in SYNTAX]
)
def test_a_yaml_syntax_error_says_what_to_fix(old, new, expected):
    assert words(yaml_problems(changed(old, new))) == [expected]


def test_a_file_that_ends_in_the_middle_says_so():
    (problem,) = yaml_problems("code: x\nyears: [\n")
    assert problem_text(problem) == (
        "bo.yaml, dòng 3: tệp kết thúc giữa chừng: thiếu dấu đóng ngoặc «]» hoặc «}» hay phần "
        "nội dung còn lại"
    )
    assert problem_text(problem, "en") == (
        "bo.yaml, line 3: the file ends too early: a closing ']' or '}' or the rest of the "
        "content is missing"
    )


def test_a_list_instead_of_a_framework_is_one_problem():
    assert words(yaml_problems("- a\n- b\n")) == [
        "bo.yaml: tệp không phải là bộ tiêu chí: cần các mục schema, code, title, version, "
        "blocks, nodes ở đầu dòng"
    ]


# --- the format ----------------------------------------------------------------------------

FORMAT = [
    (
        "required",
        "legal_basis: QĐ 1/QĐ-UBND\n",
        "",
        ["bo.yaml, dòng 1: thiếu mục bắt buộc «legal_basis»"],
    ),
    (
        "additional properties",
        'version: "1"\n',
        'version: "1"\nlicence: MIT\n',
        ["bo.yaml, dòng 1: mục licence không có trong mẫu bộ tiêu chí (kiểm tra lỗi chính tả)"],
    ),
    (
        "type with a value",
        "years: [2025]\n",
        'years: ["2025"]\n',
        ["bo.yaml, dòng 5: «years» phải là một số nguyên, không phải «2025»"],
    ),
    (
        "type of a shape",
        "    title: Công tác chỉ đạo\n",
        "    title: [Công tác, chỉ đạo]\n",
        ["bo.yaml, dòng 12: «title» phải là chữ (văn bản)"],
    ),
    (
        "decimal comma",
        "        max: 2\n",
        "        max: 1,5\n",
        [
            "bo.yaml, dòng 18: «1,5» viết dấu phẩy thập phân; trong tệp YAML số thập phân viết "
            "bằng dấu chấm: hãy sửa thành 1.5"
        ],
    ),
    (
        "decimal comma in braces",
        LEAF,
        '      - {code: "1.1", title: Kế hoạch, max: 0,5, rule: {kind: manual}}\n',
        [
            "bo.yaml, dòng 15: «0,5» viết dấu phẩy thập phân; trong tệp YAML số thập phân viết "
            "bằng dấu chấm: hãy sửa thành 0.5"
        ],
    ),
    (
        "decimal comma in a rule",
        RULE,
        "        rule: {kind: threshold_proportional, numerator: on_time, denominator: total,"
        ' target: "99,5"}\n',
        [
            "bo.yaml, dòng 22: «99,5» viết dấu phẩy thập phân; trong tệp YAML số thập phân viết "
            "bằng dấu chấm: hãy sửa thành 99.5"
        ],
    ),
    (
        "enum",
        "unit_kind: province\n",
        "unit_kind: tinh\n",
        [
            "bo.yaml, dòng 6: «tinh» không phải giá trị được dùng; hãy chọn một trong: province, "
            "ministry, department, district, commune"
        ],
    ),
    (
        "const",
        "schema: parindex/framework/1\n",
        "schema: parindex/framework/2\n",
        ["bo.yaml, dòng 1: «schema» phải là «parindex/framework/1»"],
    ),
    (
        "pattern",
        '  - code: "1"\n',
        '  - code: "Lĩnh vực 1"\n',
        [
            "bo.yaml, dòng 11: «Lĩnh vực 1» không đúng dạng: chỉ dùng chữ cái không dấu, chữ số "
            "và các dấu «.», «_», «-»"
        ],
    ),
    (
        "min length",
        "title: Bộ tiêu chí thử nghiệm\n",
        'title: ""\n',
        ["bo.yaml, dòng 3: «title» không được để trống"],
    ),
    (
        "max length",
        RULE,
        f'        rule: {{kind: formula, expr: "{"1 + " * 200}1"}}\n',
        ["bo.yaml, dòng 22: «expr» dài quá 500 ký tự"],
    ),
    (
        "min items",
        "years: [2025]\n",
        "years: []\n",
        ["bo.yaml, dòng 5: «years» cần ít nhất 1 mục"],
    ),
    (
        "minimum",
        RULE,
        "        rule: {kind: base_proportional, numerator: on_time, denominator: total,"
        " base: -1}\n",
        [
            "bo.yaml, dòng 22: «base» phải từ 0 trở lên, không phải -1",
            "bo.yaml, dòng 22: cách tính «base_proportional» của tiêu chí 1.2: «base» bằng -1, "
            "nằm ngoài khoảng từ 0 đến 2 điểm",
        ],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in FORMAT], ids=[c[0] for c in FORMAT]
)
def test_a_format_problem_names_the_line_the_key_and_why(old, new, expected):
    assert words(yaml_problems(changed(old, new))) == expected


def test_a_format_problem_of_another_keyword_names_its_path():
    problem = Problem(
        "schema", "", "bo.yaml", 9, "", {"path": "blocks/0/max", "validator": "maximum"}
    )
    assert problem_text(problem) == "bo.yaml, dòng 9: giá trị của «blocks/0/max» không hợp lệ"
    assert (
        problem_text(problem, "en") == "bo.yaml, line 9: the value of 'blocks/0/max' is not valid"
    )


def test_a_decimal_comma_is_told_in_english_too():
    (problem,) = yaml_problems(changed("        max: 2\n", "        max: 1,5\n"))
    assert problem_text(problem, "en") == (
        "bo.yaml, line 18: '1,5' has a decimal comma; in a YAML file a decimal number is "
        "written with a point: change it to 1.5"
    )


# --- the tree and its rules ----------------------------------------------------------------

TREE = [
    (
        "duplicate code",
        '      - code: "1.2"\n',
        '      - code: "1.1"\n',
        ["bo.yaml, dòng 16: mã 1.1 trùng với mã ở dòng 15"],
    ),
    (
        "maximum not positive",
        LEAF,
        '      - {code: "1.1", title: Kế hoạch, max: 0, rule: {kind: manual}}\n',
        [
            "bo.yaml, dòng 9: khối điểm «self» ghi 3 điểm nhưng các tiêu chí của khối cộng lại 2",
            "bo.yaml, dòng 11: điểm tối đa của 1 là 3 nhưng các tiêu chí con cộng lại 2",
            "bo.yaml, dòng 15: điểm tối đa của 1.1 phải lớn hơn 0",
        ],
    ),
    (
        "unknown block",
        LEAF,
        '      - {code: "1.1", title: Kế hoạch, max: 1, block: bo, rule: {kind: manual}}\n',
        [
            "bo.yaml, dòng 9: khối điểm «self» ghi 3 điểm nhưng các tiêu chí của khối cộng lại 2",
            "bo.yaml, dòng 15: tiêu chí 1.1 ghi khối điểm «bo», nhưng bộ tiêu chí không có khối "
            "điểm này",
        ],
    ),
    (
        "children sum",
        "    max: 3\n",
        "    max: 4\n",
        ["bo.yaml, dòng 11: điểm tối đa của 1 là 4 nhưng các tiêu chí con cộng lại 3"],
    ),
    (
        "block sum",
        "  - {code: self, title: Tự đánh giá, max: 3}\n",
        "  - {code: self, title: Tự đánh giá, max: 3.5}\n",
        ["bo.yaml, dòng 9: khối điểm «self» ghi 3,5 điểm nhưng các tiêu chí của khối cộng lại 3"],
    ),
    (
        "choice without choices",
        "          total: {kind: count, title: Tổng số}\n",
        "          total: {kind: count, title: Tổng số}\n          level: {kind: choice}\n",
        [
            "bo.yaml, dòng 22: số liệu «level» của tiêu chí 1.2 là loại lựa chọn nên cần danh "
            "sách các lựa chọn"
        ],
    ),
    (
        "choice points differ",
        LEAF,
        '      - {code: "1.1", title: Kế hoạch, max: 1, inputs: {level: {kind: choice, '
        "choices: [tốt, đạt]}}, rule: {kind: choice, input: level, points: {tốt: 1, kém: 0}}}\n",
        [
            "bo.yaml, dòng 15: điểm của cách tính «choice» ở tiêu chí 1.1 ghi cho các lựa chọn "
            "kém, tốt, khác các lựa chọn tốt, đạt của số liệu «level»"
        ],
    ),
    (
        "rule on a parent",
        "    children:\n",
        "    rule: {kind: manual}\n    children:\n",
        [
            "bo.yaml, dòng 14: tiêu chí 1 có tiêu chí con nên không ghi cách tính điểm; chỉ tiêu "
            "chí không có tiêu chí con mới có cách tính điểm"
        ],
    ),
    (
        "rule missing",
        LEAF,
        '      - {code: "1.1", title: Kế hoạch, max: 1}\n',
        [
            "bo.yaml, dòng 15: tiêu chí 1.1 chưa có cách tính điểm; nếu chấm bằng tay, hãy ghi "
            "«manual»"
        ],
    ),
    (
        "missing input",
        RULE,
        "        rule: {kind: proportional, numerator: on_time}\n",
        ["bo.yaml, dòng 22: cách tính «proportional» của tiêu chí 1.2 cần số liệu «denominator»"],
    ),
    (
        "input not a name",
        RULE,
        "        rule: {kind: yes_no, input: 5}\n",
        ["bo.yaml, dòng 22: «input» phải là chữ (văn bản), không phải «5»"],
    ),
    (
        "unknown input",
        RULE,
        "        rule: {kind: proportional, numerator: dung_han, denominator: total}\n",
        [
            "bo.yaml, dòng 22: cách tính «proportional» của tiêu chí 1.2 dùng số liệu «dung_han», "
            "nhưng tiêu chí không khai báo số liệu này"
        ],
    ),
    (
        "input kind",
        "          total: {kind: count, title: Tổng số}\n",
        "          total: {kind: yes_no, title: Tổng số}\n",
        [
            "bo.yaml, dòng 22: cách tính «proportional» của tiêu chí 1.2: số liệu «total» thuộc "
            "loại «yes_no», cần loại count, money, number"
        ],
    ),
    (
        "points out of range",
        LEAF,
        '      - {code: "1.1", title: Kế hoạch, max: 1, rule: {kind: yes_no, input: done,'
        " yes: 1.5}, inputs: {done: {kind: yes_no}}}\n",
        [
            "bo.yaml, dòng 15: cách tính «yes_no» của tiêu chí 1.1: «yes» bằng 1,5, nằm ngoài "
            "khoảng từ 0 đến 1 điểm"
        ],
    ),
    (
        "missing parameter",
        RULE,
        "        rule: {kind: bands, numerator: on_time, denominator: total}\n",
        ["bo.yaml, dòng 22: thiếu mục bắt buộc «bands»"],
    ),
    (
        "formula",
        RULE,
        '        rule: {kind: formula, expr: "on_time +"}\n',
        [
            "bo.yaml, dòng 22: công thức «on_time +» của tiêu chí 1.2 không dùng được (formula "
            "syntax error at column 0: 'on_time +')"
        ],
    ),
    (
        "empty band",
        RULE,
        "        rule: {kind: bands, numerator: on_time, denominator: total, bands: "
        "[{from: 50, to: 50, points: 1}]}\n",
        [
            "bo.yaml, dòng 22: mức 1 của tiêu chí 1.2: «from» (50) phải nhỏ hơn «to» (50)",
        ],
    ),
    (
        "overlapping bands",
        RULE,
        "        rule: {kind: bands, numerator: on_time, denominator: total, bands: "
        "[{to: 60, points: 0}, {from: 50, points: 2}]}\n",
        ["bo.yaml, dòng 22: các mức của tiêu chí 1.2 chồng lên nhau: < 60 và ≥ 50"],
    ),
    (
        "a gap between bands",
        RULE,
        "        rule: {kind: bands, numerator: on_time, denominator: total, bands: "
        "[{to: 50, points: 0}, {from: 60, points: 2}]}\n",
        ["bo.yaml, dòng 22: các mức của tiêu chí 1.2 để hở khoảng từ 50 đến 60"],
    ),
    (
        "no band from 0",
        RULE,
        "        rule: {kind: bands, numerator: on_time, denominator: total, bands: "
        "[{from: 10, points: 2}]}\n",
        [
            "bo.yaml, dòng 22: các mức của tiêu chí 1.2 không có tỷ lệ dưới 10: mức thấp nhất "
            "phải bắt đầu từ 0"
        ],
    ),
    (
        "no band up from 100",
        RULE,
        "        rule: {kind: bands, numerator: on_time, denominator: total, bands: "
        "[{to: 100, points: 2}]}\n",
        [
            "bo.yaml, dòng 22: các mức của tiêu chí 1.2 không có tỷ lệ từ 100 trở lên: mức cao "
            "nhất phải để trống «to» hoặc vượt quá 100"
        ],
    ),
    (
        "target",
        RULE,
        "        rule: {kind: threshold_proportional, numerator: on_time, denominator: total,"
        " target: 150}\n",
        [
            "bo.yaml, dòng 22: cách tính «threshold_proportional» của tiêu chí 1.2: mức «target» "
            "150 phải lớn hơn 0 và không quá 100"
        ],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"), [c[1:] for c in TREE], ids=[c[0] for c in TREE]
)
def test_a_tree_or_rule_problem_names_the_criterion_and_why(old, new, expected):
    assert words(yaml_problems(changed(old, new))) == expected


def test_tree_problems_in_english():
    problems = yaml_problems(
        changed(RULE, "        rule: {kind: proportional, numerator: on_time}\n")
    )
    assert words(problems, "en") == [
        "bo.yaml, line 22: rule 'proportional' of criterion 1.2 needs the input 'denominator'"
    ]


def parse_rule(kind: str, spec: dict[str, object], inputs: dict[str, InputSpec]) -> list[Problem]:
    """A rule's own reports, as the loader records them (a file always meets the format
    first, which reports a text where a number belongs)."""
    found: list[Problem] = []

    def report(code: str, message: str, params: dict[str, object]) -> None:
        found.append(Problem(code, message, "bo.yaml", 22, "1.2", dict(params)))

    RULES[kind].parse(spec, ParseContext("1.2", Decimal(2), inputs, report))
    return found


COUNTS = {"on_time": InputSpec("on_time", "count"), "total": InputSpec("total", "count")}


def test_a_rule_reading_a_text_for_a_number_says_so_and_shows_a_decimal_comma():
    spec = {"kind": "threshold_proportional", "numerator": "on_time", "denominator": "total"}
    assert words(parse_rule("threshold_proportional", {**spec, "target": "chín"}, COUNTS)) == [
        "bo.yaml, dòng 22: cách tính «threshold_proportional» của tiêu chí 1.2: «target» phải "
        "là số, không phải «chín»"
    ]
    assert words(parse_rule("threshold_proportional", {**spec, "target": "99,5"}, COUNTS)) == [
        "bo.yaml, dòng 22: cách tính «threshold_proportional» của tiêu chí 1.2: «99,5» viết dấu "
        "phẩy thập phân; trong tham số số thập phân viết bằng dấu chấm: target: 99.5"
    ]


def test_rule_problems_the_format_cannot_see():
    bands = {"numerator": "on_time", "denominator": "total"}
    assert words(parse_rule("bands", {**bands, "bands": [{"from": "x", "points": 1}]}, COUNTS)) == [
        "bo.yaml, dòng 22: mức 1 của tiêu chí 1.2: «from» và «to» phải là số"
    ]
    assert words(parse_rule("bands", bands, COUNTS)) == [
        "bo.yaml, dòng 22: cách tính «bands» của tiêu chí 1.2 thiếu tham số «bands»"
    ]
    assert words(parse_rule("yes_no", {"input": ["a"]}, {})) == [
        "bo.yaml, dòng 22: cách tính «yes_no» của tiêu chí 1.2: «input» phải là tên của một số "
        "liệu đầu vào"
    ]


# --- the file as a whole -------------------------------------------------------------------


def test_file_problems():
    def refused(data: bytes, name: str) -> list[str]:
        with pytest.raises(FrameworkError) as caught:
            read_framework_file(data, name)
        return words(caught.value.problems)

    assert refused(b"%PDF", "bo.pdf") == ["bo.pdf: chỉ nhận tệp .yaml, .xlsx hoặc .docx"]
    assert refused("tên: Bộ".encode("utf-16"), "bo.yaml") == [
        "bo.yaml: tệp không phải văn bản UTF-8; hãy lưu lại tệp với bảng mã UTF-8"
    ]
    assert refused(b"PK", "bang.docx") == [
        "bang.docx: bảng tiêu chí không ghi mã, tên, phiên bản, năm áp dụng, loại đơn vị và căn "
        "cứ pháp lý của bộ tiêu chí: hãy nhập các mục này"
    ]


# --- the parindex workbook -----------------------------------------------------------------

BOOK = "bo.xlsx"


def workbook(change: Callable[[dict[str, Worksheet]], None] | None = None) -> bytes:
    stream = io.BytesIO()
    export_framework_xlsx(load_framework_yaml(BASE, "bo.yaml"), stream)
    wb = load_workbook(io.BytesIO(stream.getvalue()))
    if change is not None:
        change({ws.title: ws for ws in wb})
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def book_problems(change: Callable[[dict[str, Worksheet]], None]) -> list[Problem]:
    with pytest.raises(FrameworkError) as caught:
        import_framework_xlsx(io.BytesIO(workbook(change)), BOOK)
    return caught.value.problems


def cell(sheet: str, ref: str, value: object) -> Callable[[dict[str, Worksheet]], None]:
    def change(sheets: dict[str, Worksheet]) -> None:
        sheets[sheet][ref] = value

    return change


def test_the_base_workbook_imports():
    assert import_framework_xlsx(io.BytesIO(workbook()), BOOK).key == "thu-nghiem@1"


NODES = "bo.xlsx, trang tính «Tiêu chí»"
WORKBOOK = [
    (
        "not a number",
        cell("Tiêu chí", "E3", "một"),
        [
            f"{NODES}, dòng 3, cột «Điểm tối đa», ô E3: «một» không phải là số; viết điểm dạng 1,5 "
            "hoặc 1.5"
        ],
    ),
    (
        "decimal comma in the parameters",
        cell("Tiêu chí", "N4", "numerator: on_time, denominator: total, target: 99,5"),
        [
            f"{NODES}, dòng 4, cột «Tham số cách tính», ô N4: «99,5» viết dấu phẩy thập phân; "
            "trong "
            "ô tham số số thập phân viết bằng dấu chấm: hãy sửa thành numerator: on_time, "
            "denominator: total, target: 99.5"
        ],
    ),
    (
        "unreadable parameters",
        cell("Tiêu chí", "N4", "{numerator: [on_time"),
        [
            f"{NODES}, dòng 4, cột «Tham số cách tính», ô N4: không đọc được tham số «{{numerator: "
            "[on_time»; hãy viết dạng numerator: on_time, denominator: total"
        ],
    ),
    (
        "parameters not a mapping",
        cell("Tiêu chí", "N4", "- on_time\n- total"),
        [
            f"{NODES}, dòng 4, cột «Tham số cách tính», ô N4: tham số «- on_time\n- total» phải có "
            "dạng tên: giá trị, tên: giá trị"
        ],
    ),
    (
        "kind differs",
        cell("Tiêu chí", "N4", "kind: bands, numerator: on_time, denominator: total"),
        [
            f"{NODES}, dòng 4, cột «Tham số cách tính», ô N4: tham số ghi kind «bands», khác cách "
            "tính «proportional» ở cột cách tính điểm"
        ],
    ),
    (
        "parameters without a rule",
        lambda s: cell("Tiêu chí", "M4", None)(s),
        [f"{NODES}, dòng 4, cột «Cách tính điểm», ô M4: có tham số nhưng chưa ghi cách tính điểm"],
    ),
    (
        "bad input line",
        cell("Tiêu chí", "L4", "on_time (count): Đúng hạn\ntổng số"),
        [
            f"{NODES}, dòng 4, cột «Số liệu đầu vào», ô L4: dòng 2 «tổng số» không đúng dạng «tên "
            "(loại): tên số liệu [đơn vị]»"
        ],
    ),
    (
        "input twice",
        cell("Tiêu chí", "L4", "on_time (count): Đúng hạn\non_time (count): Tổng số"),
        [f"{NODES}, dòng 4, cột «Số liệu đầu vào», ô L4: số liệu «on_time» được khai báo hai lần"],
    ),
    (
        "unknown parent",
        cell("Tiêu chí", "B4", "2"),
        [
            f"{NODES}, dòng 4, cột «Mã cha», ô B4: tiêu chí 1.2 ghi mã cha «2», nhưng không dòng "
            "nào "
            "có mã «2»"
        ],
    ),
    (
        "empty code",
        cell("Tiêu chí", "A3", None),
        [f"{NODES}, dòng 3, cột «Mã», ô A3: ô trống: dòng nào cũng cần có mã tiêu chí"],
    ),
    (
        "not yes or no",
        cell("Tiêu chí", "H3", "chưa"),
        [f"{NODES}, dòng 3, cột «Đã công bố», ô H3: «chưa» không phải «có» hoặc «không»"],
    ),
    (
        "a code turned into a date",
        cell("Tiêu chí", "A3", __import__("datetime").datetime(2025, 1, 1)),
        [
            f"{NODES}, dòng 3, cột «Mã», ô A3: Excel đã đổi mã thành ngày (01/01/2025); hãy định "
            "dạng cột là Văn bản (Text) rồi gõ lại mã"
        ],
    ),
    (
        "a required cell left empty",
        cell("Tiêu chí", "C3", None),
        [f"{NODES}, dòng 3, cột «Tên tiêu chí», ô C3: ô trống: cột này bắt buộc phải có giá trị"],
    ),
    (
        "a maximum that does not add up",
        cell("Tiêu chí", "E2", 4),
        [
            f"{NODES}, dòng 2, cột «Điểm tối đa», ô E2: điểm tối đa của 1 là 4 nhưng các tiêu chí "
            "con cộng lại 3"
        ],
    ),
    (
        "a duplicate code",
        cell("Tiêu chí", "A4", "1.1"),
        [f"{NODES}, dòng 4, cột «Mã», ô A4: mã 1.1 trùng với mã ở dòng 3"],
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"), [c[1:] for c in WORKBOOK], ids=[c[0] for c in WORKBOOK]
)
def test_a_workbook_problem_names_sheet_row_column_cell_and_why(change, expected):
    assert words(book_problems(change)) == expected


def test_a_merged_parent_cell_says_which_cell_is_empty():
    def merge(sheets: dict[str, Worksheet]) -> None:
        sheets["Tiêu chí"].merge_cells("B3:B4")

    problems = book_problems(merge)
    assert words(problems) == [
        f"{NODES}, dòng 4, cột «Mã cha», ô B4: ô trống vì thuộc vùng gộp ô B3:B4 (giá trị chỉ "
        "ghi ở ô B3): hãy bỏ gộp ô và ghi giá trị vào từng dòng"
    ]
    assert words(problems, "en") == [
        "bo.xlsx, sheet 'Tiêu chí', row 4, column 'Mã cha', cell B4: the cell is empty because it "
        "is part of the merged cells B3:B4 (the value is only in cell B3): unmerge the cells and "
        "fill every row"
    ]


def test_a_parent_loop_is_reported_on_each_row_of_it():
    def loop(sheets: dict[str, Worksheet]) -> None:
        ws = sheets["Tiêu chí"]
        ws["B3"], ws["B4"] = "1.2", "1.1"

    assert words(book_problems(loop))[-2:] == [
        f"{NODES}, dòng 3, cột «Mã cha», ô B3: mã cha «1.2» dẫn ngược về chính dòng này: các dòng "
        "tạo thành vòng lặp",
        f"{NODES}, dòng 4, cột «Mã cha», ô B4: mã cha «1.1» dẫn ngược về chính dòng này: các dòng "
        "tạo thành vòng lặp",
    ]


IDENTITY = "bo.xlsx, trang tính «Khung»"
SHEETS = [
    (
        "missing sheet",
        lambda s: setattr(s["Khối điểm"], "title", "Khối"),
        [
            "bo.xlsx: thiếu trang tính «Khối điểm»; sổ có các trang tính: Khung, Khối, Nguồn, "
            "Tiêu chí"
        ],
    ),
    (
        "no header row",
        lambda s: s["Khối điểm"].delete_rows(1),
        [
            "bo.xlsx, trang tính «Khối điểm», dòng 1: không thấy dòng tiêu đề trong 10 dòng đầu: "
            "cột "
            "đầu tiên phải có tiêu đề «Mã khối»"
        ],
    ),
    (
        "unknown header",
        cell("Tiêu chí", "T1", "Điểm thưởng"),
        [
            f"{NODES}, dòng 1, cột «Điểm thưởng», ô T1: tiêu đề cột không có trong mẫu; các tiêu "
            "đề "
            "được dùng: Mã, Mã cha, Tên tiêu chí, Tên tiếng Anh, Điểm tối đa, Khối điểm, Chủ thể "
            "chấm, Đã công bố, Nguồn, Hướng dẫn chấm, Tài liệu kiểm chứng, Số liệu đầu vào, Cách "
            "tính điểm, Tham số cách tính, Lý do mất điểm (tiếng Việt), Lý do mất điểm (tiếng "
            "Anh), Hướng dẫn chấm (tiếng Anh), Tài liệu kiểm chứng (tiếng Anh), Số liệu đầu vào "
            "(tiếng Anh)"
        ],
    ),
    (
        "header twice",
        cell("Khối điểm", "D1", "Tên khối"),
        [
            "bo.xlsx, trang tính «Khối điểm», dòng 1, cột «Tên khối», ô D1: cột này trùng với một "
            "cột "
            "đã có; mỗi cột chỉ ghi một lần"
        ],
    ),
    (
        "missing column",
        cell("Khối điểm", "C1", None),
        ["bo.xlsx, trang tính «Khối điểm», dòng 1: thiếu cột «Điểm tối đa»"],
    ),
    (
        "value without a field",
        cell("Khung", "B10", "thêm"),
        [f"{IDENTITY}, dòng 10, cột «Trường», ô A10: dòng có giá trị nhưng chưa ghi tên trường"],
    ),
    (
        "unknown field",
        lambda s: (cell("Khung", "A10", "người ký")(s), cell("Khung", "B10", "x")(s)),
        [
            f"{IDENTITY}, dòng 10, cột «Trường», ô A10: trường «người ký» không có trong mẫu; các "
            "trường: code, title, title_en, legal_basis, legal_basis_en, version, years, unit_kind"
        ],
    ),
    (
        "field repeats",
        lambda s: (cell("Khung", "A10", "title")(s), cell("Khung", "B10", "x")(s)),
        [f"{IDENTITY}, dòng 10, cột «Trường», ô A10: trường «title» đã ghi ở dòng 3"],
    ),
    (
        "not a year",
        cell("Khung", "B8", "2025, năm sau"),
        [
            f"{IDENTITY}, dòng 8, cột «Giá trị», ô B8: «năm» không phải là năm; viết các năm cách "
            "nhau bằng dấu phẩy, ví dụ 2025, 2026"
        ],
    ),
    (
        "missing field",
        cell("Khung", "B5", None),
        [
            f"{IDENTITY}, dòng 1: thiếu trường «legal_basis»: hãy thêm một dòng «legal_basis» và "
            "ghi "
            "giá trị của nó"
        ],
    ),
    (
        "source without a key",
        cell("Nguồn", "B2", "QĐ 1"),
        [
            "bo.xlsx, trang tính «Nguồn», dòng 2, cột «Mã nguồn», ô A2: ô trống: nguồn cần có mã "
            "nguồn"
        ],
    ),
    (
        "source repeats",
        lambda s: [
            cell("Nguồn", ref, v)(s)
            for ref, v in (("A2", "qd"), ("B2", "QĐ 1"), ("A3", "qd"), ("B3", "QĐ 2"))
        ],
        [
            "bo.xlsx, trang tính «Nguồn», dòng 3, cột «Mã nguồn», ô A3: mã nguồn «qd» đã có ở một "
            "dòng trên"
        ],
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"), [c[1:] for c in SHEETS], ids=[c[0] for c in SHEETS]
)
def test_a_sheet_problem_names_the_sheet_and_why(change, expected):
    assert words(book_problems(change)) == expected


def test_an_unreadable_workbook_says_why(tmp_path: Path):
    def refused(source: object) -> list[str]:
        with pytest.raises(FrameworkError) as caught:
            import_framework_xlsx(source, BOOK)  # type: ignore[arg-type]
        return words(caught.value.problems)

    assert refused(tmp_path / "khong-co.xlsx") == ["bo.xlsx: không tìm thấy tệp"]
    assert refused(tmp_path) == ["bo.xlsx: đây là thư mục, không phải sổ Excel"]
    assert refused(io.BytesIO(b"not a zip")) == [
        "bo.xlsx: không phải sổ Excel (.xlsx); hãy lưu lại dạng «Excel Workbook (*.xlsx)»"
    ]
    # Root reads any file, so the permission case is worded from its problem.
    denied = Problem("xlsx_unreadable", "", BOOK, None, "", {"file": BOOK, "variant": "permission"})
    assert problem_text(denied) == "bo.xlsx: không có quyền đọc tệp"
    assert problem_text(denied, "en") == "bo.xlsx: no permission to read the file"


def test_a_workbook_problem_in_english():
    problems = book_problems(
        cell("Tiêu chí", "N4", "numerator: on_time, denominator: total, target: 99,5")
    )
    assert words(problems, "en") == [
        "bo.xlsx, sheet 'Tiêu chí', row 4, column 'Tham số cách tính', cell N4: '99,5' has a "
        "decimal comma; in the parameters cell a decimal number is written with a point: change "
        "it to numerator: on_time, denominator: total, target: 99.5"
    ]


# --- the catalogue -------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted({**FRAMEWORK_PROBLEMS, **TYPE_WORDS}))
def test_every_sentence_has_its_english(key):
    message = FRAMEWORK_PROBLEMS.get(key) or TYPE_WORDS[key]
    english = translate(message, "en")
    assert english != message.msgid
    assert "«" not in english and "»" not in english
