"""A campaign on each shipped framework, its inputs filled: the pages of every framework.

``framework_campaign(code, users)`` imports the shipped file, opens a campaign on it for a unit
of the framework's kind in the demo's province (Lào Cai itself, its Department of Home Affairs,
a commune), assigns the demo's appraiser and fills every self-scored leaf with a value its
input reads (a yes/no "true", a choice's first option, a number that satisfies every relation).
``appraised(assessment, users)`` then takes it through submission to the council, which
accepts one item, adjusts one and returns one, as the demo's crawl does.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from parindex.core.errors import InputError
from parindex.frameworks import DIRECTORY
from parindex.web.accounts.models import Role, User
from parindex.web.accounts.services import user_create
from parindex.web.assessments.models import Assessment
from parindex.web.assessments.services import appraisal, workflow
from parindex.web.assessments.services.assignments import assessment_appraiser_assign
from parindex.web.assessments.services.campaigns import campaign_create, framework_version_import
from parindex.web.assessments.services.inputs import assessment_input_set
from parindex.web.evidence.services import document_cite, evidence_link
from parindex.web.organisations.models import Unit, UnitKind

#: every shipped framework but the demo's own (1149 is the demo campaign)
OTHER_FRAMEWORKS = (
    "par-province-876",
    "par-province-892",
    "par-department-example",
    "par-commune-example",
)
VALUES = {"yes_no": "true", "percent": "80", "points": "0"}


def _unit(kind: str, year: int) -> Unit:
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="10", valid_from=None)
    if kind == UnitKind.PROVINCE:
        return province
    if kind == UnitKind.DEPARTMENT:
        return Unit.objects.get(kind=UnitKind.DEPARTMENT, code="10.SNV")
    units = Unit.objects.filter(kind=kind).order_by("code")
    day = datetime.date(year, 12, 31)
    return next(u for u in units if (u.valid_to is None or u.valid_to >= day))


def framework_campaign(code: str, users: dict[str, Any]) -> Assessment:
    """The assessment of a campaign on the shipped framework ``code``, its inputs filled."""
    text = (DIRECTORY / f"{code}.yaml").read_text(encoding="utf-8")
    version = framework_version_import(text=text, source=f"{code}.yaml")
    framework = version.framework()
    year = framework.years[0]
    unit = _unit(framework.unit_kind, year)
    today = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0)
    campaign = campaign_create(
        name=f"Đánh giá năm {year}",
        framework_version=version,
        year=year,
        organiser=unit if unit.kind == UnitKind.PROVINCE else _unit(UnitKind.PROVINCE, year),
        units=[unit],
        self_assessment_due=today + datetime.timedelta(days=30),
        appraisal_due=today + datetime.timedelta(days=60),
    )
    assessment = campaign.assessments.get(unit=unit)
    assessment_appraiser_assign(assessment=assessment, appraiser=users["appraiser"])
    for leaf in framework.leaves():
        if leaf.scored_by != "self":
            continue
        values = {
            spec.name: spec.choices[0] if spec.kind == "choice" else VALUES.get(spec.kind, "10")
            for spec in leaf.inputs
        }
        try:
            assessment_input_set(
                assessment=assessment,
                node_code=leaf.code,
                values=values,
                versions={},
                actor=None,
            )
        except InputError:  # a relation the same number cannot satisfy: leave it empty
            continue
    return assessment


def _person(users: dict[str, Any], role: Role, unit: Unit) -> Any:
    """The demo's persona for ``role`` in ``unit``, else one made for it."""
    found = User.objects.filter(memberships__role=role, memberships__unit=unit).order_by("pk")
    if found.exists():
        return found.first()
    username = f"{role.value.split('_')[0]}{unit.pk}"  # focal12, unit12
    return user_create(username=username, password="x-" + username, unit=unit, roles=[(role, unit)])


def unit_people(assessment: Assessment, users: dict[str, Any]) -> dict[str, Any]:
    """The focal point and the head of the assessed unit (the demo's, or made for it)."""
    unit = assessment.unit
    return {
        "unit focal point": _person(users, Role.FOCAL_POINT, unit),
        "unit head": _person(users, Role.UNIT_HEAD, unit),
    }


def appraised(assessment: Assessment, users: dict[str, Any]) -> Assessment:
    """Submitted (each item with evidence), confirmed, under appraisal, three items decided."""
    unit = assessment.unit
    focal = _person(users, Role.FOCAL_POINT, unit)
    cited = document_cite(
        unit=unit,
        number="15/BC-UBND",
        issued_on=datetime.date(assessment.campaign.year, 12, 15),
        issuer=unit.name,
        title="Báo cáo kết quả công tác cải cách hành chính",
        actor=focal,
    )
    leaves = workflow.self_leaves(assessment)
    for code in leaves:
        evidence_link(assessment=assessment, node_code=code, version=cited, actor=focal)
    workflow.assessment_submit(assessment=assessment, actor=focal)
    head = _person(users, Role.UNIT_HEAD, unit)
    workflow.assessment_confirm(assessment=assessment, actor=head)
    workflow.assessment_appraisal_start(assessment=assessment, actor=users["secretariat"])
    decisions = [
        ("accept", {}),
        ("adjust", {"points": Decimal(0), "reason": "Thiếu văn bản kiểm tra"}),
        ("return", {"reason": "Đề nghị giải trình số liệu"}),
    ]
    for code, (decision, extra) in zip(leaves, decisions, strict=False):
        appraisal.item_appraise(
            assessment=assessment,
            node_code=code,
            decision=decision,
            actor=users["appraiser"],
            **extra,
        )
    assessment.refresh_from_db()
    return assessment
