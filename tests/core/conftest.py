from __future__ import annotations

import pytest
from core_helpers import load_demo

from parindex.core.assessment import AssessmentData
from parindex.core.scoring import Scorecard


@pytest.fixture(scope="session")
def lao_cai() -> tuple[AssessmentData, Scorecard]:
    """Lào Cai's secretariat entered its 2020 self-assessment (the demo file)."""
    return load_demo()


@pytest.fixture(scope="session")
def lao_cai_card(lao_cai: tuple[AssessmentData, Scorecard]) -> Scorecard:
    return lao_cai[1]
