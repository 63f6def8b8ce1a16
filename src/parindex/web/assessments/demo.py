"""The demo: Lào Cai's 2020 provincial self-assessment (the seed) with one user per role."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from parindex.core.assessment import load_assessment
from parindex.demo import LAO_CAI_2020
from parindex.frameworks import DIRECTORY as FRAMEWORKS
from parindex.web.accounts.models import Role, User
from parindex.web.accounts.services import user_create
from parindex.web.assessments.models import Assessment, Campaign
from parindex.web.assessments.services.assignments import (
    assessment_appraiser_assign,
    contribution_assign,
)
from parindex.web.assessments.services.campaigns import campaign_create, framework_version_import
from parindex.web.assessments.services.inputs import assessment_input_set
from parindex.web.organisations.models import Unit, UnitKind
from parindex.web.organisations.services import units_load_provinces

DEMO_PASSWORD = "parindex-demo"
CAMPAIGN_NAME = "Tự đánh giá Chỉ số CCHC tỉnh Lào Cai năm 2020"

# The agencies the seed names as lead or coordinating agencies (cơ quan chủ trì, phối hợp).
AGENCIES = [
    ("SNV", "Sở Nội vụ"),
    ("STP", "Sở Tư pháp"),
    ("VP", "Văn phòng UBND tỉnh"),
    ("STC", "Sở Tài chính"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SKHDT", "Sở Kế hoạch và Đầu tư"),
]
# A few of Lào Cai's districts (national codes, before 1/7/2025) and communes. The commune
# codes are local demo codes ("district-n"), not the national 5-digit ones.
DISTRICTS = [
    ("080", "Thành phố Lào Cai", [("080-1", "Phường Cốc Lếu"), ("080-2", "Phường Kim Tân")]),
    ("088", "Thị xã Sa Pa", [("088-1", "Phường Sa Pa")]),
    ("085", "Huyện Bắc Hà", [("085-1", "Thị trấn Bắc Hà")]),
]

# Which agency prepares which area of the provincial self-assessment (the seed's lead agencies).
CONTRIBUTIONS = {
    "1": "SNV",
    "2": "STP",
    "3": "VP",
    "4": "SNV",
    "5": "SNV",
    "6": "STC",
    "7": "STTTT",
    "8": "SKHDT",
}
# One focal point per contributing agency: sees and edits only its areas.
CONTRIBUTOR_USERS = [
    ("focal-snv", "SNV"),
    ("focal-stp", "STP"),
    ("focal-vp", "VP"),
    ("focal-stc", "STC"),
    ("focal-stttt", "STTTT"),
    ("focal-skhdt", "SKHDT"),
]

# username → (role, unit key: "province" or an agency code), full name
USERS = [
    ("admin", Role.ADMINISTRATOR, "province", "Quản trị hệ thống"),
    ("secretariat", Role.SECRETARIAT, "SNV", "Cán bộ Sở Nội vụ"),
    ("focal", Role.FOCAL_POINT, "province", "Đầu mối tự đánh giá của tỉnh"),
    ("head", Role.UNIT_HEAD, "province", "Lãnh đạo UBND tỉnh"),
    ("appraiser", Role.APPRAISER, "SNV", "Thành viên Hội đồng thẩm định"),
    ("viewer", Role.VIEWER, "province", "Lãnh đạo theo dõi"),
]


@dataclass(frozen=True)
class DemoResult:
    assessment: Assessment
    created: bool


@transaction.atomic
def demo_load() -> DemoResult:
    """Create the demo (idempotent: an existing demo campaign is left as it is)."""
    units_load_provinces()
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="10", valid_from=None)
    existing = Campaign.objects.filter(name=CAMPAIGN_NAME, organiser=province).first()
    if existing is not None:  # a demo loaded before contributions existed gets them too
        assessment = existing.assessments.get(unit=province)
        agencies = {
            u.short_name: u for u in Unit.objects.filter(parent=province, code__startswith="10.")
        }
        if not assessment.contributions.exists() and set(CONTRIBUTIONS.values()) <= set(agencies):
            _contributors(assessment, agencies)
        return DemoResult(assessment, created=False)
    start = datetime.date(2005, 1, 1)
    agencies = {
        code: Unit.objects.get_or_create(
            kind=UnitKind.DEPARTMENT,
            code=f"10.{code}",
            defaults={"name": name, "parent": province, "short_name": code},
        )[0]
        for code, name in AGENCIES
    }
    for code, name, communes in DISTRICTS:
        district, _ = Unit.objects.get_or_create(
            kind=UnitKind.DISTRICT,
            code=code,
            defaults={"name": name, "parent": province, "valid_to": datetime.date(2025, 6, 30)},
        )
        for commune_code, commune_name in communes:
            Unit.objects.get_or_create(
                kind=UnitKind.COMMUNE,
                code=commune_code,
                defaults={
                    "name": commune_name,
                    "parent": district,
                    "valid_from": start,
                    "valid_to": datetime.date(2025, 6, 30),
                },
            )
    framework_version = framework_version_import(
        text=(FRAMEWORKS / "par-province-1149.yaml").read_text(encoding="utf-8"),
        source="par-province-1149.yaml",
    )
    # The seed's deadlines (15/1, 15/3, 31/3, 31/5/2021) have long passed and would lock the
    # demo; the same rhythm is kept from the day the demo is loaded instead.
    today = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0)
    campaign = campaign_create(
        name=CAMPAIGN_NAME,
        framework_version=framework_version,
        year=2020,
        organiser=province,
        units=[province],
        self_assessment_due=today + datetime.timedelta(days=30),
        appraisal_due=today + datetime.timedelta(days=90),
        explanation_due=today + datetime.timedelta(days=105),
        publication_due=today + datetime.timedelta(days=150),
    )
    assessment = campaign.assessments.get(unit=province)
    users: dict[str, User] = {}
    for username, role, unit_key, full_name in USERS:
        unit = province if unit_key == "province" else agencies[unit_key]
        user = User.objects.filter(username=username).first() or user_create(
            username=username,
            password=DEMO_PASSWORD,
            unit=unit,
            roles=[(role, unit)],
            full_name=full_name,
        )
        users[username] = user
    User.objects.filter(pk=users["admin"].pk).update(is_staff=True, is_superuser=True)
    assessment_appraiser_assign(assessment=assessment, appraiser=users["appraiser"])
    _contributors(assessment, agencies)
    data = load_assessment(LAO_CAI_2020.read_text(encoding="utf-8"), LAO_CAI_2020.name)
    for code, values in data.inputs.items():
        assessment_input_set(
            assessment=assessment,
            node_code=code,
            values={name: str(value) for name, value in values.items()},
            versions={},
            actor=users["focal"],
            comment=data.comments.get(code),
        )
    return DemoResult(assessment, created=True)


def _contributors(assessment: Assessment, agencies: dict[str, Unit]) -> None:
    """Each area to its lead agency, and a focal point per agency."""
    for username, agency in CONTRIBUTOR_USERS:
        unit = agencies[agency]
        if not User.objects.filter(username=username).exists():
            user_create(
                username=username,
                password=DEMO_PASSWORD,
                unit=unit,
                roles=[(Role.FOCAL_POINT, unit)],
                full_name=f"Đầu mối {unit.name}",
            )
    for area, agency in CONTRIBUTIONS.items():
        contribution_assign(assessment=assessment, node_code=area, unit=agencies[agency])
