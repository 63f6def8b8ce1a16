"""The shipped SIPAS questionnaire: it loads, covers the method, and its xlsx is up to date."""

from __future__ import annotations

from parindex.surveys import FACTORS, read_xlsform
from parindex.surveys.forms import SIPAS_XLSX, SIPAS_YAML
from parindex.surveys.forms.build_forms import survey_from_yaml


def test_shipped_xlsx_is_built_from_the_yaml_source():
    # Regenerate with: python -m parindex.surveys.forms.build_forms
    assert read_xlsform(SIPAS_XLSX) == survey_from_yaml(SIPAS_YAML)


def test_each_factor_has_one_satisfaction_item_and_perception_items(sipas):
    for factor in FACTORS:
        assert len(sipas.tagged(kind="satisfaction", factor=factor)) == 1, factor
        assert sipas.tagged(kind="perception", factor=factor), factor


def test_satisfaction_items_use_the_five_point_scale(sipas):
    labels = [c.label("vi") for c in sipas.choices["scale5"]]
    assert labels == [
        "Rất không hài lòng",
        "Không hài lòng",
        "Bình thường",
        "Hài lòng",
        "Rất hài lòng",
    ]
    assert {q.list_name for q in sipas.tagged(kind="satisfaction")} == {"scale5"}


def test_respondent_information_overall_item_and_expectation(sipas):
    respondent = {q.name for q in sipas.tagged(kind="respondent")}
    assert {"unit", "service", "gender", "age_group", "education", "occupation"} <= respondent
    overall = sipas.question("overall_sat")
    assert overall.sipas_factor is None and overall.criterion == "par-province-1149:DT.R"
    (expectation,) = sipas.tagged(kind="expectation")
    assert expectation.type == "select_multiple"


def test_every_item_has_vietnamese_and_english_labels(sipas):
    assert sipas.default_language == "vi"
    for q in sipas.items():
        assert q.labels.get("vi") and q.labels.get("en"), q.name
