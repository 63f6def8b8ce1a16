"""Published internal-index results for the dashboard tests (departments and communes of Lào Cai).

Each unit scores a fixed share of every sub-criterion's maximum, less in area 3, so the
expected figures can be computed by hand from the shares.
"""

from __future__ import annotations

from decimal import Decimal

from parindex.web.assessments.models import Assessment, Campaign
from parindex.web.dashboards.synthetic import published_results_create
from parindex.web.organisations.models import Unit, UnitKind

# department short name → share of the maximum (area 3 gets 0.2 less)
SHARES_2020 = {
    "SNV": "0.95",
    "STP": "0.90",
    "VP": "0.85",
    "STC": "0.80",
    "STTTT": "0.75",
    "SKHCN": "0.70",
    "SKHDT": "0.60",
}
SHARES_2019 = {"SNV": "0.80", "STP": "0.92", "VP": "0.85", "STC": "0.70"}


def share_for(shares: list[Decimal]):
    def share(index: int, code: str) -> Decimal:
        base = shares[index]
        return base - Decimal("0.2") if code.split(".")[0] == "3" else base

    return share


def departments(demo: Assessment, year: int, shares: dict[str, str], publish=True) -> Campaign:
    province = demo.unit
    units = list(
        Unit.objects.filter(
            parent=province, kind=UnitKind.DEPARTMENT, short_name__in=shares
        ).order_by("code")
    )
    return published_results_create(
        name=f"Chỉ số CCHC các sở năm {year}",
        organiser=province,
        framework_version=demo.campaign.framework_version,
        year=year,
        units=units,
        share=share_for([Decimal(shares[u.short_name]) for u in units]),
        publish=publish,
    )


def communes(demo: Assessment, year: int, count: int, publish=True) -> Campaign:
    """``count`` communes under Lào Cai's first demo district, shares 0.5 + i/100."""
    district = Unit.objects.get(kind=UnitKind.DISTRICT, code="080")
    units = [
        Unit.objects.get_or_create(
            kind=UnitKind.COMMUNE,
            code=f"T-{i:04d}",
            defaults={"name": f"Xã Thử {i:04d}", "parent": district},
        )[0]
        for i in range(count)
    ]
    return published_results_create(
        name=f"Chỉ số CCHC cấp xã năm {year}",
        organiser=demo.unit,
        framework_version=demo.campaign.framework_version,
        year=year,
        units=units,
        share=share_for([Decimal("0.5") + Decimal(i % 40) / 100 for i in range(count)]),
        publish=publish,
    )
