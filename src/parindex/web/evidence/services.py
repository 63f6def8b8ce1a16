"""Writes for evidence and explanations (each records an audit event) and the submit check.

Over 500 lines: documents, links, explanations and the submit check share the storage and audit
helpers; next split: services/documents.py, services/explanations.py.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from parindex.web.assessments.models import Assessment, AssessmentStatus, InputValue
from parindex.web.assessments.permissions import item_open, open_items
from parindex.web.assessments.services.errors import ServiceError
from parindex.web.assessments.services.selectors import assessment_score
from parindex.web.audit.services import audit_record
from parindex.web.evidence import blobs
from parindex.web.evidence.models import (
    Document,
    DocumentKind,
    DocumentVersion,
    EvidenceLink,
    Explanation,
)
from parindex.web.evidence.sniff import KINDS, sniff
from parindex.web.site.text import TextError, clean_text

if TYPE_CHECKING:
    from parindex.web.accounts.models import User
    from parindex.web.organisations.models import Unit

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_NAME = 200
# Số, ký hiệu of an official document (Nghị định 30/2020/NĐ-CP): "114/BC-UBND",
# "30/2020/NĐ-CP", "766/QĐ-TTg", "123/UBND-NC".
NUMBER_RE = re.compile(r"^\d{1,6}(/\d{4})?/[A-Za-zĐđ]+[A-Za-zĐđ0-9&.]*(-[A-Za-zĐđ0-9&.]+)*$")


# Evidence and explanations change while the unit prepares its assessment and while it
# answers the items the appraisal returned (the explanation round: those items only).
EVIDENCE_STATUSES = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.RETURNED})
# Statuses in which an assessment's submitted evidence must stay as it is (on its way to, or
# under, appraisal): a document linked there is not withdrawn while its item is locked.
UNDER_WAY = frozenset(
    {
        AssessmentStatus.PENDING,
        AssessmentStatus.SUBMITTED,
        AssessmentStatus.APPRAISING,
        AssessmentStatus.RETURNED,
    }
)


def evidence_open(assessment: Assessment) -> bool:
    """Whether the assessment's evidence and explanations may change in its status."""
    return assessment.status in EVIDENCE_STATUSES


class EvidenceError(ServiceError):
    """A refused evidence change: a stable code and its parameters (worded at the edge)."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code} {params}" if params else code)


class ExplanationConflictError(EvidenceError):
    """Someone saved this explanation since the form was loaded (optimistic lock)."""

    def __init__(self, node_code: str) -> None:
        super().__init__("explanation_conflict", node=node_code)


def max_bytes() -> int:
    """The upload size limit: setting, then environment variable, then 20 MiB."""
    value = getattr(settings, "PARINDEX_EVIDENCE_MAX_BYTES", None)
    if value is None:
        value = os.environ.get("PARINDEX_EVIDENCE_MAX_BYTES") or DEFAULT_MAX_BYTES
    return int(value)


def clean_filename(name: str) -> str:
    """A display-only file name: no directories, control characters or NULs, bounded length."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:16] if dot and stem else ""
        name = name[: MAX_NAME - len(ext) - 1].rstrip(" .") + ("." + ext if ext else "")
    return name or "tai-lieu"


def download_name(version: DocumentVersion) -> str:
    """The original name with the extension of the type the content really is."""
    base, dot, current = version.original_name.rpartition(".")
    stem = (
        base if dot and base and current.isalnum() and len(current) <= 5 else base + dot + current
    )
    kind = KINDS.get(version.file_kind)
    return f"{stem}.{kind.extension}" if kind is not None else stem


@dataclass(frozen=True)
class Stored:
    blob: str
    sha256: str
    size: int
    file_kind: str
    content_type: str


def _store(file: IO[bytes]) -> Stored:
    """Hash, size-check and sniff a seekable upload, then store it content-addressed."""
    limit = max_bytes()
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    while chunk := file.read(1 << 16):
        size += len(chunk)
        if size > limit:
            raise EvidenceError("too_large", limit=limit)
        digest.update(chunk)
    if size == 0:
        raise EvidenceError("empty")
    kind = sniff(file)  # type: ignore[arg-type]  # an uploaded file is a binary stream
    if kind is None:
        raise EvidenceError("bad_type")
    sha = digest.hexdigest()
    blob = blobs.blob_name(sha)
    # Same content, same name: a second upload reuses the stored file, once it is checked
    # whole; a damaged or missing one (a save killed midway) is replaced by this upload.
    found = blobs.check(blob, size=size, sha256=sha)
    if found.state != blobs.State.OK:
        if found.state != blobs.State.MISSING:
            log.warning("replacing damaged evidence file %s (%s)", blob, found.state)
        blobs.put(blob, file, sha256=sha)
    return Stored(blob, sha, size, kind.code, kind.content_type)


def _check_text(value: str | None, code: str, limit: int, required: bool = True) -> str:
    """``clean_text``'s refusal (``<code>_required``, ``<code>_too_long``) as an EvidenceError."""
    try:
        return clean_text(value, field=code, max_length=limit, required=required)
    except TextError as e:
        raise EvidenceError(e.code, **e.params) from None


def _version_row(
    document: Document, number: int, stored: Stored, name: str, actor: User | None
) -> DocumentVersion:
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        blob=stored.blob,
        sha256=stored.sha256,
        size=stored.size,
        file_kind=stored.file_kind,
        content_type=stored.content_type,
        original_name=clean_filename(name),
        uploaded_by=actor,
    )


@transaction.atomic
def document_upload(
    *,
    unit: Unit,
    title: str,
    file: IO[bytes],
    original_name: str,
    actor: User | None,
    assessment: Assessment | None = None,
    node_code: str = "",
    note: str = "",
) -> DocumentVersion:
    """Store an uploaded file as a new document of the unit (and link it if a node is given)."""
    title = _check_text(title or clean_filename(original_name), "title", 500)
    if assessment is not None:
        _check_node(assessment, node_code)  # before the file is stored: a locked item stores none
    stored = _store(file)
    document = Document.objects.create(
        unit=unit, kind=DocumentKind.FILE, title=title, created_by=actor
    )
    version = _version_row(document, 1, stored, original_name, actor)
    audit_record(
        actor=actor,
        action="evidence.upload",
        obj=document,
        object_type="document",
        field="v1",
        after=f"{version.original_name} sha256:{stored.sha256} {stored.size}",
    )
    if assessment is not None:
        evidence_link(
            assessment=assessment, node_code=node_code, version=version, note=note, actor=actor
        )
    return version


def citation_validate(*, number: str, issued_on: datetime.date | None, issuer: str) -> str:
    """Check a citation; return the normalised number (raises EvidenceError)."""
    number = re.sub(r"\s+", "", number or "")
    if not number:
        raise EvidenceError("number_required")
    if not NUMBER_RE.match(number) or len(number) > 64:
        raise EvidenceError("bad_number", number=number)
    if issued_on is None:
        raise EvidenceError("date_required")
    if issued_on > timezone.localdate():
        raise EvidenceError("future_date", date=issued_on.isoformat())
    _check_text(issuer, "issuer", 255)
    return number


@transaction.atomic
def document_cite(
    *,
    unit: Unit,
    number: str,
    issued_on: datetime.date | None,
    issuer: str,
    title: str,
    actor: User | None,
    assessment: Assessment | None = None,
    node_code: str = "",
    note: str = "",
) -> DocumentVersion:
    """Record a citation of an official document (and link it if a node is given)."""
    number = citation_validate(number=number, issued_on=issued_on, issuer=issuer)
    title = _check_text(title, "title", 500)
    document = Document.objects.create(
        unit=unit,
        kind=DocumentKind.CITATION,
        title=title,
        number=number,
        issued_on=issued_on,
        issuer=issuer.strip(),
        created_by=actor,
    )
    version = DocumentVersion.objects.create(document=document, number=1, uploaded_by=actor)
    audit_record(
        actor=actor,
        action="evidence.cite",
        obj=document,
        object_type="document",
        after=f"{number} {issued_on:%d/%m/%Y} {document.issuer}: {title}",
    )
    if assessment is not None:
        evidence_link(
            assessment=assessment, node_code=node_code, version=version, note=note, actor=actor
        )
    return version


@transaction.atomic
def document_version_add(
    *,
    document: Document,
    file: IO[bytes],
    original_name: str,
    actor: User | None,
    assessment: Assessment | None = None,
) -> DocumentVersion:
    """Upload a new version of a file document; older versions stay.

    If ``assessment`` is given (and open), its links to the document move to the new version.
    """
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.is_citation:
        raise EvidenceError("citation_has_no_file")
    if document.is_withdrawn:
        raise EvidenceError("withdrawn")
    stored = _store(file)
    previous = document.versions.aggregate(n=Max("number"))["n"] or 0
    version = _version_row(document, previous + 1, stored, original_name, actor)
    audit_record(
        actor=actor,
        action="evidence.version",
        obj=document,
        object_type="document",
        field=f"v{version.number}",
        before=f"v{previous}",
        after=f"{version.original_name} sha256:{stored.sha256} {stored.size}",
    )
    if assessment is not None and evidence_open(assessment):
        opened = open_items(assessment)  # in the explanation round: the returned items only
        for link in EvidenceLink.objects.filter(assessment=assessment, document=document):
            if opened is not None and link.node_code not in opened:
                continue
            before = f"v{link.version.number}"
            link.version = version
            link.save(update_fields=["version"])
            audit_record(
                actor=actor,
                action="evidence.relink",
                obj=assessment,
                object_type="assessment",
                field=f"{link.node_code}/_evidence",
                before=f"{document.pk} {before}",
                after=f"{document.pk} v{version.number}",
            )
    return version


@transaction.atomic
def document_withdraw(*, document: Document, reason: str, actor: User | None) -> Document:
    """Withdraw a document (soft: who, when, why); its files and versions stay."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.is_withdrawn:
        raise EvidenceError("withdrawn")
    reason = _check_text(reason, "reason", 500)
    locked = documents_locked([document.pk]).get(document.pk)
    if locked:  # it backs an item submitted as it is: withdrawing would change that item
        raise EvidenceError("linked_locked", node=locked)
    document.withdrawn_at = timezone.now()
    document.withdrawn_by = actor
    document.withdrawn_reason = reason
    document.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    audit_record(
        actor=actor,
        action="evidence.withdraw",
        obj=document,
        object_type="document",
        field="withdrawn",
        before="",
        after=reason,
    )
    return document


def self_leaf_codes(assessment: Assessment) -> list[str]:
    """Codes of the assessment framework's self-scored sub-criteria, in framework order."""
    framework = assessment.campaign.framework_version.framework()
    return [n.code for n in framework.leaves() if n.scored_by == "self"]


def _check_node(assessment: Assessment, node_code: str) -> None:
    if not evidence_open(assessment):
        raise EvidenceError("locked", status=assessment.status)
    node = assessment.campaign.framework_version.framework().get(node_code)
    if node is None or not node.is_leaf or node.scored_by != "self":
        raise EvidenceError("unknown_node", node=node_code)
    if not item_open(assessment, node_code):  # the explanation round: returned items only
        raise EvidenceError("item_locked", node=node_code)


def documents_locked(document_ids: Iterable[int]) -> dict[int, str]:
    """The documents among ``document_ids`` that back an item which may not change now (an
    item not open in an assessment under way, such as an accepted item in the explanation
    round), each with the first such item's code: these may not be withdrawn."""
    links = (
        EvidenceLink.objects.filter(
            document_id__in=list(document_ids), assessment__status__in=UNDER_WAY
        )
        .select_related("assessment")
        .order_by("assessment_id", "node_code")
    )
    opened: dict[int, frozenset[str] | None] = {}
    locked: dict[int, str] = {}
    for link in links:
        if link.assessment_id not in opened:
            opened[link.assessment_id] = open_items(link.assessment)
        codes = opened[link.assessment_id]
        if codes is not None and link.node_code not in codes:
            locked.setdefault(link.document_id, link.node_code)
    return locked


@transaction.atomic
def evidence_link(
    *,
    assessment: Assessment,
    node_code: str,
    version: DocumentVersion,
    actor: User | None,
    note: str = "",
) -> EvidenceLink:
    """Link a document version of the assessed unit to a sub-criterion."""
    _check_node(assessment, node_code)
    document = Document.objects.get(pk=version.document_id)  # fresh: withdrawn since loaded?
    if document.unit_id != assessment.unit_id:
        raise EvidenceError("other_unit")
    if document.is_withdrawn:
        raise EvidenceError("withdrawn")
    note = _check_text(note, "note", 1000, required=False)
    try:
        with transaction.atomic():
            link = EvidenceLink.objects.create(
                assessment=assessment,
                node_code=node_code,
                document=document,
                version=version,
                note=note,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise EvidenceError("already_linked") from exc
    audit_record(
        actor=actor,
        action="evidence.link",
        obj=assessment,
        object_type="assessment",
        field=f"{node_code}/_evidence",
        after=f"{document.pk} v{version.number} {document}" + (f" · {note}" if note else ""),
    )
    return link


@transaction.atomic
def evidence_unlink(*, link: EvidenceLink, actor: User | None) -> None:
    """Remove a link (the document itself stays in the unit's library)."""
    link = EvidenceLink.objects.select_related("document", "version").get(pk=link.pk)
    _check_node(link.assessment, link.node_code)
    audit_record(
        actor=actor,
        action="evidence.unlink",
        obj=link.assessment,
        object_type="assessment",
        field=f"{link.node_code}/_evidence",
        before=f"{link.document_id} v{link.version.number} {link.document}"
        + (f" · {link.note}" if link.note else ""),
    )
    link.delete()


@transaction.atomic
def evidence_reuse_previous(*, assessment: Assessment, actor: User | None) -> int:
    """Copy the links of the unit's latest earlier assessment to the same node codes here.

    Links go to each document's latest version; withdrawn documents, codes this framework
    has no self-scored sub-criterion for, items locked now (in the explanation round: all but
    the returned ones) and documents already linked are skipped.
    """
    previous = (
        Assessment.objects.filter(
            unit_id=assessment.unit_id, campaign__year__lt=assessment.campaign.year
        )
        .order_by("-campaign__year", "-pk")
        .first()
    )
    if previous is None:
        raise EvidenceError("no_previous")
    opened = open_items(assessment)
    codes = {c for c in self_leaf_codes(assessment) if opened is None or c in opened}
    existing = set(
        EvidenceLink.objects.filter(assessment=assessment).values_list("node_code", "document_id")
    )
    latest: dict[int, DocumentVersion] = {}
    copied = 0
    links = (
        EvidenceLink.objects.filter(assessment=previous, document__withdrawn_at__isnull=True)
        .select_related("document")
        .order_by("node_code", "id")
    )
    for old in links:
        key = (old.node_code, old.document_id)
        if old.node_code not in codes or key in existing:
            continue
        if old.document_id not in latest:
            latest[old.document_id] = old.document.versions.order_by("-number").first()  # type: ignore[assignment]  # a document always has a version
        evidence_link(
            assessment=assessment,
            node_code=old.node_code,
            version=latest[old.document_id],
            note=old.note,
            actor=actor,
        )
        existing.add(key)
        copied += 1
    return copied


def explanation_current(assessment: Assessment, node_code: str) -> Explanation | None:
    return (
        Explanation.objects.filter(assessment=assessment, node_code=node_code)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def explanation_set(
    *,
    assessment: Assessment,
    node_code: str,
    text: str,
    version: int,
    actor: User | None,
) -> Explanation | None:
    """Save a new version of a sub-criterion's explanation; empty text clears it.

    ``version`` is the one the form was loaded with (0: none); if another was saved since,
    :class:`ExplanationConflictError`. Returns the new row, or None when nothing changed.
    """
    _check_node(assessment, node_code)
    text = _check_text(text, "explanation", 4000, required=False)
    # Lock the assessment row: explanations of a node are serialised through it.
    Assessment.objects.select_for_update().filter(pk=assessment.pk).first()
    current = explanation_current(assessment, node_code)
    current_version = current.version if current is not None else 0
    if current_version != version:
        raise ExplanationConflictError(node_code)
    before = current.text if current is not None else ""
    if text == before:
        return None
    try:
        with transaction.atomic():
            row = Explanation.objects.create(
                assessment=assessment,
                node_code=node_code,
                version=current_version + 1,
                text=text,
                created_by=actor,
            )
    except IntegrityError as exc:
        raise ExplanationConflictError(node_code) from exc
    audit_record(
        actor=actor,
        action="explanation.set",
        obj=assessment,
        object_type="assessment",
        field=f"{node_code}/_explanation",
        before=before,
        after=text,
    )
    return row


@dataclass(frozen=True)
class SubmissionGap:
    """A sub-criterion the unit cannot submit as it is: attach evidence or explain."""

    node_code: str
    missing: str  # "evidence" (attach evidence or explain); "explanation" reserved


def evidenced_codes(assessment: Assessment) -> set[str]:
    """Node codes with at least one linked, non-withdrawn document."""
    return set(
        EvidenceLink.objects.filter(
            assessment=assessment, document__withdrawn_at__isnull=True
        ).values_list("node_code", flat=True)
    )


def explained_codes(assessment: Assessment) -> set[str]:
    """Node codes whose latest explanation is not empty."""
    latest: dict[str, str] = {}
    for code, text in (
        Explanation.objects.filter(assessment=assessment)
        .order_by("node_code", "version")
        .values_list("node_code", "text")
    ):
        latest[code] = text
    return {code for code, text in latest.items() if text.strip()}


def submission_gaps(assessment: Assessment) -> list[SubmissionGap]:
    """What blocks submission: claimed sub-criteria with neither evidence nor explanation.

    A self-scored sub-criterion is claimed when it has an input entered or a score above
    zero; it needs a linked, non-withdrawn document or an explanation. Framework order.
    """
    entered = set(
        InputValue.objects.filter(assessment=assessment).values_list("node_code", flat=True)
    )
    scorecard = assessment_score(assessment=assessment)
    covered = evidenced_codes(assessment) | explained_codes(assessment)
    gaps = []
    for code in self_leaf_codes(assessment):
        claimed = code in entered or scorecard[code].score > 0
        if claimed and code not in covered:
            gaps.append(SubmissionGap(node_code=code, missing="evidence"))
    return gaps
