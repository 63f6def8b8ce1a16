"""The core reads assessment and framework YAML within its limits, whoever hands it in."""

from __future__ import annotations

from pathlib import Path

import pytest

from bombs import ALIAS_BOMB, DEEP
from parindex.core.assessment import load_assessment
from parindex.core.errors import FrameworkError, InputError
from parindex.core.limits import CODE, YAML_LIMITS
from parindex.core.loader import load_framework

DEMO = Path(__file__).resolve().parents[2] / "src/parindex/demo/lao-cai-2020.yaml"


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        (ALIAS_BOMB, "yaml_nodes"),
        (DEEP, "yaml_depth"),
        ("a: &loop [1, *loop]\n", "yaml_recursive_alias"),
        ("unit: " + "x" * YAML_LIMITS.max_bytes, "yaml_bytes"),
    ],
)
def test_an_assessment_built_to_explode_is_one_input_problem(text, limit):
    # The refusal itself is the bound (no timed assertion: the suite never times itself; the
    # limits' cost is in benchmarks/README.md).
    with pytest.raises(InputError) as excinfo:
        load_assessment(text, "bomb.yaml")

    (problem,) = excinfo.value.problems
    assert (problem.code, problem.source, problem.params["limit"]) == (CODE, "bomb.yaml", limit)


def test_a_framework_built_to_explode_is_one_framework_problem():
    with pytest.raises(FrameworkError) as excinfo:
        load_framework(ALIAS_BOMB, "bomb.yaml")
    (problem,) = excinfo.value.problems
    assert (problem.code, problem.params["limit"]) == (CODE, "yaml_nodes")


def test_the_shipped_assessment_reads_within_the_limits():
    data = load_assessment(DEMO.read_text(encoding="utf-8"), DEMO.name)
    assert (data.unit_code, data.year) == ("10", 2020)
