"""Demo: a SIPAS survey of Lào Cai with a few hundred synthetic responses, labelled as demo.

The answers are drawn with a fixed seed (so the demo's figures are stable); they are invented
and the survey, its pages and its public form say so.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from parindex.surveys import load_sipas
from parindex.web.organisations.models import Unit, UnitKind
from parindex.web.surveys.models import (
    ResponseSource,
    Survey,
    SurveyResponse,
    SurveyStatus,
)
from parindex.web.surveys.services.invitations import invitation_codes_generate
from parindex.web.surveys.services.questionnaire import survey_create
from parindex.web.surveys.services.responses import encode_answers
from parindex.web.surveys.services.sampling import quota_set

DEMO_SLUG = "sipas-lao-cai-2020-minh-hoa"
DEMO_TITLE = "Khảo sát SIPAS tỉnh Lào Cai năm 2020 (dữ liệu minh họa)"
RESPONSES = 320
# Invented populations (dossiers received) per unit of the shipped form, and the demo
# department each is linked to (its focal point sees that unit's results).
POPULATIONS = {
    "ttphvhcc": (12000, None),
    "so_tu_phap": (2600, "STP"),
    "so_nnmt": (3100, None),
    "so_xay_dung": (900, None),
    "so_tai_chinh": (700, "STC"),
    "ubnd_xa": (25000, None),
}


def _answers(rng: random.Random, form, mood: float) -> dict[str, object]:  # type: ignore[no-untyped-def]
    answers: dict[str, object] = {}
    for q in form.items():
        codes = form.choice_codes(q)
        if q.type == "select_one" and q.list_name == "scale5":
            weights = [0.03, 0.07 + 0.1 * (1 - mood), 0.15, 0.45, 0.2 + 0.2 * mood]
            answers[q.name] = rng.choices(codes, weights)[0]
        elif q.type == "select_one" and q.list_name == "yes_no":
            answers[q.name] = "co" if rng.random() < 0.7 + 0.25 * mood else "khong"
        elif q.type == "select_one":
            answers[q.name] = rng.choice(codes)
        elif q.type == "select_multiple":
            answers[q.name] = tuple(rng.sample(codes, rng.randint(1, 3)))
    if answers.get("fb_given") != "co":
        for name in ("fb_channel", "fb_handled", "fb_informed", "fb_sat"):
            answers.pop(name, None)
    return answers


@transaction.atomic
def surveys_demo_load() -> Survey:
    """Create the demo survey (idempotent: an existing one is returned as it is)."""
    existing = Survey.objects.filter(slug=DEMO_SLUG).first()
    if existing is not None:
        return existing
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="10", valid_from=None)
    survey = survey_create(
        province=province,
        title=DEMO_TITLE,
        year=2020,
        actor=None,
        target=Decimal("0.90"),
        previous_index=Decimal("0.80"),
        is_demo=True,
        slug=DEMO_SLUG,
    )
    agencies = {u.short_name: u for u in Unit.objects.filter(parent=province)}
    for code, (population, agency) in POPULATIONS.items():
        quota_set(
            survey=survey,
            unit_code=code,
            population=population,
            org_unit=agencies.get(agency) if agency else None,
            actor=None,
        )
    form = load_sipas()
    rng = random.Random(2020)
    units = list(POPULATIONS)
    moods = {u: rng.random() for u in units}
    rows = []
    for i in range(1, RESPONSES + 1):
        unit = rng.choices(units, [3, 2, 2, 1, 1, 3])[0]
        answers = _answers(rng, form, moods[unit])
        answers["unit"] = unit
        rows.append(
            SurveyResponse(
                survey=survey,
                source=ResponseSource.DEMO,
                source_id=f"demo-{i:04d}",
                unit_code=unit,
                service_code=str(answers.get("service", "")),
                answers=encode_answers(answers),
                submitted_at=f"2020-{(i % 10) + 3:02d}-{(i % 27) + 1:02d}T09:00:00",
            )
        )
    SurveyResponse.objects.bulk_create(rows)
    invitation_codes_generate(survey=survey, count=50, actor=None)
    survey.status = SurveyStatus.OPEN
    survey.save(update_fields=["status"])
    return survey
