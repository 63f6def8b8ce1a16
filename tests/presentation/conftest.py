from __future__ import annotations

from pathlib import Path

import pytest

from parindex.core.assessment import AssessmentData, load_assessment
from parindex.core.scoring import Scorecard, score
from parindex.frameworks import find

ROOT = Path(__file__).resolve().parents[2]
DEMO_PATH = ROOT / "src/parindex/demo/lao-cai-2020.yaml"
SEED_PATH = ROOT / ".." / "shared" / "seed" / "000_df62612051fa5eae.txt"


@pytest.fixture(scope="session")
def lao_cai() -> tuple[AssessmentData, Scorecard]:
    """Lào Cai's secretariat entered its 2020 self-assessment (the demo file)."""
    data = load_assessment(DEMO_PATH.read_text(encoding="utf-8"), DEMO_PATH.name)
    card = score(
        find(data.framework), data.inputs, data.previous, unit=data.unit_code, year=data.year
    )
    return data, card


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    """The seed's lines, without the list marks ('- ', '+ ') it puts in front of them."""
    if not SEED_PATH.is_file():
        pytest.skip(f"the seed document is not here: {SEED_PATH.resolve()}")
    lines = SEED_PATH.read_text(encoding="utf-8").splitlines()
    return [line.strip().removeprefix("- ").removeprefix("+ ") for line in lines]
