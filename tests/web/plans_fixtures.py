"""Fixtures shared by tests/web/test_plans_*.py: the seed's plan drafted, issued, a clock."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from parindex.web.plans import services
from parindex.web.plans.models import Plan

__all__ = ["ISSUED_ON", "Today", "agency", "issued", "plan", "today"]

ISSUED_ON = datetime.date(2021, 2, 26)  # before the Q1 deadline (15/3): it stays


class Today:
    """The one clock (time-machine), moved by tests across deadlines (``today.day = …``).

    Time stands still at noon of ``day``, for the plans services and everything else.
    """

    def __init__(self, machine, day: datetime.date) -> None:
        self.machine = machine
        self.day = day

    @property
    def day(self) -> datetime.date:
        return timezone.localdate()

    @day.setter
    def day(self, value: datetime.date) -> None:
        self.move_to(value)

    def move_to(self, day: datetime.date) -> None:
        noon = datetime.datetime.combine(day, datetime.time(12))
        self.machine.move_to(timezone.make_aware(noon), tick=False)

    def __call__(self) -> datetime.datetime:
        return timezone.now()


@pytest.fixture
def today(time_machine) -> Today:
    """Start on 1 March 2021, inside the plan year and before the Q1 deadline (15/3)."""
    return Today(time_machine, datetime.date(2021, 3, 1))


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
