"""A campaign on each shipped framework, its inputs filled: the pages of every framework.

``framework_campaign(code, users)`` imports the shipped file, opens a campaign on it for a unit
of the framework's kind in the demo's province (Lào Cai itself, its Department of Home Affairs,
a commune), assigns the demo's appraiser and fills every self-scored leaf with a value its
input reads (a yes/no "true", a choice's first option, a number that satisfies every relation).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from parindex.core.errors import InputError
from parindex.frameworks import DIRECTORY
from parindex.web.assessments.models import Assessment
from parindex.web.assessments.services.assignments import assessment_appraiser_assign
from parindex.web.assessments.services.campaigns import campaign_create, framework_version_import
from parindex.web.assessments.services.inputs import assessment_input_set
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
