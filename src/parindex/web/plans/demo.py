"""The demo plan: the seed's 2021 plan for Lào Cai, issued, with a Quarter I report of
Văn phòng UBND tỉnh on area 3 (the figures of the report are illustrations, not the seed's)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from parindex.core.assessment import load_assessment
from parindex.demo import LAO_CAI_2020
from parindex.web.accounts.models import User
from parindex.web.assessments.demo import demo_load
from parindex.web.plans import services
from parindex.web.plans.follow import PERIODS
from parindex.web.plans.models import Plan, PlanStatus

# The seed leaves "Số: /KH-UBND" and the date blank; the demo issues it with these.
DEMO_NUMBER = "01"
DEMO_ISSUED_ON = datetime.date(2021, 3, 31)
# The seed's 2021 deadlines have long passed and would close every report; the demo keeps
# the rhythm from the day it is loaded instead (as the assessment demo does).
DEMO_DEADLINE_DAYS = {"Q1": 30, "H1": 120, "Q3": 210, "YEAR": 300}
DEMO_Q1_REPORTS = [
    (
        "3.4.1",
        "in_progress",
        {"rate": "98.6"},
        "Quý I: rà soát quy trình nội bộ, nhắc việc tự động trên Hệ thống thông tin giải "
        "quyết TTHC đối với hồ sơ sắp đến hạn.",
        "Một số hồ sơ đất đai liên thông còn chậm ở khâu luân chuyển.",
    ),
    (
        "3.4.2",
        "in_progress",
        {"rate": "99.1"},
        "Quý I: tổng hợp, công khai hồ sơ quá hạn của cấp huyện hằng tháng.",
        "",
    ),
]


@transaction.atomic
def plans_demo_load() -> Plan:
    """Create the demo plan (idempotent: an existing demo plan is returned as it is)."""
    assessment = demo_load().assessment
    existing = Plan.objects.filter(assessment=assessment, year=2021).first()
    if existing is not None:
        return existing
    secretariat = User.objects.get(username="secretariat")
    seed = load_assessment(LAO_CAI_2020.read_text(encoding="utf-8"))
    plan = services.plan_generate(
        assessment=assessment,
        previous_result=seed.previous_result,
        stated=seed.stated,
        actor=secretariat,
    )
    plan = services.plan_approve(plan=plan, actor=secretariat)
    plan = services.plan_issue(
        plan=plan, number=DEMO_NUMBER, issued_on=DEMO_ISSUED_ON, actor=secretariat
    )
    today = timezone.localdate()
    for row in plan.periods.all():
        services.period_deadline_set(
            period=row,
            deadline=today + datetime.timedelta(days=DEMO_DEADLINE_DAYS[row.period]),
            actor=secretariat,
        )
    q1 = plan.periods.get(period=PERIODS[0])
    office = User.objects.get(username="focal-vp")
    agency = office.memberships.get().unit
    for key, status, measured, note, difficulties in DEMO_Q1_REPORTS:
        services.item_report_submit(
            period=q1,
            item_key=key,
            agency=agency,
            status=status,
            measured={k: str(Decimal(v)) for k, v in measured.items()},
            note=note,
            difficulties=difficulties,
            actor=office,
        )
    assert plan.status == PlanStatus.ISSUED
    return plan
