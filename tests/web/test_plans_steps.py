"""Plans: issuing asks first and moves deadlines after the issue date; a second plan for a
year with an issued one is warned about; the dashboard counts the latest report filed."""

from __future__ import annotations

import datetime

import pytest
from dbstate import assert_unchanged
from django.urls import reverse
from plans_fixtures import *  # noqa: F403 (fixtures: plan, issued, today)
from plans_fixtures import agency

from parindex.web.audit.models import AuditEvent
from parindex.web.plans import dashboard, services
from parindex.web.plans.models import Plan, PlanStatus

pytestmark = pytest.mark.django_db


def deadlines(plan: Plan) -> dict[str, datetime.date]:
    return {p.period: p.deadline for p in plan.periods.all()}


def test_issuing_after_a_deadline_moves_it_after_the_issue_date(plan, users) -> None:
    services.plan_approve(plan=plan, actor=users["secretariat"])
    issued = services.plan_issue(
        plan=plan, number="12", issued_on=datetime.date(2021, 3, 31), actor=users["secretariat"]
    )
    assert deadlines(issued) == {
        "Q1": datetime.date(2021, 4, 15),  # 15/3 had passed: 15 days after 31/3
        "H1": datetime.date(2021, 6, 15),
        "Q3": datetime.date(2021, 9, 15),
        "YEAR": datetime.date(2021, 11, 15),
    }
    moved = AuditEvent.objects.get(action="plans.deadline", field="Q1")
    assert (moved.before, moved.after) == ("2021-03-15", "2021-04-15")


def test_issue_asks_first_and_shows_the_deadlines(as_user, plan, users) -> None:
    services.plan_approve(plan=plan, actor=users["secretariat"])
    client = as_user("secretariat")
    target = reverse("plans:issue", args=[plan.pk])
    detail = client.get(plan.get_absolute_url()).content.decode()
    assert f'<form method="get" action="{target}">' in detail
    with assert_unchanged(plan):
        page = client.get(target, {"number": "12", "issued_on": "31/03/2021"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kế hoạch được ban hành với số 12/KH-UBND, ngày 31/03/2021." in html
    assert '<li><span class="node-code">Quý I</span>: 15/04/2021</li>' in html
    assert "</span> :" not in html  # a period has no title: nothing between it and its day
    assert '<input type="hidden" name="issued_on" value="2021-03-31">' in html
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    client.post(target, {"number": "12", "issued_on": "2021-03-31"})
    plan.refresh_from_db()
    assert (plan.status, plan.issued_on) == (PlanStatus.ISSUED, datetime.date(2021, 3, 31))
    viewer = as_user("viewer").get(target, {"number": "1", "issued_on": "2021-03-31"})
    assert viewer.status_code == 403


def test_a_second_plan_for_an_issued_year_is_warned_about(as_user, demo, users, issued) -> None:
    with assert_unchanged(Plan), pytest.raises(services.PlanServiceError) as refused:
        services.plan_generate(assessment=demo, actor=users["secretariat"])
    assert refused.value.code == "issued_exists" and refused.value.params["plan"] == issued
    client = as_user("secretariat")
    with assert_unchanged(Plan):
        page = client.post(reverse("plans:generate"), {"assessment": demo.pk, "source": "self"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Đơn vị đã có kế hoạch năm 2021 ban hành (số 12/KH-UBND, ngày 26/02/2021)." in html
    assert '<input type="hidden" name="despite_issued" value="1">' in html
    response = client.post(
        reverse("plans:generate"), {"assessment": demo.pk, "source": "self", "despite_issued": "1"}
    )
    second = Plan.objects.exclude(pk=issued.pk).get(unit=demo.unit)
    assert response.url == second.get_absolute_url()
    assert second.status == PlanStatus.DRAFT


def test_the_dashboard_keeps_the_last_report_filed(demo, users, issued, today) -> None:
    q1 = issued.periods.get(period="Q1")
    for key, status in (("3.4.1", "in_progress"), ("3.4.2", "done")):
        services.item_report_submit(
            period=q1,
            item_key=key,
            agency=agency(users, "focal-vp"),
            status=status,
            measured={"rate": "99"},
            actor=users["focal-vp"],
        )
    before = dashboard.plan_progress(province=demo.unit, year=2020)
    today.day = datetime.date(2021, 3, 20)  # Q1 closed; the half-year report is not due
    after = dashboard.plan_progress(province=demo.unit, year=2020)
    assert before is not None and after is not None
    assert (before["done"], before["in_progress"]) == (1, 1)
    assert (after["done"], after["in_progress"]) == (1, 1)  # what the agency last reported
    assert after["not_started"] == before["not_started"]
