"""Plan reports, plan defaults and stored plans built to explode are refused as a PlanError."""

from __future__ import annotations

import pytest

from bombs import ALIAS_BOMB, DEEP
from parindex.core.limits import CODE
from parindex.plans import PlanError, load_defaults, plan_from_json
from parindex.plans.progress import load_reports


@pytest.mark.parametrize("load", [load_reports, load_defaults], ids=["reports", "defaults"])
@pytest.mark.parametrize(
    ("text", "limit"), [(ALIAS_BOMB, "yaml_nodes"), (DEEP, "yaml_depth")], ids=["aliases", "deep"]
)
def test_a_plan_yaml_built_to_explode_is_a_plan_error_with_the_limit(load, text, limit):
    with pytest.raises(PlanError) as excinfo:
        load(text, "bomb.yaml")

    assert (excinfo.value.code, excinfo.value.params["limit"]) == (CODE, limit)
    assert str(excinfo.value).startswith("bomb.yaml: ")


def test_a_stored_plan_nested_deeper_than_the_stack_is_a_plan_error():
    with pytest.raises(PlanError) as excinfo:
        plan_from_json(DEEP)

    assert (excinfo.value.code, excinfo.value.params) == (CODE, {"limit": "json_depth"})
