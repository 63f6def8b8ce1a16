"""Demo data for the dashboards: synthetic figures, labelled as such on every page.

National results: only Lào Cai's 2019 row is real (the seed: 52,90 + 29,95 = 82,85, rank 15
of 63); see ``data/README.md``. The internal index of 2020 is invented too, and its campaigns'
names say so: the departments are scored with the department example framework and the
communes with the commune example, both brought in through the framework page's import
service (``parindex.web.frameworks.services``), as a secretariat would.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from parindex.frameworks import DIRECTORY as FRAMEWORKS
from parindex.web.assessments.models import Campaign, FrameworkStatus, FrameworkVersion
from parindex.web.dashboards.services import ImportOutcome, national_results_import
from parindex.web.dashboards.synthetic import published_results_create
from parindex.web.frameworks.services import framework_activate, framework_import
from parindex.web.organisations.models import Unit, UnitKind

DATA = Path(__file__).parent / "data"
DEMO_FILES = ("national-demo-2019-2024.csv", "national-demo-2025.csv")
INTERNAL_CAMPAIGN = "Chỉ số CCHC các sở, ban, ngành năm 2020 (số liệu minh họa)"
COMMUNE_CAMPAIGN = "Chỉ số CCHC cấp xã năm 2020 (số liệu minh họa)"
DEPARTMENT_FRAMEWORK = "par-department-example"
COMMUNE_FRAMEWORK = "par-commune-example"
# agency short name → share of each sub-criterion's maximum (area 3 a little lower)
INTERNAL_SHARES = {
    "SNV": "0.93",
    "STP": "0.88",
    "VP": "0.91",
    "STC": "0.84",
    "STTTT": "0.79",
    "SKHCN": "0.72",
    "SKHDT": "0.86",
}


def dashboards_demo_load() -> list[ImportOutcome]:
    """Import the demo national results and publish a demo internal index (idempotent)."""
    outcomes = [
        national_results_import(
            data=(DATA / name).read_bytes(), file_name=name, actor=None, demo=True
        )
        for name in DEMO_FILES
    ]
    _internal_demo()
    return outcomes


def example_framework(code: str) -> FrameworkVersion:
    """A shipped example framework, imported and activated as the secretariat would."""
    path = FRAMEWORKS / f"{code}.yaml"
    version = framework_import(data=path.read_bytes(), name=path.name, actor=None).version
    if version.status != FrameworkStatus.ACTIVE and not version.frozen:
        framework_activate(version=version, actor=None)
    return version


def _internal_demo() -> None:
    province = Unit.objects.filter(kind=UnitKind.PROVINCE, code="10", valid_from=None).first()
    if province is None or not FrameworkVersion.objects.exists():
        return  # the assessments demo is not loaded
    if not Campaign.objects.filter(name=INTERNAL_CAMPAIGN, organiser=province).exists():
        units = list(
            Unit.objects.filter(
                parent=province, kind=UnitKind.DEPARTMENT, short_name__in=INTERNAL_SHARES
            ).order_by("code")
        )
        shares = [Decimal(INTERNAL_SHARES[u.short_name]) for u in units]
        published_results_create(
            name=INTERNAL_CAMPAIGN,
            organiser=province,
            framework_version=example_framework(DEPARTMENT_FRAMEWORK),
            year=2020,
            units=units,
            share=lambda i, code: shares[i] - (Decimal("0.15") if code.startswith("3.") else 0),
        )
    if not Campaign.objects.filter(name=COMMUNE_CAMPAIGN, organiser=province).exists():
        communes = list(
            Unit.objects.filter(parent__parent=province, kind=UnitKind.COMMUNE).order_by("code")
        )
        if communes:
            published_results_create(
                name=COMMUNE_CAMPAIGN,
                organiser=province,
                framework_version=example_framework(COMMUNE_FRAMEWORK),
                year=2020,
                units=communes,
                share=lambda i, code: Decimal("0.9") - Decimal("0.05") * (i % 4),
            )
