"""A dossier import as a background task: queued with its job, run by the worker, watched on
the job page, and failed with a clear message when its worker dies."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from task_worker import run_queued

from parindex.indicators import generate
from parindex.web.audit.models import AuditEvent
from parindex.web.dossiers import services
from parindex.web.dossiers.models import DossierUpload, ImportJob, JobStatus
from parindex.web.organisations.models import Unit, UnitKind

LOST = "tiến trình xử lý nền không còn hoạt động"


@pytest.fixture
def province(demo, settings, tmp_path) -> Unit:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARINDEX_DOSSIERS_ROOT = None
    return demo.unit if demo.unit.kind == UnitKind.PROVINCE else demo.unit.parent


@pytest.fixture
def upload(province, tmp_path) -> DossierUpload:
    path = tmp_path / "nhat-ky-2020.csv"
    generate(path, rows=3000, seed=7)
    return services.dossier_upload(
        province=province, name=path.name, content=[path.read_bytes()], actor=None
    ).upload


def test_the_import_page_queues_a_task_the_worker_runs_and_the_page_follows(
    as_user, province, upload, django_capture_on_commit_callbacks
) -> None:
    client = as_user("secretariat")
    url = reverse("dossiers:preview", args=[province.pk, upload.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"import": "1"})
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    task = DBTaskResult.objects.get()
    assert (job.status, job.task_id) == (JobStatus.QUEUED, str(task.id))
    assert task.task_path == "parindex.web.dossiers.tasks.import_dossier_log"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    waiting = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "Đang chờ" in waiting and 'hx-trigger="every 1s"' in waiting

    assert run_queued() == 1

    job.refresh_from_db()
    task.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["rows_new"] == 3000
    assert (task.status, task.return_value) == (TaskResultStatus.SUCCESSFUL, "done")
    done = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "100%" in done and "every 1s" not in done
    assert "3000 hồ sơ mới" in done.replace(".", "").replace(",", "")


def test_a_job_is_queued_only_when_its_transaction_commits(upload) -> None:
    job = services.import_job_create(upload=upload, mapping={}, actor=None)
    assert job.task_id == "" and not DBTaskResult.objects.exists()


def test_a_running_job_whose_heartbeat_stopped_is_failed_with_a_clear_message(
    as_user, province, upload, django_capture_on_commit_callbacks, settings
) -> None:
    settings.PARINDEX_TASKS_DEAD_AFTER = 120
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(upload=upload, mapping={}, actor=None)
    job.refresh_from_db()
    # What a worker leaves behind when it is killed mid-import: both rows "running".
    DBTaskResult.objects.filter(pk=job.task_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )
    beat = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=beat, heartbeat_at=beat, stage="check"
    )
    client = as_user("secretariat")
    with time_machine.travel(beat + datetime.timedelta(seconds=119)):
        page = client.get(job.get_absolute_url()).content.decode()
    assert "Đang nhập" in page and LOST not in page

    with time_machine.travel(beat + datetime.timedelta(seconds=121)):
        page = client.get(job.get_absolute_url()).content.decode()
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "interrupted")
    assert "Nhập dữ liệu thất bại" in page and LOST in page and "every 1s" not in page
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "parindex.web.site.tasks.WorkerLost"
    assert AuditEvent.objects.filter(action="dossiers.import.failed", after="interrupted").exists()


def test_a_queued_job_waits_for_a_worker_however_long(
    as_user, upload, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(upload=upload, mapping={}, actor=None)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        as_user("secretariat").get(job.get_absolute_url())
        assert services.import_jobs_fail_stale() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert run_queued() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def test_a_queue_that_refuses_the_task_fails_the_job(
    as_user, upload, django_capture_on_commit_callbacks, settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(upload=upload, mapping={}, actor=None)
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "queue_unavailable")
    page = as_user("secretariat").get(job.get_absolute_url()).content.decode()
    assert "Không đưa được lượt nhập vào hàng đợi" in page
