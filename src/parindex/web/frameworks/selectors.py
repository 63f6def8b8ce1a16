"""Reads of the framework pages and API: versions with their status, counts and blocks."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.core.diff import FrameworkDiff, framework_diff
from parindex.core.model import Framework, Node
from parindex.plans.defaults import PlanDefaults
from parindex.web.assessments.models import FrameworkStatus, FrameworkVersion
from parindex.web.organisations.models import Unit, UnitKind
from parindex.web.site.language import lang

UNIT_KINDS = {
    "province": _("Cấp tỉnh"),
    "ministry": _("Bộ, cơ quan ngang bộ"),
    "department": _("Sở, ban, ngành"),
    "district": _("Cấp huyện"),
    "commune": _("Cấp xã"),
}
#: What the list shows: the stored status, with "frozen" for a version a campaign uses.
STATUSES = {
    "draft": _("Bản nháp"),
    "active": _("Đang áp dụng"),
    "frozen": _("Đã khóa (đợt đánh giá đang dùng)"),
    "retired": _("Thôi áp dụng"),
}

#: How a sub-criterion's points are computed (a rule's kind), in words
RULE_KINDS = {
    "proportional": _("Tỷ lệ"),
    "threshold_proportional": _("Tỷ lệ so với ngưỡng"),
    "base_proportional": _("Điểm cơ sở cộng tỷ lệ"),
    "bands": _("Theo khoảng"),
    "compare_previous": _("So với năm trước"),
    "yes_no": _("Có/không"),
    "choice": _("Chọn mức"),
    "bonus": _("Điểm thưởng"),
    "penalty": _("Điểm trừ"),
    "formula": _("Công thức"),
    "manual": _("Chấm trực tiếp"),
}
#: Who scores a node
SCORERS = {
    "self": _("Đơn vị tự chấm"),
    "ministry": _("Bộ Nội vụ chấm"),
    "survey": _("Điều tra xã hội học"),
}


def rule_kind_label(kind: str) -> str:
    return str(RULE_KINDS.get(kind, kind)) if kind else ""


def unit_kind_label(kind: str) -> str:
    return str(UNIT_KINDS.get(kind, _("Khác")))


def status_of(version: FrameworkVersion) -> str:
    """``retired`` wins (no new campaign may use it), then ``frozen``, else the stored one."""
    if version.status == FrameworkStatus.RETIRED:
        return "retired"
    if version.frozen:
        return "frozen"
    return str(version.status)


@dataclass(frozen=True)
class Counts:
    areas: int
    criteria: int
    sub_criteria: int


def counts_of(framework: Framework) -> Counts:
    """Areas (top level), criteria (second level) and sub-criteria (below), as a table has."""
    depths = [n.depth for n in framework.walk()]
    return Counts(depths.count(1), depths.count(2), sum(1 for d in depths if d >= 3))


@dataclass(frozen=True)
class VersionRow:
    """A version as the list and the API show it."""

    version: FrameworkVersion
    framework: Framework
    status: str
    counts: Counts
    blocks: tuple[tuple[str, str, Decimal], ...]
    campaigns: int

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status])

    @property
    def unit_kind(self) -> str:
        return unit_kind_label(self.framework.unit_kind)

    @property
    def years(self) -> str:
        years = self.framework.years
        if len(years) > 2 and list(years) == list(range(years[0], years[-1] + 1)):
            return f"{years[0]}–{years[-1]}"
        return ", ".join(str(y) for y in years)


def version_row(version: FrameworkVersion) -> VersionRow:
    framework = version.framework()
    campaigns = getattr(version, "campaign_count", None)
    if campaigns is None:
        campaigns = version.campaigns.count()
    return VersionRow(
        version=version,
        framework=framework,
        status=status_of(version),
        counts=counts_of(framework),
        blocks=tuple((b.code, b.label(lang()), b.max) for b in framework.blocks),
        campaigns=campaigns,
    )


def version_rows() -> list[VersionRow]:
    """Every version, grouped by framework code, newest first (one query)."""
    found = FrameworkVersion.objects.annotate(campaign_count=Count("campaigns")).order_by(
        "code", "-created_at", "-pk"
    )
    return [version_row(v) for v in found]


def replaced_version(version: FrameworkVersion) -> FrameworkVersion | None:
    """The version this one follows: the active one of its code, else the newest before it."""
    others = FrameworkVersion.objects.filter(code=version.code).exclude(pk=version.pk)
    active = others.filter(status=FrameworkStatus.ACTIVE).order_by("-created_at", "-pk").first()
    if active is not None:
        return active
    return others.filter(created_at__lte=version.created_at).order_by("-created_at", "-pk").first()


def difference(version: FrameworkVersion) -> tuple[FrameworkVersion | None, FrameworkDiff | None]:
    old = replaced_version(version)
    if old is None:
        return None, None
    return old, framework_diff(old.framework(), version.framework())


@dataclass(frozen=True)
class TreeRow:
    node: Node
    rule: str
    indent: int
    block: str = ""
    scored_by: str = ""


def tree_rows(framework: Framework) -> list[TreeRow]:
    """The tree as it will be used: every node with its rule kind, indented by depth."""
    language = lang()
    blocks = {b.code: b.label(language) for b in framework.blocks}
    return [
        TreeRow(
            n,
            rule_kind_label(n.rule.kind if n.rule is not None else ""),
            (n.depth - 1) * 2,
            blocks.get(n.block, n.block),
            str(SCORERS.get(n.scored_by, n.scored_by)),
        )
        for n in framework.walk()
    ]


def agency_names(defaults: PlanDefaults) -> list[str]:
    """The agencies a plan's areas may name: the province's departments and other agencies
    (valid today), and every agency the defaults already name."""
    units = Unit.objects.valid_on(timezone.localdate()).filter(
        kind__in=(UnitKind.DEPARTMENT, UnitKind.AGENCY)
    )
    names = set(units.values_list("name", flat=True))
    for area in defaults.areas.values():
        names.update(lead.agency for lead in area.leads)
    return sorted(names)


def plan_area(version: FrameworkVersion, code: str) -> Node | None:
    """The area ``code`` of a version (a top-level node), or None."""
    return next((n for n in version.framework().nodes if n.code == code), None)
