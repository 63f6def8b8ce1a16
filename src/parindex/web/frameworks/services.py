"""Writes of the framework pages: import a file, activate, retire, plan defaults, self-scores.

Each function is keyword-only, runs in one transaction, refuses an actor who may not manage
frameworks (:class:`NotAllowedError`) and appends an audit event. Storing the framework text
goes through ``assessments``' :func:`framework_version_import`, so there is one rule for
frozen versions: a version a campaign uses is never replaced, a change is a new version.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from parindex.core.assessment import load_assessment
from parindex.core.errors import FrameworkError, InputError
from parindex.io.criteria_table import TableIdentity, Unit
from parindex.io.framework_file import problem, read_framework_file
from parindex.plans.defaults import load_defaults, starting_defaults_text
from parindex.plans.defaults.areas import AreaEdit, AreaProblem, area_problems, with_area
from parindex.plans.model import PlanError
from parindex.web.assessments.models import (
    Assessment,
    FrameworkStatus,
    FrameworkVersion,
    InputValue,
)
from parindex.web.assessments.services.campaigns import framework_version_import
from parindex.web.assessments.services.errors import NotAllowedError, ServiceError
from parindex.web.assessments.services.inputs import assessment_input_set
from parindex.web.audit.services import audit_record
from parindex.web.frameworks.models import FrameworkUpload
from parindex.web.frameworks.permissions import can_manage_frameworks

if TYPE_CHECKING:
    from parindex.web.accounts.models import User

#: Uploaded framework files are refused above this size (the zip limits apply inside).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class FrameworkServiceError(ServiceError):
    """A refused framework operation; ``code`` says which (worded in ``text``)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class PlanAreaInvalidError(ServiceError):
    """An area's plan defaults refused; ``problems`` are (field, code, params), all at once."""

    def __init__(self, problems: list[AreaProblem]) -> None:
        super().__init__("plan_area_invalid")
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    """What an import did: ``created``, ``replaced`` (a draft's text changed) or ``unchanged``."""

    version: FrameworkVersion
    outcome: str
    upload: FrameworkUpload


def _allowed(actor: User, action: str) -> None:
    if not can_manage_frameworks(actor):
        raise NotAllowedError(action)


@transaction.atomic
def framework_import(
    *,
    data: bytes,
    name: str,
    actor: User | None,
    identity: TableIdentity | None = None,
) -> ImportResult:
    """Read an uploaded file (any layout), store it as a draft version with the file.

    Every problem of the file is raised at once (:class:`FrameworkError`) before anything is
    written. A new version starts as a draft with its plan defaults (the shipped ones of its
    code, else the start for its unit kind); a draft or retired version whose text changes
    goes back to draft; a frozen one takes a file that differs from it only in English words
    (``translated``, it keeps its status) and refuses any other (``FrameworkFrozenError``).
    Without an actor
    (the demo) the caller vouches for the import.
    """
    if actor is not None:
        _allowed(actor, "framework_import")
    if len(data) > MAX_UPLOAD_BYTES:
        raise problem(
            "file_too_large_or_malformed",
            "the file is too large",
            name,
            limit="file_size",
            maximum=MAX_UPLOAD_BYTES,
            found=len(data),
        )
    read = read_framework_file(data, name, identity=identity, unit=Unit())
    framework = read.framework
    before = FrameworkVersion.objects.filter(code=framework.code, version=framework.version)
    previous = before.values_list("sha256", flat=True).first()
    version = framework_version_import(
        text=read.yaml_text, actor=actor, source=name, status=FrameworkStatus.DRAFT
    )
    outcome = (
        "created"
        if previous is None
        else "unchanged"
        if previous == version.sha256
        else "translated"
        if version.frozen
        else "replaced"
    )
    if not version.plan_defaults_yaml:
        version.plan_defaults_yaml = starting_defaults_text(version.code, framework.unit_kind)
        version.save(update_fields=["plan_defaults_yaml"])
    upload = FrameworkUpload.objects.create(
        version=version,
        name=name[:255],
        layout=read.layout,
        content=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        self_assessment_yaml=read.assessment_yaml or "",
        uploaded_by=actor,
    )
    audit_record(
        actor=actor,
        action="framework.upload",
        obj=version,
        object_type="framework_version",
        field="file",
        after=f"{upload.name} ({read.layout}, {outcome})",
    )
    return ImportResult(version, outcome, upload)


def replaced_by(version: FrameworkVersion) -> list[FrameworkVersion]:
    """The active versions of the same framework that activating ``version`` retires."""
    return list(
        FrameworkVersion.objects.filter(code=version.code, status=FrameworkStatus.ACTIVE)
        .exclude(pk=version.pk)
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def framework_activate(*, version: FrameworkVersion, actor: User | None) -> list[FrameworkVersion]:
    """Make a draft (or retired) version usable by new campaigns; retire the versions it
    replaces (campaigns already using them keep them as they are). Returns those retired.
    Without an actor (the demo) the caller vouches for it."""
    if actor is not None:
        _allowed(actor, "framework_activate")
    row = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if row.status == FrameworkStatus.ACTIVE:
        raise FrameworkServiceError("already_active")
    retired = replaced_by(row)
    for old in retired:
        FrameworkVersion.objects.filter(pk=old.pk).update(status=FrameworkStatus.RETIRED)
        audit_record(
            actor=actor,
            action="framework.retire",
            obj=old,
            object_type="framework_version",
            field="status",
            before=FrameworkStatus.ACTIVE,
            after=FrameworkStatus.RETIRED,
        )
    before = row.status
    row.status = FrameworkStatus.ACTIVE
    row.save(update_fields=["status"])
    version.status = row.status
    audit_record(
        actor=actor,
        action="framework.activate",
        obj=row,
        object_type="framework_version",
        field="status",
        before=before,
        after=row.status,
    )
    return retired


@transaction.atomic
def framework_retire(*, version: FrameworkVersion, actor: User) -> None:
    """No new campaign may use this version; campaigns using it keep it unchanged."""
    _allowed(actor, "framework_retire")
    row = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    if row.status != FrameworkStatus.ACTIVE:
        raise FrameworkServiceError("not_active")
    row.status = FrameworkStatus.RETIRED
    row.save(update_fields=["status"])
    version.status = row.status
    audit_record(
        actor=actor,
        action="framework.retire",
        obj=row,
        object_type="framework_version",
        field="status",
        before=FrameworkStatus.ACTIVE,
        after=FrameworkStatus.RETIRED,
    )


def _not_frozen(version: FrameworkVersion) -> None:
    """A version a campaign uses keeps everything it carries, its plan defaults too: a
    change is a new version (the freezing rule of the framework text)."""
    if FrameworkVersion.objects.filter(pk=version.pk, frozen=True).exists():
        raise FrameworkServiceError("plan_defaults_frozen")


@transaction.atomic
def framework_plan_area_set(*, version: FrameworkVersion, edit: AreaEdit, actor: User) -> None:
    """Write one area's plan defaults (lead and coordinating agencies, goal, default targets
    of its measured sub-criteria) into the version's stored defaults.

    Refused when the version is frozen (``plan_defaults_frozen``) or, with every problem at
    once, when the edit does not fit the framework (:class:`PlanAreaInvalidError`).
    """
    _allowed(actor, "framework_plan_defaults")
    row = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
    _not_frozen(row)
    framework = row.framework()
    problems = area_problems(framework, edit)
    if problems:
        raise PlanAreaInvalidError(problems)
    current = row.plan_defaults_yaml or starting_defaults_text(row.code, framework.unit_kind)
    text = with_area(current, framework, edit)
    _store_defaults(row, text, actor)
    version.plan_defaults_yaml = text


def _store_defaults(version: FrameworkVersion, text: str, actor: User) -> None:
    before = hashlib.sha256(version.plan_defaults_yaml.encode()).hexdigest()
    version.plan_defaults_yaml = text
    version.save(update_fields=["plan_defaults_yaml"])
    audit_record(
        actor=actor,
        action="framework.plan_defaults",
        obj=version,
        object_type="framework_version",
        field="plan_defaults_yaml",
        before=before,
        after=hashlib.sha256(text.encode()).hexdigest(),
    )


@transaction.atomic
def framework_plan_defaults_set(*, version: FrameworkVersion, text: str, actor: User) -> None:
    """Replace a version's whole plan defaults text (the plan document's wording; the areas
    have their own form, :func:`framework_plan_area_set`).

    Refused when the version is frozen (``plan_defaults_frozen``) and
    (``plan_defaults_invalid``) unless the text loads and names this framework.
    """
    _allowed(actor, "framework_plan_defaults")
    _not_frozen(version)
    try:
        defaults = load_defaults(text, "plan-defaults")
    except PlanError as exc:
        raise FrameworkServiceError("plan_defaults_invalid", reason=str(exc)) from exc
    if defaults.framework != version.code:
        raise FrameworkServiceError(
            "plan_defaults_framework", found=defaults.framework, expected=version.code
        )
    unknown = sorted(set(defaults.areas) - {n.code for n in version.framework().nodes})
    if unknown:
        raise FrameworkServiceError("plan_defaults_areas", codes=", ".join(unknown))
    _store_defaults(version, text, actor)


@transaction.atomic
def framework_self_assessment_load(
    *, upload: FrameworkUpload, assessment: Assessment, actor: User
) -> int:
    """Enter a criteria table's self-scores into an assessment of the same framework version.

    Written through the assessments' input service as a data feed, so its rules hold (the
    campaign's secretariat or the unit's focal point, while the assessment is open and
    before its deadline). Returns how many sub-criteria were written.
    """
    if assessment.campaign.framework_version_id != upload.version_id:
        raise FrameworkServiceError("other_framework")
    if not upload.self_assessment_yaml:
        raise FrameworkServiceError("no_self_scores")
    try:
        data = load_assessment(upload.self_assessment_yaml, upload.name)
    except (FrameworkError, InputError) as exc:  # pragma: no cover - written by the reader
        raise FrameworkServiceError("no_self_scores") from exc
    stored: dict[str, dict[str, int]] = {}
    for row in InputValue.objects.filter(assessment=assessment).values(
        "node_code", "input_name", "version"
    ):
        stored.setdefault(row["node_code"], {})[row["input_name"]] = row["version"]
    for code, values in data.inputs.items():
        assessment_input_set(
            assessment=assessment,
            node_code=code,
            values={name: str(value) for name, value in values.items()},
            versions=stored.get(code, {}),
            actor=actor,
            feed=True,
        )
    audit_record(
        actor=actor,
        action="framework.self_scores",
        obj=assessment,
        object_type="assessment",
        after=f"{upload.name}: {len(data.inputs)}",
    )
    return len(data.inputs)
