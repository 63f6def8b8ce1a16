"""XLSForm import and export: round trip, Kobo spellings, and located errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.surveys import (
    Choice,
    FormError,
    Question,
    Survey,
    parse_xlsform,
    read_xlsform,
    write_xlsform,
    xlsform_sheets,
)

SCALE = (
    Choice("1", {"vi": "Rất không hài lòng", "en": "Very dissatisfied"}),
    Choice("5", {"vi": "Rất hài lòng", "en": "Very satisfied"}),
)


def small_survey(label: str = "Mức độ hài lòng") -> Survey:
    """Return a survey using every feature the model carries."""
    return Survey(
        form_id="thu_nghiem",
        title="Phiếu thử nghiệm",
        version="1",
        languages=("vi", "en"),
        questions=(
            Question("begin_group", "grp", {"vi": "Nhóm", "en": "Group"}, relevant="1 = 1"),
            Question(
                "select_one",
                "sat",
                {"vi": label, "en": "Satisfaction"},
                hints={"vi": "Chọn một"},
                list_name="scale",
                required=True,
                sipas_factor="access",
                sipas_kind="satisfaction",
                criterion="par-province-1149:DT.R",
            ),
            Question("integer", "age", {"vi": "Tuổi"}, constraint=". >= 18 and . <= 120"),
            Question(
                "select_multiple",
                "why",
                {"vi": "Lý do"},
                list_name="reasons",
                choice_filter="kind = 'a'",
                appearance="minimal",
                extra={"media::image": "why.png"},
            ),
            Question("end_group", ""),
            Question("note", "thanks", {"vi": "Cảm ơn"}),
        ),
        choices={
            "scale": SCALE,
            "reasons": (Choice("r1", {"vi": "Một"}, {"kind": "a"}), Choice("r2", {"vi": "Hai"})),
        },
        settings_extra={"instance_name": "concat('p-', ${sat})"},
    )


def test_export_then_import_gives_the_same_survey(tmp_path):
    survey = small_survey()
    path = write_xlsform(survey, tmp_path / "form.xlsx")
    assert read_xlsform(path) == survey


@settings(max_examples=25, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1)
    .map(str.strip)
    .filter(bool)
)
def test_round_trip_keeps_any_label(label):
    survey = small_survey(label)
    assert parse_xlsform(xlsform_sheets(survey)) == survey


def test_kobo_spellings_are_read():
    sheets = {
        "survey": [
            ["type", "name", "label", "label::English (en)", "required"],
            ["begin group", "g", "Nhóm", "Group", ""],
            ["select_one yn", "q", "Câu hỏi", "Question", "TRUE"],
            ["end group", None, None, None, None],
        ],
        "choices": [["list_name", "name", "label"], ["yn", 1, "Có"], ["yn", 2.0, "Không"]],
        "settings": [["form_title", "default_language"], ["Phiếu", "Tiếng Việt (vi)"]],
    }
    survey = parse_xlsform(sheets, source="phieu.xlsx")
    q = survey.question("q")
    assert (q.type, q.list_name, q.required) == ("select_one", "yn", True)
    assert q.labels == {"vi": "Câu hỏi", "en": "Question"}
    assert survey.choice_codes(q) == ("1", "2")
    assert survey.form_id == "phieu" and survey.languages == ("vi", "en")
    assert survey.group_paths() == {"q": ("g",)}


SURVEY_HEADER = ["type", "name", "label", "sipas_factor", "criterion"]


@pytest.mark.parametrize(
    ("rows", "sheet", "row", "column", "code"),
    [
        ([["geopoint", "gps", "Vị trí", "", ""]], "survey", 2, "type", "unknown_type"),
        ([["select_one nope", "q", "Q", "", ""]], "survey", 2, "type", "unknown_choice_list"),
        ([["select_one", "q", "Q", "", ""]], "survey", 2, "type", "missing_list_name"),
        (
            [["text", "a", "A", "", ""], ["text", "a", "B", "", ""]],
            "survey",
            3,
            "name",
            "duplicate_name",
        ),
        ([["text", "", "A", "", ""]], "survey", 2, "name", "missing_name"),
        (
            [["text", "a", "A", "", ""], ["end_group", "", "", "", ""]],
            "survey",
            3,
            "type",
            "unbalanced_group",
        ),
        (
            [["begin_group", "g", "G", "", ""], ["text", "a", "A", "", ""]],
            "survey",
            2,
            "type",
            "unbalanced_group",
        ),
        ([["text", "a", "A", "speed", ""]], "survey", 2, "sipas_factor", "unknown_sipas_factor"),
        ([["text", "a", "A", "", "DT.R"]], "survey", 2, "criterion", "bad_criterion"),
    ],
)
def test_import_error_names_sheet_row_and_column(rows, sheet, row, column, code):
    with pytest.raises(FormError) as err:
        parse_xlsform({"survey": [SURVEY_HEADER, *rows]})
    assert [(p.sheet, p.row, p.column, p.code) for p in err.value.problems] == [
        (sheet, row, column, code)
    ]


def test_duplicate_choice_is_located_in_the_choices_sheet():
    sheets = {
        "survey": [["type", "name"], ["select_one yn", "q"]],
        "choices": [["list_name", "name", "label"], ["yn", "co", "Có"], ["yn", "co", "Có nữa"]],
    }
    with pytest.raises(FormError) as err:
        parse_xlsform(sheets)
    (p,) = err.value.problems
    assert (p.sheet, p.row, p.column, p.code, p.detail["first_row"]) == (
        "choices",
        3,
        "name",
        "duplicate_choice",
        2,
    )


def test_every_problem_is_reported_at_once():
    sheets = {"survey": [["type", "name"], ["geopoint", "a"], ["text", "b"], ["text", "b"]]}
    with pytest.raises(FormError) as err:
        parse_xlsform(sheets)
    assert [p.code for p in err.value.problems] == ["unknown_type", "duplicate_name"]
    assert "survey!2 [type]: unknown_type" in str(err.value)


def test_missing_survey_sheet_is_an_error():
    with pytest.raises(FormError) as err:
        parse_xlsform({"choices": [["list_name", "name"]]})
    assert err.value.problems[0].code == "missing_sheet"
