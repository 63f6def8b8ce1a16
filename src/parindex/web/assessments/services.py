"""Writes for frameworks, campaigns and assessments; every one records an audit event."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from parindex.core.errors import InputError, Problem
from parindex.core.loader import load_framework
from parindex.core.rules import Value
from parindex.core.scoring import Scorecard, coerce, score_values
from parindex.web.accounts.models import User
from parindex.web.assessments.models import (
    Assessment,
    AssessmentAppraiser,
    Campaign,
    FrameworkVersion,
    InputValue,
    NodeComment,
)
from parindex.web.audit.services import audit_record
from parindex.web.organisations.models import Unit

COMMENT = "_comment"  # key of the comment among a sub-criterion's versions and changes


class ServiceError(Exception):
    """Root of the errors services raise for the edge (form, API, CLI) to translate."""


class FrameworkFrozenError(ServiceError):
    """A frozen framework version cannot be replaced."""


class InputConflictError(ServiceError):
    """Someone else saved these inputs since the form was loaded (optimistic lock)."""

    def __init__(self, node_code: str, names: list[str]) -> None:
        self.node_code = node_code
        self.names = names
        super().__init__(f"{node_code}: {', '.join(names)} changed since loaded")


class AssessmentLockedError(ServiceError):
    """The assessment is not open for editing in its current status."""


@transaction.atomic
def framework_version_import(
    *, text: str, actor: User | None = None, source: str = ""
) -> FrameworkVersion:
    """Validate framework YAML through the core and store it (same text again is a no-op)."""
    framework = load_framework(text, source)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = FrameworkVersion.objects.filter(
        code=framework.code, version=framework.version
    ).first()
    if existing is not None:
        if existing.sha256 == digest:
            return existing
        if existing.frozen:
            raise FrameworkFrozenError(f"{existing} is frozen: publish a new version instead")
        before = existing.sha256
        existing.yaml_text, existing.sha256, existing.title = text, digest, framework.title
        existing.save(update_fields=["yaml_text", "sha256", "title"])
        audit_record(
            actor=actor,
            action="framework.replace",
            obj=existing,
            object_type="framework_version",
            field="sha256",
            before=before,
            after=digest,
        )
        return existing
    version = FrameworkVersion.objects.create(
        code=framework.code,
        version=framework.version,
        title=framework.title,
        yaml_text=text,
        sha256=digest,
    )
    audit_record(
        actor=actor,
        action="framework.import",
        obj=version,
        object_type="framework_version",
        after=digest,
    )
    return version


@transaction.atomic
def campaign_create(
    *,
    name: str,
    framework_version: FrameworkVersion,
    year: int,
    organiser: Unit,
    units: Iterable[Unit],
    actor: User | None = None,
    self_assessment_due: datetime.datetime | None = None,
    appraisal_due: datetime.datetime | None = None,
    explanation_due: datetime.datetime | None = None,
    publication_due: datetime.datetime | None = None,
) -> Campaign:
    """Open a campaign: freeze its framework version and create one assessment per unit."""
    campaign = Campaign.objects.create(
        name=name,
        framework_version=framework_version,
        year=year,
        organiser=organiser,
        self_assessment_due=self_assessment_due,
        appraisal_due=appraisal_due,
        explanation_due=explanation_due,
        publication_due=publication_due,
    )
    if not framework_version.frozen:
        FrameworkVersion.objects.filter(pk=framework_version.pk).update(frozen=True)
        framework_version.frozen = True
    Assessment.objects.bulk_create([Assessment(campaign=campaign, unit=u) for u in units])
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        object_type="campaign",
        after=f"{framework_version} {year}",
    )
    return campaign


@transaction.atomic
def assessment_appraiser_assign(
    *, assessment: Assessment, appraiser: User, actor: User | None = None
) -> None:
    """Assign an appraiser (council member) to an assessment."""
    _link, created = AssessmentAppraiser.objects.get_or_create(
        assessment=assessment, user=appraiser
    )
    if created:
        audit_record(
            actor=actor,
            action="assessment.assign_appraiser",
            obj=assessment,
            object_type="assessment",
            field="appraisers",
            after=appraiser.get_username(),
        )


def canonical(value: Value) -> str:
    """The stored text of a coerced value: exact decimals, 'true'/'false', choice text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class InputSetResult:
    changed: list[str]
    versions: dict[str, int]


@transaction.atomic
def assessment_input_set(
    *,
    assessment: Assessment,
    node_code: str,
    values: Mapping[str, str],
    versions: Mapping[str, int],
    actor: User | None,
    comment: str | None = None,
    comment_version: int = 0,
) -> InputSetResult:
    """Set a sub-criterion's inputs (and comment) from typed text; empty text clears one.

    Each input carries the version the user's form was loaded with (0: was empty). If a
    stored version differs, someone saved in between and :class:`InputConflictError` names
    the inputs (``COMMENT`` for the comment); nothing is written. Invalid values raise the
    core's ``InputError``.
    """
    if not assessment.is_editable:
        raise AssessmentLockedError(assessment.get_status_display())
    framework = assessment.campaign.framework_version.framework()
    node = framework.get(node_code)
    if node is None or not node.is_leaf or node.scored_by != "self":
        raise InputError(
            [
                Problem(
                    "unknown_node", f"no self-assessed sub-criterion '{node_code}'", node=node_code
                )
            ]
        )
    coerced: dict[str, str | None] = {}
    problems: list[Problem] = []
    for name, raw in values.items():
        spec = node.input(name)
        if spec is None:
            problems.append(Problem("unknown_input", f"no input '{name}'", node=node_code))
            continue
        text = (raw or "").strip()
        if not text:
            coerced[name] = None
            continue
        try:
            coerced[name] = canonical(coerce(spec, text, node))
        except ValueError as exc:
            problems.append(
                Problem(
                    "bad_value",
                    f"input '{name}': {exc}",
                    node=node_code,
                    params={"input": name, "value": text},
                )
            )
    if problems:
        raise InputError(problems)
    stored = {
        row.input_name: row
        for row in InputValue.objects.select_for_update().filter(
            assessment=assessment, node_code=node_code, input_name__in=list(coerced)
        )
    }
    conflicts = [
        name
        for name in coerced
        if (stored[name].version if name in stored else 0) != int(versions.get(name, 0))
    ]
    note = None
    if comment is not None:
        note = (
            NodeComment.objects.select_for_update()
            .filter(assessment=assessment, node_code=node_code)
            .first()
        )
        if (note.version if note is not None else 0) != comment_version:
            conflicts.append(COMMENT)
    if conflicts:
        raise InputConflictError(node_code, sorted(conflicts))
    changed: list[str] = []
    new_versions: dict[str, int] = {}
    for name, value in coerced.items():
        row = stored.get(name)
        before = row.value if row is not None else ""
        if (value or "") == before:
            new_versions[name] = row.version if row is not None else 0
            continue
        if value is None:
            assert row is not None
            row.delete()
            new_versions[name] = 0
        elif row is None:
            try:
                with transaction.atomic():
                    InputValue.objects.create(
                        assessment=assessment,
                        node_code=node_code,
                        input_name=name,
                        value=value,
                        updated_by=actor,
                    )
            except IntegrityError as exc:  # created by someone else since we read
                raise InputConflictError(node_code, [name]) from exc
            new_versions[name] = 1
        else:
            updated = InputValue.objects.filter(pk=row.pk, version=row.version).update(
                value=value, version=F("version") + 1, updated_by=actor
            )
            if not updated:
                raise InputConflictError(node_code, [name])
            new_versions[name] = row.version + 1
        changed.append(name)
        audit_record(
            actor=actor,
            action="input.set",
            obj=assessment,
            object_type="assessment",
            field=f"{node_code}/{name}",
            before=before,
            after=value or "",
        )
    if comment is not None:
        text = comment.strip()[:2000]
        before = note.text if note is not None else ""
        if text == before:
            new_versions[COMMENT] = note.version if note is not None else 0
        else:
            if not text:
                assert note is not None
                note.delete()
                new_versions[COMMENT] = 0
            elif note is None:
                try:
                    with transaction.atomic():
                        NodeComment.objects.create(
                            assessment=assessment, node_code=node_code, text=text, updated_by=actor
                        )
                except IntegrityError as exc:
                    raise InputConflictError(node_code, [COMMENT]) from exc
                new_versions[COMMENT] = 1
            else:
                NodeComment.objects.filter(pk=note.pk).update(
                    text=text, version=F("version") + 1, updated_by=actor
                )
                new_versions[COMMENT] = note.version + 1
            changed.append(COMMENT)
            audit_record(
                actor=actor,
                action="comment.set",
                obj=assessment,
                object_type="assessment",
                field=f"{node_code}/{COMMENT}",
                before=before,
                after=text,
            )
    if changed:
        Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now())
    return InputSetResult(changed=changed, versions=new_versions)


def assessment_comments(assessment: Assessment) -> dict[str, NodeComment]:
    """Stored comments by node code."""
    return {c.node_code: c for c in NodeComment.objects.filter(assessment=assessment)}


def assessment_values(assessment: Assessment) -> dict[str, dict[str, InputValue]]:
    """Stored inputs by node code and input name."""
    result: dict[str, dict[str, InputValue]] = {}
    for row in InputValue.objects.filter(assessment=assessment):
        result.setdefault(row.node_code, {})[row.input_name] = row
    return result


def assessment_score(
    *, assessment: Assessment, stored: Mapping[str, Mapping[str, InputValue]] | None = None
) -> Scorecard:
    """The scorecard computed by the core from the stored inputs."""
    framework = assessment.campaign.framework_version.framework()
    if stored is None:
        stored = assessment_values(assessment)
    values: dict[str, dict[str, Value]] = {}
    for code, rows in stored.items():
        node = framework.get(code)
        if node is None or not node.is_leaf:
            continue  # inputs of a node a later framework edit removed: kept, not scored
        for name, row in rows.items():
            spec = node.input(name)
            if spec is not None:
                values.setdefault(code, {})[name] = coerce(spec, row.value, node)
    return score_values(framework, values, unit=assessment.unit.code, year=assessment.campaign.year)
