"""Following the plan: periods, items, risks and the periodic consolidation."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.core.model import Framework
from parindex.plans import Plan, PlanError, Task, add_task, remove_task, set_target
from parindex.plans.progress import (
    Counts,
    ItemReport,
    Period,
    Risk,
    Status,
    at_risk,
    consolidate,
    default_deadline,
    load_reports,
    measured_of,
    period_range,
    plan_items,
    with_task_ids,
)

VP = "Văn phòng UBND tỉnh"  # leads area 3
STC = "Sở Tài chính"  # leads area 6
SNV = "Sở Nội vụ"  # leads areas 1, 4, 5, 8
STTTT = "Sở Thông tin và Truyền thông"  # leads area 7 (with Sở KH&CN)


def report(key: str, agency: str, status: Status, **kw: object) -> ItemReport:
    kw.setdefault("submitted_on", date(2021, 3, 10))
    kw.setdefault("period", Period.Q1)
    return ItemReport(key=key, agency=agency, status=status, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("period", "end", "deadline", "label"),
    [
        (Period.Q1, date(2021, 3, 31), date(2021, 3, 15), "Quý I"),
        (Period.H1, date(2021, 6, 30), date(2021, 6, 15), "6 tháng"),
        (Period.Q3, date(2021, 9, 30), date(2021, 9, 15), "Quý III"),
        (Period.YEAR, date(2021, 12, 31), date(2021, 11, 15), "Năm"),
    ],
)
def test_periods_are_cumulative_from_january_with_reports_due_before_they_close(
    period: Period, end: date, deadline: date, label: str
) -> None:
    assert period_range(period, 2021) == (date(2021, 1, 1), end)
    assert default_deadline(period, 2021) == deadline
    assert period.label == label


def test_every_target_and_task_is_an_item_with_its_lead_and_measures(
    plan: Plan, framework: Framework
) -> None:
    plan = add_task(plan, "3", Task("Xin lỗi người dân khi trễ hẹn", VP, date(2021, 3, 31)))
    items = {item.key: item for item in plan_items(plan, framework)}
    assert len(items) == 21  # 20 targets + 1 task
    on_time = items["3.4.1"]
    assert (on_time.kind, on_time.area, on_time.lead) == ("target", "3", VP)
    assert on_time.deadline == date(2021, 12, 31)
    assert on_time.measures[0].value == 99
    assert on_time.rate_inputs == ("on_time", "total")
    assert "UBND cấp huyện" in on_time.coordinating
    # Area 7 has two leads: the first leads its targets, the other coordinates.
    assert items["7.1.3"].lead == STTTT
    assert items["7.1.3"].coordinating[0] == "Sở Khoa học và Công nghệ"
    task = items["3/task-1"]
    assert (task.kind, task.lead, task.deadline) == ("task", VP, date(2021, 3, 31))


def test_a_targets_own_lead_overrides_the_areas(plan: Plan) -> None:
    edited = set_target(plan, "8.2", lead="Sở Kế hoạch và Đầu tư")
    items = {item.key: item for item in plan_items(edited)}
    assert items["8.2"].lead == "Sở Kế hoạch và Đầu tư"
    assert SNV in items["8.2"].coordinating


def test_task_ids_keep_report_keys_stable_after_a_removal(plan: Plan) -> None:
    plan = add_task(plan, "3", Task("Một", VP))
    plan = add_task(plan, "3", Task("Hai", VP))
    plan = with_task_ids(plan)
    assert [t.id for t in plan.area("3").tasks] == ["task-1", "task-2"]
    after = remove_task(plan, "3", 0)
    assert [i.key for i in plan_items(after) if i.kind == "task"] == ["3/task-2"]
    again = with_task_ids(add_task(after, "3", Task("Ba", VP)))
    assert [t.id for t in again.area("3").tasks] == ["task-2", "task-3"]


def test_a_rate_below_its_target_is_at_risk(plan: Plan, framework: Framework) -> None:
    item = {i.key: i for i in plan_items(plan, framework)}["3.4.1"]
    low = report("3.4.1", VP, Status.IN_PROGRESS, measured={"on_time": 970, "total": 1000})
    risks = at_risk(item, low, date(2021, 3, 10))
    assert risks == (Risk("below_target", "rate", ">=", Decimal(97), Decimal(99)),)
    ok = report("3.4.1", VP, Status.IN_PROGRESS, measured={"rate": Decimal("99.2")})
    assert at_risk(item, ok, date(2021, 3, 10)) == ()


def test_a_passed_deadline_without_done_and_an_agencys_own_alarm_are_risks(plan: Plan) -> None:
    plan = add_task(plan, "7", Task("Kết nối LGSP", STTTT, date(2021, 3, 1)))
    item = {i.key: i for i in plan_items(plan)}["7/task-1"]
    today = date(2021, 3, 20)
    assert [r.code for r in at_risk(item, None, today)] == ["deadline_passed"]
    done = report("7/task-1", STTTT, Status.DONE)
    assert at_risk(item, done, today) == ()
    late = report("7/task-1", STTTT, Status.LATE)
    assert [r.code for r in at_risk(item, late, today)] == ["deadline_passed", "reported_late"]
    worried = report("7/task-1", STTTT, Status.AT_RISK)
    assert [r.code for r in at_risk(item, worried, date(2021, 2, 1))] == ["reported_at_risk"]


@pytest.fixture
def quarter_one(plan: Plan) -> list[ItemReport]:
    """Văn phòng UBND and Sở Tài chính reported on Quý I 2021; the others did not."""
    return [
        report("3.4.1", VP, Status.IN_PROGRESS, measured={"on_time": 45100, "total": 46000}),
        report("3.4.2", VP, Status.DONE, measured={"rate": Decimal("99.5")}),
        report("3.4.3", VP, Status.DONE),
        report("3.R", VP, Status.IN_PROGRESS),
        report("6.1.1", STC, Status.AT_RISK, measured={"rate": Decimal("21")}),
        report("6.1.3", STC, Status.NOT_STARTED, submitted_on=date(2021, 3, 18)),
        report("6.R", STC, Status.DONE, period=Period.H1),  # another period: left out
        report("1.R", SNV, Status.DONE, submitted_on=None),  # a draft: not reported
        report("3.4.1", "Sở Tư pháp", Status.IN_PROGRESS),  # a coordinating agency
    ]


def test_consolidation_counts_per_area_and_agency(
    plan: Plan, framework: Framework, quarter_one: list[ItemReport]
) -> None:
    result = consolidate(plan, quarter_one, Period.Q1, 2021, date(2021, 3, 20), framework=framework)
    assert result.total.items == 20
    assert result.total.reported == 6
    assert result.total.not_reported == 14
    assert (result.total.done, result.total.in_progress) == (2, 2)
    area3 = dict(result.by_area)["3"]
    assert (area3.items, area3.reported, area3.done, area3.at_risk) == (4, 4, 2, 1)
    stc = dict(result.by_agency)[STC]
    assert (stc.items, stc.reported_at_risk, stc.not_started, stc.not_reported) == (3, 1, 1, 1)
    progress = {p.item.key: p for p in result.items}
    assert [r.agency for r in progress["3.4.1"].contributions] == ["Sở Tư pháp"]
    assert measured_of(result)["3.4.1"] == {"on_time": 45100, "total": 46000}


def test_at_risk_items_carry_their_reason_codes(
    plan: Plan, framework: Framework, quarter_one: list[ItemReport]
) -> None:
    result = consolidate(plan, quarter_one, Period.Q1, 2021, date(2021, 3, 20), framework=framework)
    risks = {p.item.key: [r.code for r in p.risks] for p in result.at_risk}
    # 45.100 / 46.000 = 98,04 % < 99 %; 21 % disbursed < 98 % and reported at risk.
    assert risks == {
        "3.4.1": ["below_target"],
        "6.1.1": ["below_target", "reported_at_risk"],
    }
    assert result.total.at_risk == 2


def test_overdue_reports_appear_once_the_deadline_passed(
    plan: Plan, quarter_one: list[ItemReport]
) -> None:
    before = consolidate(plan, quarter_one, Period.Q1, 2021, date(2021, 3, 15))
    assert [o.agency for o in before.overdue] == [STC]  # only the late submission
    after = consolidate(plan, quarter_one, Period.Q1, 2021, date(2021, 3, 20))
    overdue = {(o.agency, o.submitted): o for o in after.overdue}
    assert overdue[(SNV, False)].days_late == 5
    assert "1.R" in overdue[(SNV, False)].items  # its draft does not count
    assert overdue[(STC, False)].items == ("6.R",)
    assert overdue[(STC, True)].items == ("6.1.3",)
    assert overdue[(STC, True)].days_late == 3  # submitted 18/3, due 15/3
    assert (VP, False) not in overdue


def test_a_province_sets_its_own_deadline(plan: Plan) -> None:
    result = consolidate(plan, [], Period.H1, 2021, date(2021, 6, 18), deadline=date(2021, 6, 20))
    assert result.overdue == ()
    assert not result.deadline_passed


def test_bad_reports_are_refused_naming_the_problem(plan: Plan) -> None:
    with pytest.raises(PlanError, match=re.escape("no item '9.9'")):
        consolidate(plan, [report("9.9", VP, Status.DONE)], Period.Q1, 2021, date(2021, 3, 1))
    twice = [report("3.R", VP, Status.DONE), report("3.R", VP, Status.IN_PROGRESS)]
    with pytest.raises(PlanError, match=re.escape("reported twice on '3.R' for Quý I")):
        consolidate(plan, twice, Period.Q1, 2021, date(2021, 3, 1))
    with pytest.raises(PlanError, match="the plan is for 2021, not 2022"):
        consolidate(plan, [], Period.Q1, 2022, date(2022, 3, 1))


_statuses = st.sampled_from([*Status, None])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    choices=st.lists(st.tuples(_statuses, st.booleans()), min_size=20, max_size=20),
    day=st.integers(min_value=1, max_value=31),
)
def test_totals_equal_the_sums_of_their_parts(
    plan: Plan, choices: list[tuple[Status | None, bool]], day: int
) -> None:
    items = plan_items(plan)
    reports = []
    for item, (status, low) in zip(items, choices, strict=True):
        if status is None:
            continue
        measured = {m.name: m.value - 1 if low else m.value for m in item.measures}
        reports.append(report(item.key, item.lead, status, measured=measured))
    result = consolidate(plan, reports, Period.Q1, 2021, date(2021, 3, day))
    by_area = sum((c for _, c in result.by_area), Counts())
    by_agency = sum((c for _, c in result.by_agency), Counts())
    assert by_area == by_agency == result.total
    assert result.total.items == len(items) == result.total.reported + result.total.not_reported
    assert result.total.reported == len(reports)
    assert result.total.at_risk == len(result.at_risk) <= result.total.items
    missing = sum(len(o.items) for o in result.overdue if not o.submitted)
    assert missing == (result.total.not_reported if day > 15 else 0)


def test_a_measured_value_must_be_a_number() -> None:
    with pytest.raises(
        PlanError, match=re.escape("'3.4.1': measured rate 'nhiều' is not a number")
    ):
        ItemReport("3.4.1", VP, Period.Q1, Status.DONE, measured={"rate": "nhiều"})  # type: ignore[dict-item]


REPORTS_YAML = """\
schema: parindex/plan-reports/1
period: Q1
reports:
  - {key: "3.4.1", agency: Văn phòng UBND tỉnh, status: done, measured: {rate: 99.1},
     submitted_on: 2021-03-12, note: Đạt}
  - {key: "6.R", agency: Sở Tài chính, status: late, period: H1}
"""


def test_reports_load_from_yaml() -> None:
    first, second = load_reports(REPORTS_YAML)
    assert first == ItemReport(
        "3.4.1",
        VP,
        Period.Q1,
        Status.DONE,
        {"rate": Decimal("99.1")},
        note="Đạt",
        submitted_on=date(2021, 3, 12),
    )
    assert (second.period, second.status, second.submitted_on) == (Period.H1, Status.LATE, None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("status: done", "status: finished"), "reports[0]: status 'finished' is not one of"),
        (("period: H1", "period: Q4"), "reports[1]: period 'Q4' is not one of Q1, H1, Q3, YEAR"),
        (("2021-03-12", "12/3/2021"), "reports[0]: submitted_on '12/3/2021' is not a date"),
        (("rate: 99.1", "rate: cao"), "reports[0]: '3.4.1': measured rate 'cao' is not a number"),
        (("agency: Sở Tài chính, ", ""), "reports[1]: agency missing"),
        (("parindex/plan-reports/1", "x"), "not a reports file"),
    ],
)
def test_a_bad_reports_file_names_the_report_and_field(
    change: tuple[str, str], message: str
) -> None:
    with pytest.raises(PlanError, match=re.escape(message)):
        load_reports(REPORTS_YAML.replace(*change), "q1.yaml")
