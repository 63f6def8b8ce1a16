"""The plans app's answers to the dashboards' signals (connected in ``PlansConfig``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from parindex.web.organisations.models import Unit
from parindex.web.plans import dashboard


def plan_progress(
    sender: object, province: Unit, year: int, **kwargs: Any
) -> dict[str, int] | None:
    return dashboard.plan_progress(province=province, year=year)


def area_targets(
    sender: object, province: Unit, year: int, **kwargs: Any
) -> dict[str, Decimal] | None:
    return dashboard.area_targets(province=province, year=year)
