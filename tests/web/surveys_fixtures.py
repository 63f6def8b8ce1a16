"""Shared fixtures of the survey tests: a SIPAS survey of Lào Cai and a hand-computed example."""

from __future__ import annotations

import pytest

from parindex.web.organisations.models import Unit, UnitKind
from parindex.web.surveys.models import Access, Survey, SurveyResponse, SurveyStatus
from parindex.web.surveys.services.questionnaire import (
    _FORMS,
    form_of,
    survey_create,
    survey_status_set,
)
from parindex.web.surveys.services.responses import encode_answers

KOBO = "tests/surveys/data/kobo_example.csv"

# Four respondents, satisfaction answers per factor (feedback only from the one who gave it).
# Hand-computed: access 3/4, procedure 3/4, civil servant 3/4, result 3/4, feedback 0/1
# → factor indices 75 %, 75 %, 75 %, 75 %, 0 %; overall = (4 × 75 + 0) / 5 = 60 %.
# Wilson 95 % for 3 of 4 (z = 1,959964): centre 0,627530, half-width 0,326886
# → [30,06 %; 95,44 %].
HAND = [
    ("ttphvhcc", {"access_sat": "5", "proc_sat": "4", "cs_sat": "2", "res_sat": "4"}, None),
    ("ttphvhcc", {"access_sat": "4", "proc_sat": "3", "cs_sat": "4", "res_sat": "5"}, "1"),
    ("so_tu_phap", {"access_sat": "2", "proc_sat": "4", "cs_sat": "5", "res_sat": "3"}, None),
    ("so_tu_phap", {"access_sat": "4", "proc_sat": "5", "cs_sat": "4", "res_sat": "4"}, None),
]


def full_answers(unit: str = "ttphvhcc", **over: object) -> dict[str, object]:
    """A complete, valid answer to the shipped SIPAS form."""
    form = form_of(Survey(form_sheets={}, form_sha256="sipas-shipped"))
    answers: dict[str, object] = {}
    for q in form.items():
        codes = form.choice_codes(q)
        if q.type == "select_one":
            answers[q.name] = "4" if q.list_name == "scale5" else codes[0]
        elif q.type == "select_multiple":
            answers[q.name] = (codes[0],)
    answers["unit"] = unit
    answers["fb_given"] = "khong"
    for name in ("fb_channel", "fb_handled", "fb_informed", "fb_sat"):
        answers.pop(name, None)
    answers.update(over)
    return answers


def lao_cai() -> Unit:
    return Unit.objects.get(kind=UnitKind.PROVINCE, code="10", valid_from=None)


@pytest.fixture
def survey(users) -> Survey:
    """An open SIPAS survey of Lào Cai for 2020, answered with invitation codes."""
    s = survey_create(province=lao_cai(), title="SIPAS 2020", year=2020, actor=users["secretariat"])
    survey_status_set(survey=s, status=SurveyStatus.OPEN, actor=None)
    # the shipped form parsed once is reused by full_answers()
    _FORMS.setdefault("sipas-shipped", form_of(s))
    return s


@pytest.fixture
def open_survey(users) -> Survey:
    s = survey_create(
        province=lao_cai(),
        title="SIPAS mở",
        year=2020,
        actor=users["secretariat"],
        access=Access.OPEN,
        slug="sipas-mo",
    )
    survey_status_set(survey=s, status=SurveyStatus.OPEN, actor=None)
    _FORMS.setdefault("sipas-shipped", form_of(s))
    return s


@pytest.fixture
def hand_survey(survey) -> Survey:
    """The survey with the four hand-computed responses."""
    for i, (unit, sat, fb) in enumerate(HAND, start=1):
        over: dict[str, object] = dict(sat)
        if fb is not None:
            over.update(
                fb_given="co", fb_channel="co", fb_handled="co", fb_informed="co", fb_sat=fb
            )
        answers = full_answers(unit, **over)
        SurveyResponse.objects.create(
            survey=survey,
            source="web",
            source_id=f"hand-{i}",
            unit_code=unit,
            service_code=str(answers["service"]),
            answers=encode_answers(answers),
        )
    return survey
