"""Fixtures for the chart tests: Lào Cai's demo self-assessment and a small internal index."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parindex.core.assessment import load_assessment
from parindex.core.loader import load_framework
from parindex.core.model import Framework
from parindex.core.scoring import Scorecard, score
from parindex.demo import LAO_CAI_2020
from parindex.frameworks import find
from parindex.national import NationalResult

INTERNAL = """\
code: test-internal
title: "Bộ tiêu chí đánh giá xã, phường (thử)"
legal_basis: "QĐ thử nghiệm"
version: "1"
years: [2024]
unit_kind: commune
blocks:
  - {code: appraisal, title: "Thẩm định", max: 10}
nodes:
  - code: "1"
    title: "Công tác chỉ đạo, điều hành"
    max: 4
    children:
      - {code: "1.1", title: "Kế hoạch CCHC", max: 2, rule: {kind: manual}}
      - {code: "1.2", title: "Báo cáo định kỳ", max: 2, rule: {kind: manual}}
  - code: "2"
    title: "Cải cách thủ tục hành chính"
    max: 6
    children:
      - {code: "2.1", title: "Hồ sơ giải quyết đúng hạn", max: 4, rule: {kind: manual}}
      - {code: "2.2", title: "Dịch vụ công trực tuyến", max: 2, rule: {kind: manual}}
"""

#: Communes with their points per sub-criterion (1.1, 1.2, 2.1, 2.2) and totals.
COMMUNES = {
    "X01": ("Xã Bản Vược", (2, 2, 4, 1.5)),  # 9,5
    "X02": ("Phường Cốc Lếu", (2, 1.5, 3, 1)),  # 7,5
    "X03": ("Xã A Mú Sung", (1, 1, 2, 0.5)),  # 4,5
    "X04": ("Xã Trịnh Tường", (2, 1.5, 3.5, 0.5)),  # 7,5
}


@pytest.fixture(scope="session")
def lao_cai_card() -> Scorecard:
    """Lào Cai's secretariat entered its 2020 self-assessment (the demo file)."""
    data = load_assessment(LAO_CAI_2020.read_text(encoding="utf-8"), LAO_CAI_2020.name)
    framework = find(data.framework)
    return score(framework, data.inputs, data.previous, unit=data.unit_code, year=data.year)


@pytest.fixture(scope="session")
def internal_framework() -> Framework:
    return load_framework(INTERNAL, "internal.yaml")


@pytest.fixture(scope="session")
def commune_cards(internal_framework: Framework) -> list[Scorecard]:
    """The Sở Nội vụ appraised four communes for 2024."""
    codes = ("1.1", "1.2", "2.1", "2.2")
    return [
        score(
            internal_framework,
            {c: {"points": str(p)} for c, p in zip(codes, points, strict=True)},
            unit=unit,
            year=2024,
        )
        for unit, (_, points) in COMMUNES.items()
    ]


@pytest.fixture(scope="session")
def commune_names() -> dict[str, str]:
    return {unit: name for unit, (name, _) in COMMUNES.items()}


@pytest.fixture(scope="session")
def lao_cai_history() -> list[NationalResult]:
    """Lào Cai's published results (2019 from the seed; 2020 and 2021 invented examples)."""
    return [
        NationalResult("10", 2021, Decimal("86.40"), rank=9),
        NationalResult("10", 2019, Decimal("82.85"), Decimal("52.90"), Decimal("29.95"), 15),
        NationalResult("10", 2020, Decimal("84.10"), rank=12),
    ]
