"""Fixtures shared by tests/web/test_plans_*.py: the seed's plan drafted, issued, a clock."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from parindex.web.plans import services
from parindex.web.plans.models import Plan

__all__ = ["ISSUED_ON", "Today", "agency", "issued", "plan", "today"]

ISSUED_ON = datetime.date(2021, 3, 31)


class Today:
    """The plans services' clock, moved by tests across deadlines (``today.day = …``)."""

    def __init__(self, day: datetime.date) -> None:
        self.day = day

    def __call__(self) -> datetime.datetime:
        noon = datetime.datetime.combine(self.day, datetime.time(12))
        return timezone.make_aware(noon)


@pytest.fixture
def today(monkeypatch) -> Today:
    """Start on 1 March 2021, inside the plan year and before the Q1 deadline (15/3)."""
    fixed = Today(datetime.date(2021, 3, 1))
    monkeypatch.setattr(services, "now", fixed)
    return fixed


@pytest.fixture
def plan(demo, users) -> Plan:
    """The 2021 plan drafted by the secretariat from the seed's 2020 self-assessment."""
    return services.plan_generate(assessment=demo, actor=users["secretariat"])


@pytest.fixture
def issued(plan, users) -> Plan:
    services.plan_approve(plan=plan, actor=users["secretariat"])
    return services.plan_issue(
        plan=plan, number="12", issued_on=ISSUED_ON, actor=users["secretariat"]
    )


def agency(users, name: str):
    """The unit of a demo focal point ('focal-vp' → Văn phòng UBND tỉnh)."""
    return users[name].memberships.get().unit
