"""Dossier-log imports as background tasks: queued with their job, run by any worker.

The job row (``ImportJob``) is what the pages show; the task only runs
``services.import_job_run`` and keeps the job's heartbeat while it does, so a job whose worker
died is failed instead of staying "running" (``services.import_jobs_fail_stale``).
"""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from parindex.web.dossiers import services
from parindex.web.dossiers.models import ImportJob, JobStatus
from parindex.web.site.tasks import enqueue_on_commit, heartbeat


@task()
def import_dossier_log(job_id: int) -> str:
    """Import one queued job to the end; return its final status."""

    def beat() -> None:
        ImportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            heartbeat_at=timezone.now()
        )

    with heartbeat(beat):
        return str(services.import_job_run(job_id).status)


def import_job_enqueue(job_id: int) -> None:
    """Hand the job to the queue when the transaction that created it commits."""
    enqueue_on_commit(
        import_dossier_log,
        job_id,
        enqueued=lambda task_id: ImportJob.objects.filter(pk=job_id).update(task_id=task_id),
        failed=lambda: services.import_job_fail(
            job_id, error="queue_unavailable", status=JobStatus.QUEUED
        ),
    )
