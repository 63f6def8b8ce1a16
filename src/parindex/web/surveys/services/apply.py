"""Feeding a survey's figures into an assessment of the same province."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from parindex.surveys import framework_inputs
from parindex.surveys import results as core_results
from parindex.web.accounts.models import User
from parindex.web.assessments.permissions import can_feed_inputs
from parindex.web.assessments.services.errors import InputConflictError
from parindex.web.assessments.services.inputs import assessment_input_set
from parindex.web.audit.services import audit_record
from parindex.web.surveys.models import AppliedSurveyResult, Survey, SurveyResponse
from parindex.web.surveys.permissions import can_manage
from parindex.web.surveys.services.errors import SurveyServiceError
from parindex.web.surveys.services.results import survey_results
from parindex.web.surveys.services.selectors import writable


class ApplyNotAllowedError(SurveyServiceError):
    """The actor may not feed this survey into this assessment (403 at the edge)."""

    def __init__(self, reason: str) -> None:
        super().__init__("apply_not_allowed", reason=reason)


class ApplyConflictError(SurveyServiceError):
    """An input changed since the page showed it (optimistic lock); nothing was written."""

    def __init__(self, node_code: str, names: list[str]) -> None:
        super().__init__("apply_conflict", node=node_code, names=names)


def survey_apply(
    *,
    survey: Survey,
    assessment: Any,
    versions: Mapping[str, Mapping[str, int]],
    actor: User,
) -> list[AppliedSurveyResult]:
    """Hand the survey's figures to the framework items of the assessment that use them.

    The feeds (``parindex/surveys/feeds.yaml``) say which node and input each figure goes to.
    An input of a self-assessed sub-criterion is written through the assessments service (its
    locks and deadlines apply) against ``versions``, the ``{node: {input: version}}`` the page
    showed (``selectors.fed_inputs``; missing: 0, empty): an input changed since is
    :class:`ApplyConflictError` and nothing is written. A survey-scored item (the Ministry
    scores it) only records the figure with its provenance, for the council and the report.

    Refused (:class:`ApplyNotAllowedError`, nothing written) unless the actor manages the
    survey, the assessment is of the survey's province, and the actor may fill the
    assessment's inputs from a data source (the assessments' one rule for feeds,
    ``permissions.can_feed_inputs``: the campaign's secretariat or the unit's focal point);
    the assessments service refuses writes once the assessment is no longer open.
    """
    if not can_manage(actor, survey) or assessment.unit_id != survey.province_id:
        raise ApplyNotAllowedError("survey")
    if not can_feed_inputs(actor, assessment):
        raise ApplyNotAllowedError("assessment")
    framework_version = assessment.campaign.framework_version
    results = survey_results(survey)
    values = framework_inputs(results, core_results.SIPAS_FEEDS, framework=framework_version.code)
    framework = framework_version.framework()
    plan = []
    for node_code, inputs in values.items():
        node = framework.get(node_code)
        if node is None:
            continue
        texts = {name: format(v.normalize(), "f") for name, v in inputs.items()}
        written = writable(node, texts)
        plan.append((node_code, texts, written))
    if not plan:
        raise SurveyServiceError("nothing_to_apply")
    group = results.overall
    provenance = {
        "survey": survey.pk,
        "survey_title": survey.title,
        "year": survey.year,
        "respondents": group.respondents,
        "responses": SurveyResponse.objects.filter(survey=survey).count(),
        "form_sha256": survey.form_sha256,
        "method": "share of 4-5 answers, factors averaged (docs/sipas.md)",
        "low": str(group.overall.low),
        "high": str(group.overall.high),
        "demo": survey.is_demo,
        "computed_at": timezone.now().isoformat(timespec="seconds"),
    }
    rows = []
    with transaction.atomic():
        for node_code, texts, written in plan:
            if written:
                try:
                    assessment_input_set(
                        assessment=assessment,
                        node_code=node_code,
                        values=texts,
                        versions=versions.get(node_code, {}),
                        actor=actor,
                        feed=True,
                    )
                except InputConflictError as exc:
                    raise ApplyConflictError(node_code, exc.names) from exc
            for name, text in texts.items():
                rows.append(
                    AppliedSurveyResult.objects.create(
                        assessment=assessment,
                        survey=survey,
                        node_code=node_code,
                        input_name=name,
                        value=text,
                        written=written,
                        provenance=provenance,
                        applied_by=actor,
                    )
                )
                audit_record(
                    actor=actor,
                    action="surveys.apply",
                    obj=assessment,
                    object_type="assessment",
                    field=f"{node_code}/{name}",
                    after=text,
                )
    return rows
