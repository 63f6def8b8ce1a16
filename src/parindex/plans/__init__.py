"""Improvement plans: drafted from a scorecard, edited as data, stored as JSON (no Django)."""

from parindex.plans.defaults import PlanDefaults, load_defaults, shipped_defaults
from parindex.plans.edit import (
    add_task,
    remove_task,
    set_area_text,
    set_fields,
    set_lead,
    set_target,
)
from parindex.plans.generate import generate_plan, plan_from_assessment
from parindex.plans.model import (
    BASES,
    Content,
    CouncilChange,
    Duty,
    Lead,
    Measure,
    Plan,
    PlanArea,
    PlanError,
    Target,
    Task,
)
from parindex.plans.serialize import plan_from_dict, plan_from_json, plan_to_dict, plan_to_json

__all__ = [
    "BASES",
    "Content",
    "CouncilChange",
    "Duty",
    "Lead",
    "Measure",
    "Plan",
    "PlanArea",
    "PlanDefaults",
    "PlanError",
    "Target",
    "Task",
    "add_task",
    "generate_plan",
    "load_defaults",
    "plan_from_assessment",
    "plan_from_dict",
    "plan_from_json",
    "plan_to_dict",
    "plan_to_json",
    "remove_task",
    "set_area_text",
    "set_fields",
    "set_lead",
    "set_target",
    "shipped_defaults",
]
