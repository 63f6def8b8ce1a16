"""Answers: one from the public form, or a file exported from Kobo, ODK or LimeSurvey."""

from __future__ import annotations

import hashlib
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from parindex.core.limits import LimitError
from parindex.surveys import read_responses
from parindex.surveys.responses import STRICT as STRICT_TOLERANCE
from parindex.web.accounts.models import User
from parindex.web.audit.services import audit_record
from parindex.web.surveys.models import (
    Access,
    ImportBatch,
    InvitationCode,
    ResponseSource,
    Survey,
    SurveyResponse,
    SurveyStatus,
)
from parindex.web.surveys.services.errors import SurveyServiceError
from parindex.web.surveys.services.invitations import normalise_code
from parindex.web.surveys.services.questionnaire import form_of

IMPORT_EXTENSIONS = (".csv", ".xlsx", ".tsv", ".txt")


def encode_answers(answers: Mapping[str, object]) -> dict[str, object]:
    """Answers as JSON: tuples as lists, decimals as text."""
    return {
        k: (list(v) if isinstance(v, tuple) else str(v) if isinstance(v, Decimal) else v)
        for k, v in answers.items()
    }


def response_submit(
    *,
    survey: Survey,
    answers: Mapping[str, object],
    code: str | None = None,
) -> SurveyResponse:
    """Store an answer given on the public form (already validated against the form).

    In a survey answered with invitation codes the code must exist, belong to the survey and
    be unused; it is locked and marked used in the same transaction, so two concurrent posts
    of one code store one response.
    """
    if survey.status != SurveyStatus.OPEN:
        raise SurveyServiceError("not_open")
    form = form_of(survey)
    with transaction.atomic():
        invitation = None
        if survey.access == Access.CODE:
            invitation = (
                InvitationCode.objects.select_for_update()
                .filter(survey=survey, code=normalise_code(code or ""))
                .first()
            )
            if invitation is None:
                raise SurveyServiceError("unknown_code")
            if invitation.response_id is not None:
                raise SurveyServiceError("code_used")
        response = SurveyResponse.objects.create(
            survey=survey,
            source=ResponseSource.WEB,
            source_id=f"web-{uuid.uuid4()}",
            unit_code=str(answers.get(form.unit_question, "")),
            service_code=str(answers.get(form.service_question, "")),
            answers=encode_answers(answers),
            submitted_at=timezone.now().isoformat(timespec="seconds"),
        )
        if invitation is not None:
            invitation.response = response
            invitation.used_at = timezone.now()
            invitation.save(update_fields=["response", "used_at"])
    return response


@dataclass(frozen=True)
class ImportOutcome:
    batch: ImportBatch
    created: bool  # False: the same file was imported before (nothing done)


def responses_import(
    *,
    survey: Survey,
    file_name: str,
    content: bytes,
    actor: User | None,
    tool: str | None = None,
) -> ImportOutcome:
    """Import an export of KoboToolbox, ODK Central or LimeSurvey: all or nothing, idempotent.

    A file already imported (same SHA-256) is a no-op. Every row must be valid (the core's
    ``ResponsesRejected`` lists the bad ones, nothing is stored). A response id already stored
    with the same answers is skipped; with different answers the whole file is refused
    (``SurveyServiceError('changed_responses')``): a stored response is never replaced. A file
    beyond the responses limits (``parindex.io.limits``) is refused with the code
    ``file_too_large_or_malformed`` before anything is stored.
    """
    suffix = Path(file_name).suffix.lower()
    if suffix not in IMPORT_EXTENSIONS:
        raise SurveyServiceError("bad_extension", allowed=", ".join(IMPORT_EXTENSIONS))
    sha = hashlib.sha256(content).hexdigest()
    existing = ImportBatch.objects.filter(survey=survey, sha256=sha).first()
    if existing is not None:
        return ImportOutcome(existing, False)
    form = form_of(survey)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"responses{suffix}"
        path.write_bytes(content)
        try:
            batch_read = read_responses(path, form, tool=tool, tolerance=STRICT_TOLERANCE)
        except LimitError as exc:
            raise SurveyServiceError(exc.code, **exc.params) from exc
    source = (
        batch_read.mapping.tool if batch_read.mapping.tool in ResponseSource.values else "generic"
    )
    incoming = {r.id: encode_answers(r.answers) for r in batch_read.responses}
    stored = dict(
        SurveyResponse.objects.filter(survey=survey, source_id__in=list(incoming)).values_list(
            "source_id", "answers"
        )
    )
    changed = sorted(rid for rid, ans in stored.items() if ans != incoming[rid])
    if changed:
        raise SurveyServiceError("changed_responses", ids=changed[:20], count=len(changed))
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                survey=survey,
                tool=source,
                file_name=file_name[:255],
                sha256=sha,
                rows=batch_read.rows,
                imported=len(incoming) - len(stored),
                skipped=len(stored),
                mapping=batch_read.mapping.as_dict(),
                created_by=actor,
            )
            SurveyResponse.objects.bulk_create(
                SurveyResponse(
                    survey=survey,
                    source=source,
                    source_id=r.id,
                    unit_code=str(r.answers.get(form.unit_question, "")),
                    service_code=str(r.answers.get(form.service_question, "")),
                    answers=incoming[r.id],
                    submitted_at=(r.submitted_at or "")[:64],
                    batch=batch,
                )
                for r in batch_read.responses
                if r.id not in stored
            )
            audit_record(
                actor=actor,
                action="surveys.import",
                obj=survey,
                object_type="survey",
                field=file_name[:100],
                after=f"{batch.imported}+{batch.skipped}",
            )
    except IntegrityError as exc:  # a concurrent import of the same file or ids
        raise SurveyServiceError("concurrent_import") from exc
    return ImportOutcome(batch, True)
