from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from parindex.plans import (
    Lead,
    Measure,
    Plan,
    PlanError,
    Task,
    add_task,
    remove_task,
    set_area_text,
    set_fields,
    set_lead,
    set_target,
)


def test_set_target_changes_points_and_measures_and_leaves_the_original(plan: Plan) -> None:
    measure = Measure("rate", ">=", Decimal("99.5"), "%", "Tỷ lệ hồ sơ đúng hạn")
    edited = set_target(plan, "3.4.1", points=Decimal("1.49"), measures=[measure])
    target = edited.area("3").target("3.4.1")
    assert target is not None
    assert target.points == Decimal("1.49") and target.measures == (measure,)
    assert plan.area("3").target("3.4.1").points == Decimal("1.5")  # type: ignore[union-attr]
    assert edited.area("6") is plan.area("6")


def test_target_cannot_exceed_the_maximum(plan: Plan) -> None:
    with pytest.raises(PlanError, match="outside"):
        set_target(plan, "3.4.1", points=2)


def test_target_of_an_unknown_node_is_refused(plan: Plan) -> None:
    with pytest.raises(PlanError, match=r"no target for '9\.9'"):
        set_target(plan, "9.9", points=1)


def test_measure_operator_is_checked() -> None:
    with pytest.raises(PlanError, match="operator"):
        Measure("rate", "≥", Decimal(99))


def test_set_lead_replaces_the_lead_agencies(plan: Plan) -> None:
    edited = set_lead(plan, "3", ["Sở Nội vụ", Lead("Văn phòng UBND tỉnh", "TTHC")])
    assert edited.area("3").leads == (Lead("Sở Nội vụ"), Lead("Văn phòng UBND tỉnh", "TTHC"))
    assert edited.area("3").coordinating == plan.area("3").coordinating


def test_set_lead_needs_an_agency(plan: Plan) -> None:
    with pytest.raises(PlanError, match="at least one lead"):
        set_lead(plan, "3", [])


def test_a_department_focal_point_adds_and_removes_tasks(plan: Plan) -> None:
    task = Task("Xin lỗi người dân khi trễ hẹn", "Văn phòng UBND tỉnh", date(2021, 3, 31))
    edited = add_task(plan, "3", task)
    assert edited.area("3").tasks == (task,)
    assert edited.tasks() == [(edited.area("3"), task)]
    assert remove_task(edited, "3", 0).area("3").tasks == ()
    with pytest.raises(PlanError, match="no task 1"):
        remove_task(edited, "3", 1)


def test_a_task_needs_a_text(plan: Plan) -> None:
    with pytest.raises(PlanError, match="needs a text"):
        add_task(plan, "3", Task("  ", "Sở Nội vụ"))


def test_unknown_area_is_refused(plan: Plan) -> None:
    with pytest.raises(PlanError, match="no area '12'"):
        add_task(plan, "12", Task("x", "y"))


def test_set_fields_edits_the_document_not_the_figures(plan: Plan) -> None:
    edited = set_fields(plan, number="95", date=date(2021, 3, 5), signatory="Nguyễn Văn A")
    assert (edited.number, edited.date, edited.signatory) == (
        "95",
        date(2021, 3, 5),
        "Nguyễn Văn A",
    )
    with pytest.raises(PlanError, match="self_score"):
        set_fields(plan, self_score=Decimal(65))
    with pytest.raises(PlanError, match="colour"):
        set_fields(plan, colour="red")


def test_set_area_text_edits_wording_only(plan: Plan) -> None:
    edited = set_area_text(plan, "1", goal="Giữ vững điểm tối đa.")
    assert edited.area("1").goal == "Giữ vững điểm tối đa."
    with pytest.raises(PlanError, match="targets"):
        set_area_text(plan, "1", targets=())


@pytest.mark.parametrize(
    ("edit", "code", "params"),
    [
        (
            lambda p: set_target(p, "3.4.1", points=2),
            "points_range",
            {"target": "3.4.1", "points": Decimal(2), "max": Decimal("1.5")},
        ),
        (lambda p: set_target(p, "3.4.1", effort=0), "effort_range", {"target": "3.4.1"}),
        (lambda p: set_target(p, "9.9", points=1), "no_target", {"target": "9.9"}),
        (lambda p: set_lead(p, "3", []), "lead_missing", {"area": "3"}),
        (lambda p: add_task(p, "3", Task(" ", "Sở Nội vụ")), "task_text_missing", {"area": "3"}),
        (lambda p: remove_task(p, "3", 4), "no_task", {"area": "3", "index": 4}),
        (lambda p: add_task(p, "12", Task("x", "y")), "no_area", {"area": "12"}),
        (lambda p: set_area_text(p, "1", targets=()), "not_editable", {"fields": "targets"}),
        (
            lambda p: set_fields(p, self_score=1, colour=2),
            "not_editable",
            {"fields": "colour, self_score"},
        ),
    ],
)
def test_an_edit_error_carries_a_code_and_the_facts_to_word_it(
    plan: Plan, edit, code: str, params: dict[str, object]
) -> None:
    """The core names what is wrong; the web says it in the reader's language."""
    with pytest.raises(PlanError) as exc:
        edit(plan)
    assert exc.value.code == code
    assert {k: exc.value.params[k] for k in params} == params


def test_a_measure_operator_error_names_the_measure_and_operator() -> None:
    with pytest.raises(PlanError) as exc:
        Measure("rate", "≥", Decimal(99))
    assert (exc.value.code, exc.value.params) == (
        "measure_operator",
        {"measure": "rate", "op": "≥"},
    )
