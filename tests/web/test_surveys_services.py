"""Survey services: creating from the shipped form or an XLSForm, quotas, codes, imports,
the index and the summary other apps call (feeding an assessment: test_surveys_apply)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from surveys_fixtures import *  # noqa: F403  (the survey fixtures)
from surveys_fixtures import KOBO, full_answers, lao_cai

from parindex.surveys import FormError, ResponsesRejected, load_sipas, xlsform_sheets
from parindex.web.audit.models import AuditEvent
from parindex.web.surveys.models import (
    ImportBatch,
    InvitationCode,
    PopulationSource,
    SurveyQuota,
    SurveyResponse,
)
from parindex.web.surveys.services.errors import SurveyServiceError
from parindex.web.surveys.services.invitations import CODE_ALPHABET, invitation_codes_generate
from parindex.web.surveys.services.questionnaire import form_of, read_uploaded_form, survey_create
from parindex.web.surveys.services.responses import response_submit, responses_import
from parindex.web.surveys.services.results import comparisons, survey_results, survey_summary
from parindex.web.surveys.services.sampling import quota_set, quotas_from_log
from parindex.web.surveys.services.selectors import coverage


def test_create_from_the_shipped_form_makes_one_quota_per_unit(survey) -> None:
    form = form_of(survey)
    assert form == load_sipas()
    assert list(survey.quotas.values_list("unit_code", flat=True)) == list(
        form.choice_codes(form.question("unit"))
    )
    assert AuditEvent.objects.filter(action="surveys.create", object_id=str(survey.pk)).exists()


def test_xlsform_round_trip_through_the_web_export(survey, users, tmp_path) -> None:
    from parindex.web.surveys.exports import form_xlsx

    data = form_xlsx(survey).content
    form = read_uploaded_form("mine.xlsx", data)
    again = survey_create(
        province=lao_cai(), title="again", year=2021, form=form, actor=users["secretariat"]
    )
    assert form_of(again) == form_of(survey)
    assert xlsform_sheets(form_of(again)) == survey.form_sheets


def test_a_broken_xlsform_is_refused_with_sheet_row_and_column(tmp_path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label"])
    ws.append(["select_one nowhere", "q1", "Câu 1"])
    ws.append(["rating", "q2", "Câu 2"])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    with pytest.raises(FormError) as err:
        read_uploaded_form("bad.xlsx", path.read_bytes())
    found = {(p.sheet, p.row, p.column, p.code) for p in err.value.problems}
    assert ("survey", 2, "type", "unknown_choice_list") in found
    assert ("survey", 3, "type", "unknown_type") in found
    with pytest.raises(SurveyServiceError) as e2:
        read_uploaded_form("bad.xlsx", b"not a workbook")
    assert e2.value.code == "form_unreadable"


def test_quota_n_follows_the_formula_and_the_margin(survey) -> None:
    q = quota_set(survey=survey, unit_code="ttphvhcc", population=1000, actor=None)
    assert q.target == 286  # 1000 / (1 + 1000 × 0,05²) = 285,7 → 286
    survey.margin = Decimal("0.10")
    q = quota_set(survey=survey, unit_code="ttphvhcc", population=1000, actor=None)
    assert q.target == 91  # 1000 / 11 = 90,9 → 91
    with pytest.raises(SurveyServiceError):
        quota_set(survey=survey, unit_code="nowhere", population=5, actor=None)


def test_quotas_take_n_from_the_dossier_log_where_loaded(survey) -> None:
    updated = quotas_from_log(
        survey=survey, actor=None, populations={"ttphvhcc": 1000, "elsewhere": 5}
    )
    assert [q.unit_code for q in updated] == ["ttphvhcc"]
    q = SurveyQuota.objects.get(survey=survey, unit_code="ttphvhcc", service_code="")
    assert (q.population, q.target, q.population_source) == (1000, 286, PopulationSource.LOG)
    other = SurveyQuota.objects.get(survey=survey, unit_code="so_tu_phap")
    assert other.population_source == PopulationSource.ENTERED
    with pytest.raises(SurveyServiceError) as err:
        quotas_from_log(survey=survey, actor=None, populations={})
    assert err.value.code == "no_log"


def test_coverage_counts_responses_per_unit(hand_survey) -> None:
    quota_set(survey=hand_survey, unit_code="ttphvhcc", population=3, actor=None)
    rows = {r.quota.unit_code: r for r in coverage(hand_survey)}
    assert (rows["ttphvhcc"].quota.target, rows["ttphvhcc"].collected) == (3, 2)
    assert rows["ttphvhcc"].shortfall == 1 and not rows["ttphvhcc"].met
    assert rows["so_tu_phap"].collected == 2


def test_invitation_codes_are_random_unique_and_single_use(survey) -> None:
    codes = invitation_codes_generate(survey=survey, count=200, actor=None)
    texts = [c.code for c in codes]
    assert len(set(texts)) == 200
    assert all(len(t) == 8 and set(t) <= set(CODE_ALPHABET) for t in texts)
    answers = full_answers()
    response_submit(survey=survey, answers=answers, code=texts[0].lower())
    with pytest.raises(SurveyServiceError) as err:
        response_submit(survey=survey, answers=answers, code=texts[0])
    assert err.value.code == "code_used"
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert InvitationCode.objects.get(code=texts[0]).response is not None
    with pytest.raises(SurveyServiceError):
        invitation_codes_generate(survey=survey, count=0, actor=None)


def _import(survey, content: bytes, name: str = "kobo.csv"):
    return responses_import(survey=survey, file_name=name, content=content, actor=None)


def test_kobo_import_is_idempotent(survey) -> None:
    content = Path(KOBO).read_bytes()
    first = _import(survey, content)
    assert first.created and first.batch.imported == 30 and first.batch.tool == "kobo"
    assert SurveyResponse.objects.filter(survey=survey, source="kobo").count() == 30
    again = _import(survey, content)
    assert not again.created and again.batch.pk == first.batch.pk
    # the same rows in another file (one more blank line: another SHA-256) are skipped
    other = _import(survey, content + b"\n", "kobo-again.csv")
    assert other.created and (other.batch.imported, other.batch.skipped) == (0, 30)
    assert SurveyResponse.objects.filter(survey=survey).count() == 30


def test_an_import_with_changed_answers_for_a_stored_id_changes_nothing(survey) -> None:
    content = Path(KOBO).read_bytes()
    _import(survey, content)
    lines = content.decode("utf-8-sig").splitlines()
    # first response, overall satisfaction moved from 3 to 5 (column overall_sat)
    header = lines[0].split(";")
    cells = lines[1].split(";")
    cells[header.index("overall_sat")] = "5" if cells[header.index("overall_sat")] != "5" else "1"
    changed = "\n".join([lines[0], ";".join(cells)]).encode()
    with pytest.raises(SurveyServiceError) as err:
        _import(survey, changed, "changed.csv")
    assert err.value.code == "changed_responses"
    assert ImportBatch.objects.filter(survey=survey).count() == 1


def test_an_import_with_a_bad_row_stores_nothing(survey) -> None:
    lines = Path(KOBO).read_text("utf-8-sig").splitlines()
    header = lines[0].split(";")
    cells = lines[2].split(";")
    cells[header.index("access/access_sat")] = "9"
    bad = "\n".join([lines[0], lines[1], ";".join(cells)]).encode()
    with pytest.raises(ResponsesRejected) as err:
        _import(survey, bad)
    assert [(p.row, p.column, p.code) for p in err.value.problems] == [
        (3, "access/access_sat", "unknown_choice")
    ]
    assert not SurveyResponse.objects.filter(survey=survey).exists()
    assert not ImportBatch.objects.exists()


def test_index_equals_the_hand_computed_example(hand_survey) -> None:
    results = survey_results(hand_survey)
    f = results.overall.factors
    assert [f[k].value for k in ("access", "procedure", "civil_servant", "result")] == [
        Decimal("0.75")
    ] * 4
    assert f["feedback"].value == 0
    assert results.overall.overall.value == Decimal("0.6")
    assert round(f["access"].low, 4) == Decimal("0.3006")
    assert round(f["access"].high, 4) == Decimal("0.9544")
    assert results.by_unit["so_tu_phap"].factors["access"].value == Decimal("0.5")


def test_summary_for_other_apps(hand_survey) -> None:
    summary = survey_summary(lao_cai(), 2020)
    assert summary is not None and summary.overall.value == Decimal("0.6")
    assert summary.respondents == 4 and summary.factors["result"].value == Decimal("0.75")
    assert survey_summary(lao_cai(), 2019) is None


def test_comparisons_with_last_year_and_the_target(hand_survey) -> None:
    hand_survey.previous_index = Decimal("0.5")
    hand_survey.target = Decimal("0.9")
    overall = survey_results(hand_survey).overall.overall
    cmp = comparisons(hand_survey, overall)
    assert cmp.previous_source == "published"
    assert cmp.previous.difference == Decimal("0.1")
    assert cmp.target.gap == Decimal("-0.3") and not cmp.target.met


def test_the_demo_survey_is_loaded_once_and_labelled(demo, client, users) -> None:
    from parindex.web.surveys.demo import RESPONSES, surveys_demo_load

    first = surveys_demo_load()
    assert surveys_demo_load().pk == first.pk
    assert first.is_demo and "minh họa" in first.title
    assert SurveyResponse.objects.filter(survey=first, source="demo").count() == RESPONSES
    summary = survey_summary(lao_cai(), 2020)
    assert summary is not None and summary.respondents == RESPONSES
    client.force_login(users["viewer"])
    html = client.get(f"/surveys/{first.pk}/results/").content.decode()
    assert "Cuộc khảo sát minh họa" in html
