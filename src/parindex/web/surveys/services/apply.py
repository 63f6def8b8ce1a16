"""Feeding a survey's figures into an assessment of the same province."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from parindex.surveys import framework_inputs
from parindex.surveys.results import SIPAS_FEEDS
from parindex.web.accounts.models import User
from parindex.web.audit.services import audit_record
from parindex.web.surveys.models import AppliedSurveyResult, Survey, SurveyResponse
from parindex.web.surveys.services.errors import SurveyServiceError
from parindex.web.surveys.services.results import survey_results


def survey_apply(
    *, survey: Survey, assessment: Any, actor: User | None
) -> list[AppliedSurveyResult]:
    """Hand the survey's figures to the framework items of the assessment that use them.

    The feeds (``parindex/surveys/feeds.yaml``) say which node and input each figure goes to.
    An input of a self-assessed sub-criterion is written through the assessments service (its
    locks, deadlines and optimistic versions apply); a survey-scored item (the Ministry scores
    it) only records the figure with its provenance, for the council and the report.
    """
    from parindex.web.assessments.models import InputValue as StoredInput
    from parindex.web.assessments.services import assessment_input_set

    framework_version = assessment.campaign.framework_version
    results = survey_results(survey)
    values = framework_inputs(results, SIPAS_FEEDS, framework=framework_version.code)
    if not values:
        raise SurveyServiceError("nothing_to_apply")
    framework = framework_version.framework()
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
        for node_code, inputs in values.items():
            node = framework.get(node_code)
            if node is None:
                continue
            writable = node.is_leaf and node.scored_by == "self"
            texts = {name: format(v.normalize(), "f") for name, v in inputs.items()}
            if writable and all(node.input(n) is not None for n in texts):
                versions = dict(
                    StoredInput.objects.filter(
                        assessment=assessment, node_code=node_code
                    ).values_list("input_name", "version")
                )
                assessment_input_set(
                    assessment=assessment,
                    node_code=node_code,
                    values=texts,
                    versions=versions,
                    actor=actor,
                )
            else:
                writable = False
            for name, text in texts.items():
                rows.append(
                    AppliedSurveyResult.objects.create(
                        assessment=assessment,
                        survey=survey,
                        node_code=node_code,
                        input_name=name,
                        value=text,
                        written=writable,
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
    if not rows:
        raise SurveyServiceError("nothing_to_apply")
    return rows
