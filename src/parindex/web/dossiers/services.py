"""Writes for dossier logs: upload, saved mappings, import jobs, applying inputs.

An import runs as a background task (web/dossiers/tasks.py); the job row is what the pages
show of it.

(Over 500 lines: uploads, mappings, import jobs and applying inputs share the province's
folders, the errors and the audit; the upload's streaming half lives in ``uploading.py``.)

Every change records an audit event. The indicators package does the reading, checking and
storing; this module only keeps track of files and jobs and hands values to the assessments'
own service, so its optimistic versions are respected.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from parindex.indicators import (
    ImportRejected,
    IndicatorError,
    InputValue,
    Store,
    Tolerance,
    apply,
    open_dataset,
)
from parindex.indicators.store import sha256_file
from parindex.web.accounts.models import User
from parindex.web.assessments.models import Assessment
from parindex.web.assessments.models import InputValue as StoredInput
from parindex.web.assessments.services.errors import InputConflictError
from parindex.web.assessments.services.inputs import assessment_input_set, input_set_check
from parindex.web.audit.services import audit_record
from parindex.web.dossiers import conf, raw
from parindex.web.dossiers.models import (
    AppliedIndicator,
    DossierUpload,
    ImportJob,
    JobStatus,
    SavedMapping,
)
from parindex.web.organisations.models import Unit

log = logging.getLogger(__name__)

EXTENSIONS = (".csv", ".xlsx", ".parquet")
MAX_ERRORS = 5000  # rows of a failed import kept for the page (the count is always exact)


class DossierError(Exception):
    """A refused dossier operation; ``code`` is a stable word the page translates."""

    def __init__(self, code: str, **detail: object) -> None:
        self.code = code
        self.detail = detail
        super().__init__(code)


class ApplyConflictError(DossierError):
    """Someone changed some of the inputs since the page was loaded; nothing was applied."""

    def __init__(self, nodes: list[str]) -> None:
        super().__init__("conflict", nodes=nodes)
        self.nodes = nodes


# --- where files live ------------------------------------------------------------------------


def province_dir(province: Unit) -> Path:
    # by primary key: a province code is reused after the 2025 merger (Lào Cai took 15)
    return conf.root() / f"unit-{province.pk}"


def province_store(province: Unit) -> Store:
    return Store(province_dir(province) / "store")


def upload_path(upload: DossierUpload) -> Path:
    return province_dir(upload.province) / "uploads" / upload.stored_name


# --- upload ----------------------------------------------------------------------------------


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name.strip().lstrip(".") or "upload"
    stem, suffix = Path(base).stem[:150], Path(base).suffix.lower()
    return f"{stem}{suffix}"


@dataclass(frozen=True)
class UploadResult:
    upload: DossierUpload
    created: bool


TEMP_PREFIX = ".upload-"
# Every chunk written touches a temporary: one untouched this long belongs to no live upload.
STALE_TEMPORARY = datetime.timedelta(hours=1)


def _sweep_temporaries(folder: Path, keep: Path) -> None:
    """Remove temporaries of uploads whose process died (a finished one removes its own).

    ``keep`` is the caller's own, never swept whatever the clock says.
    """
    limit = time.time() - STALE_TEMPORARY.total_seconds()
    for path in folder.glob(f"{TEMP_PREFIX}*"):
        if path.name == keep.name:
            continue
        with contextlib.suppress(FileNotFoundError):  # another upload's sweep was quicker
            if path.stat().st_mtime < limit:
                path.unlink()


def _intact(path: Path, size: int, sha: str) -> bool:
    """Whether a stored upload is whole: its size, then its SHA-256."""
    try:
        return path.stat().st_size == size and sha256_file(path) == sha
    except FileNotFoundError:
        return False


def _place(tmp: str, target: Path, size: int, sha: str) -> None:
    """Put the complete temporary at ``target`` unless an intact copy is already there."""
    if _intact(target, size, sha):
        return
    if target.exists():
        log.warning("replacing damaged dossier upload %s", target)
    target.parent.mkdir(exist_ok=True)
    os.replace(tmp, target)


def uploads_dir(province: Unit) -> Path:
    """Where the province's uploads live (and their temporaries, while they arrive)."""
    return province_dir(province) / "uploads"


def dossier_upload(
    *, province: Unit, name: str, content: Iterable[bytes], actor: User | None
) -> UploadResult:
    """Store an uploaded export under its SHA-256; the same file again changes nothing.

    The file is written to a temporary, flushed to disk and renamed: a stored upload is whole.
    One found damaged or missing (a disk fault, a hand's slip) is replaced by the new upload.
    """
    _check_name(name)
    folder = uploads_dir(province)
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    limit = conf.max_upload_bytes()
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in content:
                size += len(chunk)
                if size > limit:
                    raise DossierError("too_large", limit=limit)
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())  # on disk before the rename makes it visible
        return dossier_upload_stored(
            province=province,
            name=name,
            path=Path(tmp),
            size=size,
            sha256=digest.hexdigest(),
            actor=actor,
        )
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _check_name(name: str) -> None:
    if Path(name).suffix.lower() not in EXTENSIONS:
        raise DossierError("bad_extension", name=name)


def dossier_upload_stored(
    *, province: Unit, name: str, path: Path, size: int, sha256: str, actor: User | None
) -> UploadResult:
    """Record an upload already written (and synced) to a temporary of the uploads folder.

    The temporary is renamed into place, never read again but to check a stored copy of the
    same SHA-256; when that copy is intact the temporary is removed. Either way the caller's
    temporary is gone afterwards (the web's streaming handler, ``uploading.py``, wrote it).
    """
    folder = uploads_dir(province)
    tmp = str(path)
    try:
        _check_name(name)
        if path.parent.resolve() != folder.resolve() or not path.name.startswith(TEMP_PREFIX):
            raise ValueError(f"{path} is not a temporary of {folder}")
        if size > conf.max_upload_bytes():
            raise DossierError("too_large", limit=conf.max_upload_bytes())
        _sweep_temporaries(folder, keep=path)
        # A folder per SHA-256 keeps the original name, which the store records as the source.
        stored_name = f"{sha256}/{_safe_name(name)}"
        with transaction.atomic():
            existing = DossierUpload.objects.filter(province=province, sha256=sha256).first()
            if existing is not None:
                _place(tmp, upload_path(existing), size, sha256)
                return UploadResult(existing, False)
            _place(tmp, folder / stored_name, size, sha256)
            upload = DossierUpload.objects.create(
                province=province,
                name=Path(name).name[:255],  # a file name, not typed: cut on purpose
                stored_name=stored_name,
                sha256=sha256,
                size=size,
                uploaded_by=actor,
            )
            audit_record(
                actor=actor,
                action="dossiers.upload",
                obj=upload,
                object_type="dossier_upload",
                after=sha256,
            )
            return UploadResult(upload, True)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# --- mappings --------------------------------------------------------------------------------


def mapping_from_form(
    columns: Mapping[str, str], header_row: int | None, defaults: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """The mapping dict ``load_mapping`` accepts, from the page's choices (blank: automatic)."""
    mapping: dict[str, Any] = {"columns": {k: [v] for k, v in columns.items() if v}}
    if header_row:
        mapping["header_row"] = header_row
    if defaults:
        mapping["defaults"] = {k: v for k, v in defaults.items() if v}
    return mapping


@transaction.atomic
def mapping_save(
    *, province: Unit, name: str, mapping: Mapping[str, Any], actor: User | None
) -> SavedMapping:
    """Save (or replace) a named mapping of the province."""
    name = name.strip()[:100]
    if not name:
        raise DossierError("mapping_name")
    saved, created = SavedMapping.objects.update_or_create(
        province=province, name=name, defaults={"mapping": dict(mapping), "updated_by": actor}
    )
    audit_record(
        actor=actor,
        action="dossiers.mapping.create" if created else "dossiers.mapping.update",
        obj=saved,
        object_type="dossier_mapping",
        after=str(mapping)[:1000],
    )
    return saved


# --- import jobs -----------------------------------------------------------------------------


def import_job_create(
    *,
    upload: DossierUpload,
    mapping: Mapping[str, Any],
    max_bad_rows: int = 0,
    actor: User | None,
) -> ImportJob:
    """Queue an import of an upload; a task runs it once the transaction commits."""
    from parindex.web.dossiers.tasks import import_job_enqueue

    with transaction.atomic():
        job = ImportJob.objects.create(
            upload=upload, mapping=dict(mapping), max_bad_rows=max_bad_rows, created_by=actor
        )
        audit_record(
            actor=actor,
            action="dossiers.import.queue",
            obj=job,
            object_type="dossier_import",
            after=upload.sha256,
        )
        import_job_enqueue(job.pk)
    return job


class _Progress:
    """Writes a job's stage and counts, at most twice a second within a stage.

    Rows read reported without a total (``progress("read", rows, 0)``: a streaming reader
    does not know it) are counted against ``estimate``, the rows the file's size suggests.
    """

    def __init__(self, job_id: int, estimate: int | None = None) -> None:
        self.job_id = job_id
        self.estimate = estimate
        self.stage = ""
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage == "read" and not total and done and self.estimate:
            total = max(self.estimate, done)
        now = time.monotonic()
        if stage == self.stage and now - self.last < 0.5 and done < total:
            return
        self.stage, self.last = stage, now
        ImportJob.objects.filter(pk=self.job_id).update(stage=stage, done=done, total=total)


def _claim(job_id: int) -> bool:
    return bool(
        ImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING,
            started_at=timezone.now(),
            heartbeat_at=timezone.now(),
            stage="read",
        )
    )


def _reading_summary(read: Any) -> dict[str, Any] | None:
    """What the import read, used and left out, and the export's own date (the reading date)."""
    if read is None:
        return None
    reading = getattr(read, "reading", None)
    if reading is not None:
        return dict(reading.summary())
    bad = sorted({p.row for p in read.problems if p.row is not None})
    return {
        "rows_read": read.rows_read,
        "rows_used": read.rows_read - read.rows_bad,
        "rows_left_out": read.rows_bad,
        "left_out_rows": bad[:20],
    }


def import_job_run(job_id: int) -> ImportJob:
    """Run one queued import to the end: done with counts, or failed with every bad row.

    A failed import leaves the store as it was (the store commits its manifest last).
    """
    if not _claim(job_id):
        return ImportJob.objects.get(pk=job_id)
    job = ImportJob.objects.select_related("upload__province", "created_by").get(pk=job_id)
    upload = job.upload
    # What the page shows until the reading ends: about how many rows the file holds.
    estimate = raw.rows_estimate(upload_path(upload))
    ImportJob.objects.filter(pk=job.pk).update(result={"rows_estimated": estimate})
    fields: dict[str, Any]
    try:
        outcome = province_store(upload.province).import_file(
            upload_path(upload),
            job.mapping or None,
            tolerance=Tolerance(max_rows=job.max_bad_rows),
            progress=_Progress(job.pk, estimate),
        )
    except ImportRejected as exc:
        problems = [p.as_dict() for p in exc.problems[:MAX_ERRORS]]
        fields = {
            "status": JobStatus.FAILED,
            "errors": problems,
            "error": "too_many_bad_rows",
            "result": {
                "rows_bad": exc.bad,
                "rows_read": exc.total,
                "tolerance": job.max_bad_rows,
                # refused: nothing was used, the store is as it was
                "reading": {"rows_read": exc.total, "rows_used": 0, "rows_left_out": exc.bad},
            },
        }
    except IndicatorError as exc:
        fields = {
            "status": JobStatus.FAILED,
            "errors": [exc.as_problem().as_dict()],
            "error": exc.reason[:500],
        }
    except Exception as exc:  # the page must say the job stopped, whatever the cause
        log.exception("dossier import %s failed", job_id)
        fields = {"status": JobStatus.FAILED, "error": f"internal: {exc}"[:500]}
    else:
        read = outcome.read
        fields = {
            "status": JobStatus.DONE,
            "stage": "done",
            "result": {
                "outcome": outcome.status,
                "rows_new": outcome.rows_new,
                "rows_updated": outcome.rows_updated,
                "rows_unchanged": outcome.rows_unchanged,
                "rows_read": read.rows_read if read else 0,
                "rows_bad": read.rows_bad if read else 0,
                "rows_skipped": read.rows_skipped if read else {},
                "import_id": outcome.record.id if outcome.record else None,
                "tolerance": job.max_bad_rows,
                "reading": _reading_summary(read),
            },
            "errors": [p.as_dict() for p in (read.problems if read else [])[:MAX_ERRORS]],
        }
    fields["finished_at"] = timezone.now()
    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(**fields)
        job.refresh_from_db()
        audit_record(
            actor=job.created_by,
            action=f"dossiers.import.{job.status}",
            obj=job,
            object_type="dossier_import",
            after=str(job.result.get("outcome", job.error))[:255],
        )
    return job


def import_job_fail(job_id: int, *, error: str, status: str = JobStatus.RUNNING) -> bool:
    """Fail a job still in ``status`` whose task will never finish it; whether it changed."""
    with transaction.atomic():
        changed = ImportJob.objects.filter(pk=job_id, status=status).update(
            status=JobStatus.FAILED, error=error, finished_at=timezone.now()
        )
        if changed:
            audit_record(
                actor=None,
                action="dossiers.import.failed",
                obj=ImportJob.objects.get(pk=job_id),
                object_type="dossier_import",
                after=error,
            )
    return bool(changed)


def import_jobs_fail_stale(*, province: Unit | None = None) -> int:
    """Fail the running jobs whose worker stopped its heartbeat (killed, or its server restarted).

    A job still queued is left alone: a worker picks it up when one runs again.
    """
    from parindex.web.site.tasks import dead_after, result_fail_lost

    cutoff = timezone.now() - dead_after()
    stale = ImportJob.objects.filter(status=JobStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )
    if province is not None:
        stale = stale.filter(upload__province=province)
    count = 0
    for job_id, task_id in stale.values_list("id", "task_id"):
        if import_job_fail(job_id, error="interrupted"):
            result_fail_lost(task_id)
            count += 1
    return count


# --- applying inputs to an assessment ----------------------------------------------------------


def computed_inputs(province: Unit, assessment: Assessment) -> list[InputValue]:
    """The framework inputs the province's log gives for the assessment's year and framework."""
    store = province_store(province)
    if store.is_empty():
        return []
    framework = assessment.campaign.framework_version
    return apply(open_dataset(store), framework.code, assessment.campaign.year)


def input_text(value: int | float | None) -> str:
    """The text the assessment form would hold for a computed value."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format(Decimal(repr(value)).quantize(Decimal("0.0001")).normalize(), "f")
    return str(value)


def _applicable(assessment: Assessment, values: list[InputValue]) -> list[InputValue]:
    framework = assessment.campaign.framework_version.framework()
    out = []
    for v in values:
        node = framework.get(v.node)
        if node is not None and node.is_leaf and node.scored_by == "self":
            out.append(v)
    return out


def stored_versions(assessment: Assessment) -> dict[str, dict[str, int]]:
    versions: dict[str, dict[str, int]] = {}
    for row in StoredInput.objects.filter(assessment=assessment):
        versions.setdefault(row.node_code, {})[row.input_name] = row.version
    return versions


def dossier_inputs_apply(
    *,
    province: Unit,
    assessment: Assessment,
    versions: Mapping[str, Mapping[str, int]],
    actor: User | None,
) -> list[AppliedIndicator]:
    """Fill the assessment's inputs linked to the log, all or nothing, with their provenance.

    ``versions`` are the stored versions the page showed ({node: {input: version}}); if any
    moved, :class:`ApplyConflictError` names the nodes and nothing is written. Locked
    assessments and passed deadlines raise the assessments service's own errors, and so does
    an actor who may not feed the assessment's inputs (``NotAllowedError``): its secretariat
    or the unit's focal point only.
    """
    input_set_check(assessment=assessment, node_code="", actor=actor, feed=True)
    values = _applicable(assessment, computed_inputs(province, assessment))
    if not values:
        raise DossierError("nothing_to_apply")
    applied: list[AppliedIndicator] = []
    conflicts: list[str] = []
    with transaction.atomic():
        for v in values:
            texts = {name: input_text(x) for name, x in v.values.items()}
            try:
                assessment_input_set(
                    assessment=assessment,
                    node_code=v.node,
                    values=texts,
                    versions=dict(versions.get(v.node, {})),
                    actor=actor,
                    feed=True,
                )
            except InputConflictError:
                conflicts.append(v.node)
                continue
            for name, text in texts.items():
                row = AppliedIndicator.objects.create(
                    assessment=assessment,
                    node_code=v.node,
                    input_name=name,
                    value=text,
                    provenance={**v.provenance, "framework": v.framework},
                    applied_by=actor,
                )
                applied.append(row)
                audit_record(
                    actor=actor,
                    action="dossiers.apply",
                    obj=assessment,
                    object_type="assessment",
                    field=f"{v.node}/{name}",
                    after=text,
                )
        if conflicts:
            transaction.set_rollback(True)
    if conflicts:
        raise ApplyConflictError(conflicts)
    return applied


def open_upload(upload: DossierUpload) -> IO[bytes]:
    return upload_path(upload).open("rb")
