from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.plans import (
    Measure,
    Plan,
    PlanError,
    Task,
    add_task,
    plan_from_dict,
    plan_from_json,
    plan_to_dict,
    plan_to_json,
    set_fields,
    set_target,
)


def test_round_trip_gives_an_equal_plan(plan: Plan) -> None:
    edited = add_task(plan, "7", Task("Tích hợp DVC", "Sở TT&TT", date(2021, 6, 30)))
    edited = set_fields(edited, date=date(2021, 3, 5), number="95")
    assert plan_from_json(plan_to_json(edited)) == edited
    assert plan_from_dict(plan_to_dict(edited)) == edited


def test_json_is_stable_and_readable(plan: Plan) -> None:
    text = plan_to_json(plan)
    assert text == plan_to_json(plan_from_json(text))
    data = json.loads(text)
    assert data["schema"] == "parindex/plan/1"
    assert data["self_score"] == "61.4203"  # decimals as strings: no float rounding
    assert data["areas"][2]["targets"][0]["measures"][0] == {
        "name": "rate",
        "op": ">=",
        "value": "99",
        "unit": "%",
        "title": "Tỷ lệ hồ sơ giải quyết đúng hạn",
    }
    assert "Lào Cai" in text  # Vietnamese kept as text, not \u escapes


def test_stored_plan_of_another_schema_is_refused(plan: Plan) -> None:
    data = plan_to_dict(plan) | {"schema": "parindex/plan/0"}
    with pytest.raises(PlanError, match="schema"):
        plan_from_dict(data)


def test_missing_field_is_named(plan: Plan) -> None:
    data = plan_to_dict(plan)
    del data["areas"][0]["goal"]
    with pytest.raises(PlanError, match=r"plan\.areas\[0\]: 'goal' is missing"):
        plan_from_dict(data)


def test_bad_decimal_is_named(plan: Plan) -> None:
    data = plan_to_dict(plan)
    data["self_score"] = "sáu mươi"
    with pytest.raises(PlanError, match=r"plan\.self_score"):
        plan_from_dict(data)


def test_not_json_is_refused() -> None:
    with pytest.raises(PlanError, match="not JSON"):
        plan_from_json("{")


@settings(max_examples=40, deadline=None)
@given(
    points=st.decimals(min_value=0, max_value="1.5", places=4),
    value=st.decimals(min_value=0, max_value=100, places=4),
    op=st.sampled_from([">=", ">", "=", "<=", "<"]),
    text=st.text(min_size=1, max_size=40).filter(str.strip),
)
def test_any_edit_survives_the_round_trip(
    plan: Plan, points: Decimal, value: Decimal, op: str, text: str
) -> None:
    edited = set_target(plan, "3.4.1", points=points, measures=[Measure("rate", op, value, "%")])
    edited = add_task(edited, "3", Task(text, text))
    assert plan_from_json(plan_to_json(edited)) == edited
