"""Feeding a survey's figures into the province's assessment: who may, and at which versions.

Personas: the Sở Nội vụ officer who runs the survey and also prepares the province's
self-assessment (``officer``); the secretariat, who runs the survey and may feed its figures
into the assessment (the assessments' one rule for data sources, ``can_feed_inputs``); the
province's focal point, who enters inputs but does not run the survey.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse
from surveys_fixtures import *  # noqa: F403  (the survey fixtures)
from surveys_fixtures import lao_cai

from parindex.presentation.numbers import fmt_number
from parindex.surveys import results as core_results
from parindex.web.accounts.models import Role
from parindex.web.accounts.services import user_create
from parindex.web.assessments.demo import DEMO_PASSWORD
from parindex.web.assessments.models import AssessmentStatus, InputValue
from parindex.web.assessments.services.inputs import assessment_input_set
from parindex.web.audit.models import AuditEvent
from parindex.web.surveys.models import AppliedSurveyResult
from parindex.web.surveys.services.apply import (
    ApplyConflictError,
    ApplyNotAllowedError,
    survey_apply,
)
from parindex.web.surveys.services.selectors import fed_inputs

TWO_INPUTS = {
    "feeds": [
        {"node": "par-province-1149:3.4.1", "input": "on_time", "measure": "overall"},
        {"node": "par-province-1149:3.4.2", "input": "on_time", "measure": "overall"},
    ]
}


@pytest.fixture
def officer(users):
    secretariat = users["secretariat"]
    return user_create(
        username="snv_officer",
        password=DEMO_PASSWORD,
        unit=secretariat.unit,
        roles=[(Role.SECRETARIAT, secretariat.unit), (Role.FOCAL_POINT, lao_cai())],
    )


@pytest.fixture
def two_inputs(monkeypatch):
    monkeypatch.setattr(core_results, "SIPAS_FEEDS", TWO_INPUTS)


def shown_versions(assessment) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for i in fed_inputs(assessment):
        out.setdefault(i.node_code, {})[i.input_name] = i.version
    return out


def state(assessment) -> dict[str, object]:
    """What applying may change: the applied figures, the inputs, the audit trail."""
    return {
        "applied": list(AppliedSurveyResult.objects.values_list("node_code", "input_name")),
        "inputs": sorted(
            InputValue.objects.filter(assessment=assessment).values_list(
                "node_code", "input_name", "value", "version"
            )
        ),
        "audit": AuditEvent.objects.filter(action__in=["surveys.apply", "input.set"]).count(),
    }


def test_a_survey_scored_item_records_the_figure_with_provenance(hand_survey, demo, officer):
    rows = survey_apply(survey=hand_survey, assessment=demo, versions={}, actor=officer)
    assert [(r.node_code, r.input_name, r.value, r.written) for r in rows] == [
        ("DT.R", "sipas_index", "60", False)
    ]
    p = rows[0].provenance
    assert p["survey"] == hand_survey.pk and p["respondents"] == 4
    assert AuditEvent.objects.filter(action="surveys.apply", field="DT.R/sipas_index").exists()


def test_self_assessed_inputs_are_written_at_the_versions_the_page_showed(
    hand_survey, demo, officer, two_inputs
):
    before = {(i.node_code, i.input_name): i.version for i in fed_inputs(demo)}
    rows = survey_apply(
        survey=hand_survey, assessment=demo, versions=shown_versions(demo), actor=officer
    )
    assert [(r.node_code, r.value, r.written) for r in rows] == [
        ("3.4.1", "60", True),
        ("3.4.2", "60", True),
    ]
    for (node, name), version in before.items():
        stored = InputValue.objects.get(assessment=demo, node_code=node, input_name=name)
        assert (stored.value, stored.version) == ("60", version + 1 if version else 1)


@pytest.mark.parametrize("persona", ["focal", "head", "viewer"])
def test_an_actor_who_may_not_edit_the_inputs_or_run_the_survey_is_refused(
    hand_survey, demo, users, two_inputs, persona
):
    before = state(demo)
    with pytest.raises(ApplyNotAllowedError):
        survey_apply(
            survey=hand_survey, assessment=demo, versions=shown_versions(demo), actor=users[persona]
        )
    assert state(demo) == before


def test_an_input_changed_since_the_page_showed_it_is_a_conflict_and_nothing_is_written(
    hand_survey, demo, officer, users, two_inputs
):
    shown = shown_versions(demo)
    assessment_input_set(  # the focal point saves 3.4.2 meanwhile
        assessment=demo,
        node_code="3.4.2",
        values={"on_time": "7"},
        versions=shown["3.4.2"],
        actor=users["focal"],
    )
    before = state(demo)
    with pytest.raises(ApplyConflictError) as err:
        survey_apply(survey=hand_survey, assessment=demo, versions=shown, actor=officer)
    assert err.value.detail == {"node": "3.4.2", "names": ["on_time"]}
    assert state(demo) == before  # 3.4.1, written first, was rolled back too
    assert (
        InputValue.objects.get(assessment=demo, node_code="3.4.2", input_name="on_time").value
        == "7"
    )


def _posted(page: str) -> dict[str, str]:
    """The hidden fields of the results page's apply form."""
    found = dict(re.findall(r'name="(assessment|versions)" value="([^"]*)"', page))
    return {k: html.unescape(v) for k, v in found.items()}


def test_the_page_posts_the_versions_it_showed(client, hand_survey, demo, officer, two_inputs):
    client.force_login(officer)
    page = client.get(reverse("surveys:results", args=[hand_survey.pk])).content.decode()
    posted = _posted(page)
    assert json.loads(posted["versions"]) == shown_versions(demo)
    # the inputs it would overwrite by their label and the value they hold, in words
    held = InputValue.objects.get(assessment=demo, node_code="3.4.1", input_name="on_time")
    shown = f"3.4.1 Số hồ sơ giải quyết đúng hạn: {fmt_number(held.value)}"
    assert shown in page and "3.4.1/on_time" not in page
    r = client.post(reverse("surveys:apply", args=[hand_survey.pk]), posted)
    assert r.status_code == 302
    assert AppliedSurveyResult.objects.filter(written=True).count() == 2
    applied = AppliedSurveyResult.objects.get(node_code="3.4.1", input_name="on_time")
    page = client.get(reverse("surveys:results", args=[hand_survey.pk])).content.decode()
    line = f"3.4.1 Số hồ sơ giải quyết đúng hạn: {fmt_number(applied.value)} · đã ghi vào"
    assert line in page and "3.4.1/on_time" not in page


def test_a_stale_page_is_refused_with_409_and_nothing_changes(
    client, hand_survey, demo, officer, users, two_inputs
):
    client.force_login(officer)
    page = client.get(reverse("surveys:results", args=[hand_survey.pk])).content.decode()
    assessment_input_set(
        assessment=demo,
        node_code="3.4.1",
        values={"on_time": "9"},
        versions=shown_versions(demo)["3.4.1"],
        actor=users["focal"],
    )
    before = state(demo)
    r = client.post(reverse("surveys:apply", args=[hand_survey.pk]), _posted(page))
    assert r.status_code == 409
    assert "đã được thay đổi sau khi trang này được mở; không có gì được ghi" in r.content.decode()
    assert state(demo) == before
    # the page shown with the refusal carries the new versions: posting it again applies
    r = client.post(reverse("surveys:apply", args=[hand_survey.pk]), _posted(r.content.decode()))
    assert r.status_code == 302 and AppliedSurveyResult.objects.count() == 2


def test_a_post_without_versions_does_not_overwrite_a_stored_input(
    client, hand_survey, demo, officer, two_inputs
):
    assert any(i.version for i in fed_inputs(demo))  # the demo has stored these inputs
    client.force_login(officer)
    before = state(demo)
    r = client.post(reverse("surveys:apply", args=[hand_survey.pk]), {"assessment": demo.pk})
    assert r.status_code == 409 and state(demo) == before


@pytest.mark.parametrize("persona", ["focal", "viewer"])
def test_refusals_through_the_page_are_403_and_change_nothing(
    client, hand_survey, demo, users, persona
):
    client.force_login(users[persona])
    before = state(demo)
    r = client.post(
        reverse("surveys:apply", args=[hand_survey.pk]), {"assessment": demo.pk, "versions": "{}"}
    )
    assert r.status_code == 403 and state(demo) == before


def test_the_secretariat_may_apply_while_the_assessment_is_open(client, hand_survey, demo, users):
    client.force_login(users["secretariat"])
    page = client.get(reverse("surveys:results", args=[hand_survey.pk])).content.decode()
    assert 'name="versions"' in page


def test_once_submitted_the_secretariat_is_told_why_it_cannot_apply(
    client, hand_survey, demo, users
):
    type(demo).objects.filter(pk=demo.pk).update(status=AssessmentStatus.SUBMITTED)
    client.force_login(users["secretariat"])
    page = client.get(reverse("surveys:results", args=[hand_survey.pk])).content.decode()
    assert "thông số chỉ nhập được khi phiếu tự đánh giá còn mở" in page
    assert 'name="versions"' not in page
