"""Plan services: drafting, versions with optimistic locking, approval, issue, item reports."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db.models import ProtectedError
from plans_fixtures import *  # noqa: F403 (fixtures: plan, issued, today)
from plans_fixtures import ISSUED_ON, agency

from parindex.plans import Task, add_task, plan_from_json, remove_task, set_target
from parindex.web.audit.models import AuditEvent
from parindex.web.evidence.models import Document, DocumentKind
from parindex.web.plans import services
from parindex.web.plans.demo import plans_demo_load
from parindex.web.plans.diff import plan_diff
from parindex.web.plans.models import ItemReport, Plan, PlanStatus, PlanVersion

pytestmark = pytest.mark.django_db


def test_generate_drafts_the_seed_plan_with_a_first_version_and_four_periods(plan) -> None:
    assert (plan.status, plan.version, plan.year, plan.base_year) == (
        PlanStatus.DRAFT,
        1,
        2021,
        2020,
    )
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    deadlines = {p.period: p.deadline for p in plan.periods.all()}
    assert deadlines == {
        "Q1": datetime.date(2021, 3, 15),
        "H1": datetime.date(2021, 6, 15),
        "Q3": datetime.date(2021, 9, 15),
        "YEAR": datetime.date(2021, 11, 15),
    }
    pure = services.plan_current(plan)
    assert pure.unit == "Tỉnh Lào Cai"
    assert pure.self_score == Decimal("61.4203")
    lost = " ".join(s for a in pure.areas for s in a.lost)
    assert "180.840/185.443" in lost
    assert AuditEvent.objects.filter(action="plans.generate", object_id=str(plan.pk)).exists()


def test_generate_is_refused_to_anyone_but_the_secretariat(demo, users) -> None:
    for name in ("focal", "viewer", "focal-vp", "outsider"):
        with pytest.raises(services.NotAllowedError):
            services.plan_generate(assessment=demo, actor=users[name])
    assert not Plan.objects.exists()


def test_generate_from_final_scores_needs_a_final_assessment(demo, users) -> None:
    with pytest.raises(services.PlanServiceError) as exc:
        services.plan_generate(assessment=demo, source="final", actor=users["secretariat"])
    assert exc.value.code == "not_final"
    assert not Plan.objects.exists()


def test_save_appends_a_version_and_refuses_a_form_loaded_before_the_last_save(plan, users) -> None:
    pure = services.plan_current(plan)
    first = set_target(pure, "3.4.1", points="1.4")
    services.plan_save(plan=plan, content=first, version=1, note="A", actor=users["secretariat"])
    plan.refresh_from_db()
    assert plan.version == 2
    # the second editor loaded version 1 too: refused, nothing written
    second = set_target(pure, "3.4.2", points="1.2")
    with pytest.raises(services.PlanConflictError) as exc:
        services.plan_save(plan=plan, content=second, version=1, actor=users["admin"])
    assert exc.value.params["by"] == "secretariat"
    plan.refresh_from_db()
    stored = services.plan_current(plan)
    assert stored.area("3").target("3.4.1").points == Decimal("1.4")
    assert stored.area("3").target("3.4.2").points == Decimal("1.5")
    assert list(plan.versions.values_list("number", flat=True)) == [2, 1]


def test_saving_an_unchanged_plan_keeps_the_version(plan, users) -> None:
    services.plan_save(
        plan=plan, content=services.plan_current(plan), version=1, actor=users["secretariat"]
    )
    plan.refresh_from_db()
    assert plan.version == 1 and plan.versions.count() == 1


def test_versions_diff_names_the_changed_target(plan, users) -> None:
    edited = set_target(services.plan_current(plan), "6.1.3", points="0.9")
    services.plan_save(plan=plan, content=edited, version=1, actor=users["secretariat"])
    old, new = plan.versions.order_by("number")
    changes = plan_diff(old.content, new.content)
    assert [(c.path, c.before, c.after) for c in changes] == [
        ("areas[6] › targets[6.1.3] › points", "1", "0.9")
    ]


def test_approve_locks_the_content_and_issue_needs_approval_and_a_number(plan, users) -> None:
    secretariat = users["secretariat"]
    with pytest.raises(services.PlanServiceError) as exc:
        services.plan_issue(plan=plan, number="12", issued_on=ISSUED_ON, actor=secretariat)
    assert exc.value.code == "not_approved"
    services.plan_approve(plan=plan, actor=secretariat)
    with pytest.raises(services.PlanServiceError) as exc:
        services.plan_save(
            plan=plan, content=services.plan_current(plan), version=1, actor=secretariat
        )
    assert exc.value.code == "not_draft"
    with pytest.raises(services.PlanServiceError) as exc:
        services.plan_issue(plan=plan, number="  ", issued_on=ISSUED_ON, actor=secretariat)
    assert exc.value.code == "number_required"
    with pytest.raises(services.NotAllowedError):
        services.plan_issue(plan=plan, number="12", issued_on=ISSUED_ON, actor=users["viewer"])
    services.plan_issue(plan=plan, number="12", issued_on=ISSUED_ON, actor=secretariat)
    plan.refresh_from_db()
    assert (plan.status, plan.number, plan.symbol, plan.issued_on) == (
        PlanStatus.ISSUED,
        "12",
        "KH-UBND",
        ISSUED_ON,
    )
    pure = services.plan_current(plan)
    assert (pure.number, pure.date) == ("12", ISSUED_ON)
    assert plan.versions.count() == 2


def test_versions_and_plans_are_never_deleted(plan) -> None:
    with pytest.raises(ProtectedError):
        plan.delete()
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def _report(issued, users, who="focal-vp", key="3.4.1", **kw):
    row = issued.periods.get(period="Q1")
    options = {"status": "in_progress", "measured": {"rate": "98,7"}, "note": "Đã rà soát"}
    options.update(kw)
    return services.item_report_submit(
        period=row, item_key=key, agency=agency(users, who), actor=users[who], **options
    )


def test_the_lead_agency_files_its_report_with_an_audit_event(issued, users, today) -> None:
    report = _report(issued, users)
    assert report.measured == {"rate": "98.7"} and report.version == 1
    assert report.submitted_by == users["focal-vp"]
    event = AuditEvent.objects.get(action="plans.report")
    assert event.field == "3.4.1" and '"98.7"' in event.after and event.before == ""
    again = _report(issued, users, status="done", measured={"rate": "99.2"}, version=1)
    assert again.version == 2 and ItemReport.objects.count() == 1
    last = AuditEvent.objects.filter(action="plans.report").order_by("-id").first()
    assert '"98.7"' in last.before and '"99.2"' in last.after


def test_only_the_lead_agency_reports_on_an_item(issued, users, today) -> None:
    with pytest.raises(services.NotAllowedError) as exc:
        _report(issued, users, who="focal-stp")  # Sở Tư pháp leads area 2, not 3.4.1
    assert exc.value.code == "not_lead"
    with pytest.raises(services.NotAllowedError):
        services.item_report_submit(
            period=issued.periods.get(period="Q1"),
            item_key="3.4.1",
            agency=agency(users, "focal-vp"),
            status="done",
            measured={},
            actor=users["focal-stp"],  # not a focal point of Văn phòng UBND tỉnh
        )
    assert not ItemReport.objects.exists()


def test_a_report_after_the_deadline_is_refused(issued, users, today) -> None:
    today.day = datetime.date(2021, 3, 16)
    with pytest.raises(services.PlanServiceError) as exc:
        _report(issued, users)
    assert exc.value.code == "deadline_passed"
    assert exc.value.params["deadline"] == datetime.date(2021, 3, 15)
    assert not ItemReport.objects.exists()


def test_a_draft_plan_takes_no_report(plan, users, today) -> None:
    with pytest.raises(services.PlanServiceError) as exc:
        _report(plan, users)
    assert exc.value.code == "not_issued"


@pytest.mark.parametrize(
    ("measured", "code"),
    [
        ({"rate": "chín mươi"}, "bad_number"),
        ({"rate": "-3"}, "bad_number"),
        ({"speed": "3"}, "unknown_measure"),
    ],
)
def test_bad_measured_values_are_named_and_nothing_is_saved(
    issued,
    users,
    today,
    measured,
    code,
) -> None:
    with pytest.raises(services.PlanServiceError) as exc:
        _report(issued, users, measured=measured)
    assert exc.value.code == code
    assert not ItemReport.objects.exists()


@pytest.mark.parametrize(
    ("over", "code"),
    [
        ({"note": "x" * 4001}, "note_too_long"),
        ({"difficulties": "y" * 4001}, "difficulties_too_long"),
    ],
)
def test_a_report_text_longer_than_its_field_is_refused(issued, users, today, over, code) -> None:
    with pytest.raises(services.PlanServiceError) as exc:
        _report(issued, users, **over)
    assert (exc.value.code, exc.value.params) == (code, {"limit": 4000})
    assert not ItemReport.objects.exists()


def test_a_report_keeps_its_texts_trimmed(issued, users, today) -> None:
    report = _report(issued, users, note="  Đã rà soát \n", difficulties=" " + "d" * 4000 + " ")
    assert report.note == "Đã rà soát" and len(report.difficulties) == 4000


def test_an_issue_number_longer_than_its_field_is_refused(plan, users) -> None:
    services.plan_approve(plan=plan, actor=users["secretariat"])
    with pytest.raises(services.PlanServiceError) as exc:
        services.plan_issue(
            plan=plan, number="1" * 33, issued_on=ISSUED_ON, actor=users["secretariat"]
        )
    assert (exc.value.code, exc.value.params) == ("number_too_long", {"limit": 32})
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.number == ""


def test_a_report_form_loaded_before_another_submission_is_refused(issued, users, today) -> None:
    _report(issued, users)
    with pytest.raises(services.PlanConflictError):
        _report(issued, users, note="stale", version=0)
    assert ItemReport.objects.get().note == "Đã rà soát"


def test_evidence_must_be_the_reporting_agency_s_own_document(issued, users, today) -> None:
    own = Document.objects.create(
        unit=agency(users, "focal-vp"), kind=DocumentKind.CITATION, title="Báo cáo Quý I"
    )
    other = Document.objects.create(
        unit=agency(users, "focal-stp"), kind=DocumentKind.CITATION, title="Văn bản khác"
    )
    with pytest.raises(services.PlanServiceError) as exc:
        _report(issued, users, evidence=[own.pk, other.pk])
    assert exc.value.code == "bad_evidence"
    report = _report(issued, users, evidence=[own.pk])
    assert list(report.evidence.all()) == [own]


def test_task_keys_stay_with_their_task_when_an_earlier_task_is_removed(plan, users) -> None:
    secretariat = users["secretariat"]
    pure = services.plan_current(plan)
    pure = add_task(pure, "3", Task("Rà soát quy trình", "Văn phòng UBND tỉnh"))
    pure = add_task(pure, "3", Task("Công khai hồ sơ quá hạn", "Văn phòng UBND tỉnh"))
    services.plan_save(plan=plan, content=pure, version=1, actor=secretariat)
    plan.refresh_from_db()
    stored = services.plan_current(plan)
    keys = {t.text: t.id for t in stored.area("3").tasks}
    services.plan_save(plan=plan, content=remove_task(stored, "3", 0), version=2, actor=secretariat)
    plan.refresh_from_db()
    (left,) = plan_from_json(plan.content).area("3").tasks
    assert left.id == keys["Công khai hồ sơ quá hạn"] == "task-2"


def test_the_demo_plan_is_issued_with_a_q1_report_of_the_office_and_loads_once(users) -> None:
    demo_plan = plans_demo_load()
    assert demo_plan.status == PlanStatus.ISSUED and demo_plan.number == "01"
    reports = ItemReport.objects.filter(period__plan=demo_plan, period__period="Q1")
    assert {r.item_key for r in reports} == {"3.4.1", "3.4.2"}
    assert {r.agency.name for r in reports} == {"Văn phòng UBND tỉnh"}
    assert plans_demo_load() == demo_plan
    assert Plan.objects.count() == 1
    preamble = " ".join(services.plan_current(demo_plan).preamble)
    assert "52,90/65" in preamble and "15/63" in preamble
