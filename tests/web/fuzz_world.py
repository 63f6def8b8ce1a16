"""What the route crawler (test_fuzz_routes.py) walks: every URL pattern and real values.

``routes()`` walks Django's resolver through every include (the admin too). ``world()`` adds
to the demo one object of each kind a route names (a plan, a survey, evidence, a dossier
upload and import, a notification) and gives, for each captured parameter, real values.
A parameter is known by the address component before it (``assessments/<pk>`` →
``("assessments", "pk")``), so a new route with a new kind of parameter fails the crawler
until it is added to ``REAL`` here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from parindex.web.assessments.models import Assessment
from parindex.web.dossiers import services as dossiers
from parindex.web.evidence import services as evidence
from parindex.web.notifications.services import notification_create
from parindex.web.organisations.models import UnitKind
from parindex.web.plans import services as plans
from parindex.web.plans.models import PlanReportingPeriod
from parindex.web.surveys.models import Access, SurveyStatus
from parindex.web.surveys.services import questionnaire as surveys

ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
DOSSIER_LOG = (
    "Mã HS;Cơ quan;Cấp;Ngày nhận;Hạn trả\n" + "A1;Sở Tư pháp;Cấp tỉnh;03/01/2020;10/01/2020\n" * 5
).encode()


@dataclass(frozen=True)
class Param:
    name: str
    segment: str  # the address component before it: "assessments", "plan.", "@" or ""


@dataclass(frozen=True)
class Route:
    name: str  # "assessments:detail", or the route's text when it has no name
    parts: tuple[str | Param, ...]
    callback: Callable[..., Any]

    @property
    def is_admin(self) -> bool:
        return self.url({}).startswith("/admin/")

    @property
    def personas(self) -> tuple[str, ...]:
        """Who asks for it: the admin's pages are for the administrator (and refused to others,
        as to anonymous); every other page is asked for by each persona of the brief."""
        if self.is_admin:
            return ("anonymous", "admin")
        return ("anonymous", "focal", "secretariat", "appraiser", "outsider")

    @property
    def params(self) -> list[Param]:
        return [p for p in self.parts if isinstance(p, Param)]

    def url(self, values: dict[str, str]) -> str:
        """The address with each parameter replaced by its (already encoded) value."""
        return "/" + "".join(
            values.get(p.name, "") if isinstance(p, Param) else p for p in self.parts
        )


def _pieces(pattern: Any) -> list[str | Param]:
    """Literal text and parameters of one pattern (a route or a regular expression)."""
    if isinstance(pattern, RoutePattern):
        text, found = str(pattern), ROUTE_PARAM
    else:
        text = pattern.regex.pattern.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        found = REGEX_GROUP
    pieces: list[str | Param] = []
    last = 0
    for match in found.finditer(text):
        pieces += [text[last : match.start()], Param(match["name"], "")]
        last = match.end()
    pieces.append(text[last:])
    if found is REGEX_GROUP:  # the regex's own syntax is no address text (`^.*$`)
        pieces = [
            p.replace(".*", "").replace("\\", "") if isinstance(p, str) else p for p in pieces
        ]
    return pieces


def _with_segments(pieces: list[str | Param]) -> tuple[str | Param, ...]:
    out: list[str | Param] = []
    literal = ""
    for piece in pieces:
        if isinstance(piece, Param):
            out.append(Param(piece.name, literal.rstrip("/").rsplit("/", 1)[-1]))
            literal = ""
        elif piece:
            out.append(piece)
            literal += piece
    return tuple(out)


def routes() -> list[Route]:
    """Every URL pattern of the project, includes followed, in the resolver's order."""

    def walk(resolver: URLResolver, prefix: list[str | Param], space: str) -> Iterator[Route]:
        for entry in resolver.url_patterns:
            pieces = prefix + _pieces(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = ":".join(filter(None, [space, entry.namespace or ""]))
                yield from walk(entry, pieces, inner)
            elif isinstance(entry, URLPattern):
                parts = _with_segments(pieces)
                text = "".join(p if isinstance(p, str) else f"<{p.name}>" for p in parts)
                name = f"{space}:{entry.name}" if entry.name else text
                yield Route(name, parts, entry.callback)

    return list(walk(get_resolver(), [], ""))


def _build(demo: Assessment, users: dict[str, Any]) -> dict[str, Any]:
    """One object of each kind a route names, made through the services."""
    secretariat, focal = users["secretariat"], users["focal"]
    province = demo.unit if demo.unit.kind == UnitKind.PROVINCE else demo.unit.parent
    code = evidence.self_leaf_codes(demo)[0]
    cited = evidence.document_cite(
        unit=demo.unit,
        number="12/QĐ-UBND",
        issued_on=demo.campaign.created_at.date(),
        issuer="UBND tỉnh",
        title="Quyết định",
        actor=focal,
        assessment=demo,
        node_code=code,
    )
    upload = evidence.document_upload(
        unit=demo.unit,
        title="Báo cáo",
        file=ContentFile(b"%PDF-1.4 fuzz\n", name="bao-cao.pdf"),
        original_name="bao-cao.pdf",
        actor=focal,
    )
    plan = plans.plan_generate(assessment=demo, actor=secretariat)
    survey = surveys.survey_create(
        province=province,
        title="SIPAS",
        year=2020,
        actor=secretariat,
        access=Access.OPEN,
        slug="sipas-fuzz",
    )
    surveys.survey_status_set(survey=survey, status=SurveyStatus.OPEN, actor=None)
    form = surveys.form_of(survey)
    stored = dossiers.dossier_upload(
        province=province, name="nhat-ky.csv", content=[DOSSIER_LOG], actor=secretariat
    ).upload
    job = dossiers.import_job_create(upload=stored, mapping={}, actor=secretariat)
    return {
        "demo": demo,
        "province": province,
        "code": code,
        "link": cited.document.links.get(),
        "document": cited.document,
        "file": upload,
        "plan": plan,
        "area": plans.plan_current(plan).areas[0].code,
        "period": PlanReportingPeriod.objects.filter(plan=plan).first().period,
        "survey": survey,
        "survey_unit": surveys.question_codes(form, form.unit_question)[0],
        "survey_service": surveys.question_codes(form, form.service_question)[0],
        "upload": stored,
        "job": job,
        "notification": notification_create(user=focal, text="Thông báo", link="/"),
        "user": focal,
    }


def real_values(demo: Assessment, users: dict[str, Any]) -> dict[tuple[str, str], list[str]]:
    """For each (segment, parameter) a route captures: real values of this database."""
    w = _build(demo, users)
    a, p, code = str(w["demo"].pk), str(w["province"].pk), w["code"]
    return {
        # assessments/, api/v1/ and evidence/ share their parameter names
        ("assessments", "pk"): [a],
        ("campaigns", "pk"): [str(w["demo"].campaign_id)],
        ("units", "unit_pk"): [str(w["demo"].unit_id)],
        ("nodes", "code"): [code],
        ("appraisal", "code"): [code],
        ("returned", "code"): [code],
        ("appeals", "code"): [code],
        ("inputs", "node_code"): [code],
        ("frameworks", "code"): [w["demo"].campaign.framework_version.code],
        ("frameworks", "pk"): [str(w["demo"].campaign.framework_version_id)],
        ("plan-areas", "area"): ["3"],  # the demo framework's area 3 (plan defaults per area)
        ("pdf", "task_id"): ["00000000-0000-0000-0000-000000000000"],  # no such task: not found
        ("files", "upload_pk"): ["1"],  # the demo's framework came with no upload: not found
        ("totpdevice", "pk"): ["1"],  # django-otp's admin: no device enrolled, not found
        ("@", "version"): [w["demo"].campaign.framework_version.version],
        ("links", "link_pk"): [str(w["link"].pk)],
        ("documents", "pk"): [str(w["document"].pk)],
        ("files", "pk"): [str(w["file"].pk)],
        ("units", "pk"): [str(w["demo"].unit_id)],
        ("notifications", "pk"): [str(w["notification"].pk)],
        ("dossiers", "pk"): [p],
        ("uploads", "upload_pk"): [str(w["upload"].pk)],
        ("jobs", "job_pk"): [str(w["job"].pk)],
        ("results", "table"): ["inputs"],
        ("apply", "assessment_pk"): [a],
        ("applied", "pk"): ["1"],  # none applied: the not-found path
        ("plans", "pk"): [str(w["plan"].pk)],
        ("areas", "area"): [w["area"]],
        ("plan.", "fmt"): ["xlsx"],  # pdf runs LibreOffice (tests/web/test_plans_views.py)
        ("periods", "period"): [w["period"]],
        ("report.", "fmt"): ["xlsx"],
        ("dashboards", "pk"): [p],
        ("", "name"): ["province", "internal"],
        ("charts", "key"): ["history"],
        ("surveys", "pk"): [str(w["survey"].pk)],
        ("khao-sat", "slug"): [w["survey"].slug],
        ("", "unit"): [w["survey_unit"]],
        ("", "service"): [w["survey_service"]],
        ("reset", "uidb64"): [urlsafe_base64_encode(force_bytes(w["user"].pk))],
        ("", "token"): [default_token_generator.make_token(w["user"])],
        # the admin: its own object ids are found from the route's model (see admin_ids)
        ("r", "content_type_id"): [str(ContentType.objects.get_for_model(Assessment).pk)],
        ("", "object_id"): [a],
        ("user", "id"): [str(w["user"].pk)],
        ("admin", "app_label"): ["accounts"],
        ("admin", "url"): ["khong-co/"],  # the admin's catch-all
    }


def admin_object_id(route: Route) -> list[str] | None:
    """The first row of the model a ModelAdmin route edits (or a missing id if none)."""
    model_admin = getattr(route.callback, "model_admin", None)
    if model_admin is None:
        return None
    first = model_admin.model._default_manager.order_by("pk").values_list("pk", flat=True)[:1]
    return [str(pk) for pk in first] or ["1"]
