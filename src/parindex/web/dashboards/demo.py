"""Demo data for the dashboards: synthetic figures, labelled as such on every page.

National results: only Lào Cai's 2019 row is real (the seed: 52,90 + 29,95 = 82,85, rank 15
of 63); see ``data/README.md``. The departments' internal index of 2020 is invented too, and
its campaign's name says so.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from parindex.web.assessments.models import Campaign, FrameworkVersion
from parindex.web.dashboards.services import ImportOutcome, national_results_import
from parindex.web.dashboards.synthetic import published_results_create
from parindex.web.organisations.models import Unit, UnitKind

DATA = Path(__file__).parent / "data"
DEMO_FILES = ("national-demo-2019-2024.csv", "national-demo-2025.csv")
INTERNAL_CAMPAIGN = "Chỉ số CCHC các sở, ban, ngành năm 2020 (số liệu minh họa)"
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


def _internal_demo() -> None:
    province = Unit.objects.filter(kind=UnitKind.PROVINCE, code="10", valid_from=None).first()
    version = FrameworkVersion.objects.filter(code="par-province-1149").first()
    if province is None or version is None:
        return  # the assessments demo is not loaded
    if Campaign.objects.filter(name=INTERNAL_CAMPAIGN, organiser=province).exists():
        return
    units = list(
        Unit.objects.filter(
            parent=province, kind=UnitKind.DEPARTMENT, short_name__in=INTERNAL_SHARES
        ).order_by("code")
    )
    shares = [Decimal(INTERNAL_SHARES[u.short_name]) for u in units]
    published_results_create(
        name=INTERNAL_CAMPAIGN,
        organiser=province,
        framework_version=version,
        year=2020,
        units=units,
        share=lambda i, code: shares[i] - (Decimal("0.15") if code.startswith("3.") else 0),
    )
