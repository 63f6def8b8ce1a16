from __future__ import annotations

import pytest

from parindex import frameworks
from parindex.core.assessment import AssessmentData, load_assessment
from parindex.core.model import Framework
from parindex.core.scoring import Scorecard, score
from parindex.demo import LAO_CAI_2020
from parindex.plans import Plan, PlanDefaults, generate_plan, shipped_defaults


@pytest.fixture(scope="session")
def lao_cai() -> AssessmentData:
    """Lào Cai's secretariat entered its 2020 self-assessment (the demo file)."""
    return load_assessment(LAO_CAI_2020.read_text(encoding="utf-8"), LAO_CAI_2020.name)


@pytest.fixture(scope="session")
def framework(lao_cai: AssessmentData) -> Framework:
    return frameworks.find(lao_cai.framework)


@pytest.fixture(scope="session")
def card(lao_cai: AssessmentData, framework: Framework) -> Scorecard:
    return score(framework, lao_cai.inputs, unit=lao_cai.unit_name, year=lao_cai.year)


@pytest.fixture(scope="session")
def defaults() -> PlanDefaults:
    return shipped_defaults("par-province-1149")


@pytest.fixture(scope="session")
def plan(lao_cai: AssessmentData, card: Scorecard, defaults: PlanDefaults) -> Plan:
    """The secretariat drafts the 2021 plan from the 2020 self-assessment."""
    return generate_plan(
        card,
        comments=lao_cai.comments,
        defaults=defaults,
        previous_result=lao_cai.previous_result,
        unit_code=lao_cai.unit_code,
    )
