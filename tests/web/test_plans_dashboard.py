"""The province dashboard's plan sections come from the plans app: its numbers are the plan's."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from plans_fixtures import *  # noqa: F403 (fixtures: plan, issued, today)
from plans_fixtures import agency
from test_dashboards_pages import table

from parindex.plans.progress import Period, consolidate
from parindex.presentation.numbers import fmt_points
from parindex.web.plans import dashboard, follow, services
from parindex.web.plans.models import PlanStatus

pytestmark = pytest.mark.django_db


def province_page(client, demo) -> str:
    response = client.get(reverse("dashboards:province", args=[demo.unit.pk]))
    assert response.status_code == 200
    return response.content.decode()


def report(issued, users, key: str, status: str, rate: str | None = None) -> None:
    services.item_report_submit(
        period=issued.periods.get(period="Q1"),
        item_key=key,
        agency=agency(users, "focal-vp"),
        status=status,
        measured={"rate": rate} if rate else {},
        actor=users["focal-vp"],
    )


def test_progress_equals_the_plans_consolidation(as_user, demo, users, issued, today) -> None:
    report(issued, users, "3.4.1", "done", "99.5")
    report(issued, users, "3.4.2", "at_risk", "97")
    counts = dashboard.plan_progress(province=demo.unit, year=2020)
    pure = services.plan_current(issued)
    rows = [follow.pure_report(r, Period.Q1) for r in issued.periods.get(period="Q1").reports.all()]
    cons = consolidate(
        pure, rows, Period.Q1, 2021, today.day, framework=follow.framework_of(issued)
    )
    assert counts is not None
    assert counts["done"] == cons.total.done == 1
    assert counts["in_progress"] == cons.total.in_progress + cons.total.reported_at_risk == 1
    assert counts["not_started"] == cons.total.not_started + cons.total.not_reported
    assert counts["overdue"] == 0 and counts["reports_overdue"] == 0  # before 15/3
    assert sum(counts[c] for c in ("done", "in_progress", "not_started", "overdue")) == (
        cons.total.items
    )
    rows = table(province_page(as_user("viewer"), demo), "progress")
    assert rows[0] == ["Đã hoàn thành", "1"]
    assert ["Đang thực hiện", "1"] in rows
    assert ["Chưa thực hiện", str(counts["not_started"])] in rows


def test_overdue_reports_after_the_deadline(as_user, demo, users, issued, today) -> None:
    report(issued, users, "3.4.1", "in_progress", "98")
    today.day = datetime.date(2021, 3, 20)  # Q1 reports were due on 15/3; H1 is current now
    counts = dashboard.plan_progress(province=demo.unit, year=2020)
    q1 = issued.periods.get(period="Q1")
    cons = follow.consolidation(
        services.plan_current(issued),
        q1.reports.all(),
        "Q1",
        2021,
        today.day,
        framework=follow.framework_of(issued),
        deadline=q1.deadline,
    )
    missing = sum(len(o.items) for o in cons.overdue)
    assert counts is not None and missing > 0
    assert counts["reports_overdue"] == missing == cons.total.items - 1
    rows = table(province_page(as_user("secretariat"), demo), "progress")
    assert ["Báo cáo quá hạn", str(missing)] in rows


def test_area_targets_are_the_plans_targets(as_user, demo, issued) -> None:
    pure = services.plan_current(issued)
    targets = dashboard.area_targets(province=demo.unit, year=2020)
    assert targets is not None and set(targets) == {a.code for a in pure.areas}
    for area in pure.areas:
        gain = sum((t.points - t.base_score for t in area.targets), Decimal(0))
        assert targets[area.code] == min(area.self_score + gain, area.self_max)
        assert area.self_score <= targets[area.code] <= area.self_max
    rows = table(province_page(as_user("viewer"), demo), "areas")
    assert len(rows[0]) == 4  # area, 2020, target, maximum
    for row, area in zip(rows, pure.areas, strict=True):
        assert row[2] == fmt_points(targets[area.code])


def test_hidden_without_an_issued_plan(as_user, demo, plan) -> None:
    assert plan.status == PlanStatus.DRAFT
    assert dashboard.plan_progress(province=demo.unit, year=2020) is None
    assert dashboard.area_targets(province=demo.unit, year=2020) is None
    html = province_page(as_user("viewer"), demo)
    assert 'id="progress"' not in html
    assert len(table(html, "areas")[0]) == 3  # no target column


def test_another_years_plan_is_not_shown(demo, issued) -> None:
    assert dashboard.plan_progress(province=demo.unit, year=2021) is None
    assert dashboard.area_targets(province=demo.unit, year=2019) is None


def test_a_department_focal_point_does_not_see_the_plan_progress(
    as_user, demo, issued, today
) -> None:
    client = as_user("focal-vp")
    response = client.get(reverse("dashboards:province", args=[demo.unit.pk]))
    assert response.status_code == 404
    internal = client.get(reverse("dashboards:internal", args=[demo.unit.pk]))
    assert internal.status_code == 200 and 'id="progress"' not in internal.content.decode()
