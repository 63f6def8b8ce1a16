"""Self-assessment inputs: a sub-criterion's values and comment, with optimistic versions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from parindex.core.errors import InputError, Problem
from parindex.core.model import Node
from parindex.core.relations import relation_problems
from parindex.core.rules import Value
from parindex.core.scoring import coerce
from parindex.web.accounts.models import User
from parindex.web.assessments import permissions
from parindex.web.assessments.models import Assessment, InputValue, NodeComment
from parindex.web.assessments.services.errors import (
    MESSAGE_MAX,
    AssessmentLockedError,
    InputConflictError,
    NotAllowedError,
)
from parindex.web.assessments.services.workflow import deadline_check
from parindex.web.audit.services import audit_record
from parindex.web.site.text import TextError, clean_text

COMMENT = "_comment"  # key of the comment among a sub-criterion's versions and changes


def canonical(value: Value) -> str:
    """The stored text of a coerced value: exact decimals, 'true'/'false', choice text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class InputSetResult:
    changed: list[str]
    versions: dict[str, int]


def input_set_check(
    *, assessment: Assessment, node_code: str, actor: User | None, feed: bool = False
) -> None:
    """Refuse a write of a node's inputs as :func:`assessment_input_set` does first.

    :class:`AssessmentLockedError` when the assessment is not open for editing, then
    :class:`NotAllowedError` when the actor may not write the node (a door that parses a
    request body can refuse before reading it).
    """
    if not assessment.is_editable:
        raise AssessmentLockedError(assessment.get_status_display())
    if actor is not None and not (
        permissions.can_feed_inputs(actor, assessment)
        if feed
        else permissions.can_edit_node(actor, assessment, node_code)
    ):
        raise NotAllowedError("input_set")


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
    feed: bool = False,
) -> InputSetResult:
    """Set a sub-criterion's inputs (and comment) from typed text; empty text clears one.

    Each input carries the version the user's form was loaded with (0: was empty). If a
    stored version differs, someone saved in between and :class:`InputConflictError` names
    the inputs (``COMMENT`` for the comment); nothing is written. Invalid values raise the
    core's ``InputError``. Refused once the assessment is submitted or its self-assessment
    deadline has passed (unless the secretariat reopened it).

    Who may write (else :class:`NotAllowedError`): by hand, whoever prepares the node (the
    unit's focal point, or the contributing agency it is assigned to); with ``feed`` (values
    from a dossier log or a survey), the campaign's secretariat or the unit's focal point.
    Without an ``actor`` (the demo, imports) the caller vouches for the write.
    """
    input_set_check(assessment=assessment, node_code=node_code, actor=actor, feed=feed)
    deadline_check(assessment, assessment.campaign.self_assessment_due, node_code)
    return node_inputs_write(
        assessment=assessment,
        node_code=node_code,
        values=values,
        versions=versions,
        actor=actor,
        comment=comment,
        comment_version=comment_version,
    )


def _relation_problems(
    assessment: Assessment, node: Node, typed: Mapping[str, str | None]
) -> list[Problem]:
    """The node's relations (numerator ≤ denominator...) over its stored values and the new ones.

    The one check every door shares: the page, the API, imports and the data feeds all write
    through here, and the core's ``validate_inputs`` applies the same relations to files.
    """
    values: dict[str, Value] = {}
    for row in InputValue.objects.filter(assessment=assessment, node_code=node.code):
        spec = node.input(row.input_name)
        if spec is not None and row.input_name not in typed:
            try:
                values[row.input_name] = coerce(spec, row.value, node)
            except ValueError:  # a value stored before its framework changed: not ours to judge
                continue
    for name, text in typed.items():
        spec = node.input(name)
        if spec is not None and text is not None:
            values[name] = coerce(spec, text, node)
    return relation_problems(node, values)


def node_inputs_write(
    *,
    assessment: Assessment,
    node_code: str,
    values: Mapping[str, str],
    versions: Mapping[str, int],
    actor: User | None,
    comment: str | None = None,
    comment_version: int = 0,
) -> InputSetResult:
    """Write a node's inputs and comment; for services that checked the actor and the stage."""
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
    if not problems:
        problems.extend(_relation_problems(assessment, node, coerced))
    if comment is not None:
        try:  # refused, never cut: the form shows the typed comment back
            comment = clean_text(comment, field="comment", max_length=MESSAGE_MAX)
        except TextError as exc:
            problems.append(
                Problem(
                    exc.code,
                    f"comment longer than {MESSAGE_MAX} characters",
                    node=node_code,
                    params={"input": COMMENT, **exc.params},
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
        text = comment
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
