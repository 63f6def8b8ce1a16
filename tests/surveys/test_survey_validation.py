"""Importing an uploaded XLSForm: pyxform's rules and only the expressions parindex evaluates."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from parindex.surveys import FormError, import_xlsform, load_sipas
from parindex.surveys.forms import SIPAS_XLSX

CHOICES = [["list_name", "name", "label"], ["yn", "co", "Có"], ["yn", "khong", "Không"]]
HEADER = ["type", "name", "label", "relevant", "constraint"]


def _workbook(tmp_path, survey_rows, choices=CHOICES):
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in (("survey", survey_rows), ("choices", choices)):
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    path = tmp_path / "form.xlsx"
    wb.save(path)
    return path


def _problems(path):
    with pytest.raises(FormError) as err:
        import_xlsform(path)
    return [(p.sheet, p.row, p.column, p.code, p.value) for p in err.value.problems]


def test_the_shipped_sipas_questionnaire_imports():
    assert import_xlsform(SIPAS_XLSX) == load_sipas()


def test_the_expressions_the_public_form_evaluates_are_accepted(tmp_path):
    path = _workbook(
        tmp_path,
        [
            HEADER,
            ["select_one yn", "given", "Đã góp ý?", "", ""],
            [
                "select_multiple yn",
                "which",
                "Cách nào?",
                "${given} = 'co'",
                "count-selected(.) <= 1",
            ],
            ["integer", "age", "Tuổi", "${given} != 'khong'", ". >= 15 and . <= 100"],
            ["begin_group", "g", "Nhóm", "${which} = 'co'", ""],
            ["text", "note_text", "Ý kiến", "", ""],
            ["end_group", "", "", "", ""],
        ],
    )
    form = import_xlsform(path)
    assert [q.name for q in form.items()] == ["given", "which", "age", "note_text"]


def test_a_questionnaire_pyxform_rejects_is_refused_at_its_row_and_column(tmp_path):
    # parindex reads labels as text; pyxform checks a ${reference} names a question
    path = _workbook(tmp_path, [HEADER, ["text", "a", "Câu A", "", ""], ["text", "b", "Về ${z}"]])
    [(sheet, row, column, code, value)] = _problems(path)
    assert (sheet, row, column, code) == ("survey", 3, "label", "xlsform_invalid")
    assert "Could not find the name 'z'" in value


def test_a_pyxform_message_without_a_row_is_located_by_the_question_it_names(tmp_path):
    path = _workbook(tmp_path, [HEADER, ["text", "a", "Câu A"], ["text", "b", ""]])
    [(sheet, row, column, code, value)] = _problems(path)
    assert (sheet, row, column, code) == ("survey", 3, None, "xlsform_invalid")
    assert value == "The survey element named 'b' has no label or hint."


@pytest.mark.parametrize(
    ("row", "column", "code", "reason"),
    [
        (["text", "b", "B", "${age} > 18", ""], "relevant", "unsupported_relevant", "not_simple"),
        (
            ["text", "b", "B", "${age} = '18'", ""],
            "relevant",
            "unsupported_relevant",
            "not_comparable",
        ),
        (
            ["text", "b", "B", "${age} = '1' or ${age} = '2'", ""],
            "relevant",
            "unsupported_relevant",
            "not_simple",
        ),
        (
            ["text", "b", "B", "", "string-length(.) < 10"],
            "constraint",
            "unsupported_constraint",
            "not_checked",
        ),
        (
            ["integer", "b", "B", "", ". > 0 or . = -1"],
            "constraint",
            "unsupported_constraint",
            "not_bounds",
        ),
        (
            ["select_multiple yn", "b", "B", "", "count-selected(.) <= 1 and selected(., 'co')"],
            "constraint",
            "unsupported_constraint",
            "not_count",
        ),
    ],
)
def test_an_expression_the_public_form_cannot_evaluate_is_refused(
    tmp_path, row, column, code, reason
):
    path = _workbook(tmp_path, [HEADER, ["integer", "age", "Tuổi", "", ""], row])
    with pytest.raises(FormError) as err:
        import_xlsform(path)
    [p] = err.value.problems
    assert (p.sheet, p.row, p.column, p.code, p.value) == (
        "survey",
        3,
        column,
        code,
        row[HEADER.index(column)],
    )
    assert p.detail == {"question": "b", "reason": reason}


def test_a_calculation_is_refused_under_any_of_its_spellings(tmp_path):
    path = _workbook(
        tmp_path,
        [
            ["type", "name", "label", "calculation", "relevance"],
            ["integer", "a", "A", "", ""],
            ["integer", "b", "B", "${a} * 2", "${a} > 1"],
        ],
    )
    assert _problems(path) == [
        ("survey", 3, "calculation", "unsupported_calculation", "${a} * 2"),
        ("survey", 3, "relevance", "unsupported_relevant", "${a} > 1"),
    ]


def test_every_unsupported_expression_is_listed_at_once(tmp_path):
    path = _workbook(
        tmp_path,
        [
            HEADER,
            ["select_one yn", "a", "A", "", ""],
            ["text", "b", "B", "selected(${a}, 'co')", ""],
            ["date", "c", "C", "", ". <= today()"],
            ["note", "n", "Ghi chú", "${a} > 1", ""],  # never shown on the form: not checked
        ],
    )
    assert [(row, column) for _, row, column, _, _ in _problems(path)] == [
        (3, "relevant"),
        (4, "constraint"),
    ]
