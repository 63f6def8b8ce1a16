"""Builders shared by the core's tests: small frameworks written inline as YAML, and the demo."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from parindex.core.assessment import AssessmentData, load_assessment
from parindex.core.loader import load_framework
from parindex.core.model import Framework
from parindex.core.scoring import NodeScore, Scorecard, score
from parindex.frameworks import find

ROOT = Path(__file__).resolve().parents[2]
DEMO_PATH = ROOT / "src/parindex/demo/lao-cai-2020.yaml"

HEADER = """\
code: test-framework
title: "Bộ tiêu chí thử"
legal_basis: "QĐ thử nghiệm"
version: "1"
years: [2020]
unit_kind: province
"""

ONE_LEAF = (
    HEADER
    + """\
blocks:
  - {{code: appraisal, title: "Thẩm định", max: {max}}}
nodes:
  - code: "1"
    title: "Lĩnh vực"
    max: {max}
    children:
      - code: "1.1"
        title: "Tiêu chí thành phần"
        max: {max}
        inputs: {inputs}
        rule: {rule}
"""
)


def framework_text(nodes: str, *, blocks: str = "  - {code: appraisal, title: A, max: 1}\n") -> str:
    """A whole framework file around ``nodes`` (YAML list items indented by two spaces)."""
    return f"{HEADER}blocks:\n{blocks}nodes:\n{nodes}"


def one_leaf(rule: str, inputs: str = "{}", max: str = "1") -> Framework:
    """A framework with one area "1" holding one leaf "1.1" with this rule and these inputs."""
    return load_framework(ONE_LEAF.format(max=max, inputs=inputs, rule=rule), "one-leaf.yaml")


def leaf_score(
    framework: Framework,
    values: Mapping[str, object],
    previous: Mapping[str, object] | None = None,
    code: str = "1.1",
) -> NodeScore:
    """Score one leaf's raw inputs (and last year's) and return that leaf's line."""
    card = score(framework, {code: values}, {code: previous} if previous is not None else None)
    return card[code]


def line_of(text: str, marker: str, nth: int = 1) -> int:
    """1-based line number of the ``nth`` line containing ``marker``."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if marker in line]
    return hits[nth - 1]


def load_demo() -> tuple[AssessmentData, Scorecard]:
    """Lào Cai's 2020 self-assessment, scored with the framework it names."""
    data = load_assessment(DEMO_PATH.read_text(encoding="utf-8"), DEMO_PATH.name)
    framework = find(data.framework)
    card = score(framework, data.inputs, data.previous, unit=data.unit_code, year=data.year)
    return data, card
