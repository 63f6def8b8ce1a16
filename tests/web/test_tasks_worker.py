"""Real worker processes on the database queue: work queued while no worker runs is done
when one starts, and an import whose worker is killed is failed, not left running."""

from __future__ import annotations

import datetime
import signal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from worker_site import DEAD_AFTER, site, wait_for

from parindex.indicators import generate
from parindex.web.accounts.models import User
from parindex.web.dossiers import services
from parindex.web.dossiers.models import DossierUpload, ImportJob, JobStatus
from parindex.web.organisations.models import Unit, UnitKind

__all__ = ["site"]  # the fixture

pytestmark = pytest.mark.slow


def _secretariat() -> Client:
    client = Client()
    client.force_login(User.objects.get(username="secretariat"))
    return client


def _upload(tmp_path, rows: int = 3000) -> DossierUpload:
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="10", valid_from=None)
    path = tmp_path / "nhat-ky-2020.csv"
    generate(path, rows=rows, seed=7)
    return services.dossier_upload(
        province=province, name=path.name, content=[path.read_bytes()], actor=None
    ).upload


def _import(client: Client, upload: DossierUpload) -> ImportJob:
    url = reverse("dossiers:preview", args=[upload.province_id, upload.pk])
    assert client.post(url, {"import": "1"}).status_code == 302
    return ImportJob.objects.latest("id")


def test_work_queued_while_no_worker_runs_is_done_when_one_starts(site, tmp_path) -> None:
    upload = _upload(tmp_path)
    first = site.db_worker("--batch")  # runs what is queued (nothing), then stops
    assert first.wait(60) == 0, site.log()
    client = _secretariat()
    job = _import(client, upload)
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == TaskResultStatus.READY
    assert "Đang chờ" in client.get(job.get_absolute_url()).content.decode()

    site.db_worker()  # the worker is back
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).is_finished, what="the import")

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, (job.error, site.log())
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.SUCCESSFUL
    page = client.get(job.get_absolute_url()).content.decode()
    assert "100%" in page and "3000 hồ sơ mới" in page.replace(".", "").replace(",", "")


def test_an_import_whose_worker_is_killed_is_failed_after_the_heartbeat_timeout(
    site, tmp_path
) -> None:
    upload = _upload(tmp_path, rows=250_000)  # seconds of work: time to stop the worker in it
    worker = site.db_worker()
    client = _secretariat()
    job = _import(client, upload)
    wait_for(
        lambda: ImportJob.objects.get(pk=job.pk).status != JobStatus.QUEUED,
        what="the worker to start the import",
        every=0.02,
    )
    worker.send_signal(signal.SIGSTOP)  # frozen mid-import: no more work, no more heartbeats
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING, site.log()
    worker.kill()  # then SIGKILL: nothing is cleaned up, as when a server loses power
    worker.wait(10)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.heartbeat_at is not None
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.RUNNING

    silent = job.heartbeat_at + datetime.timedelta(seconds=DEAD_AFTER)
    with time_machine.travel(silent - datetime.timedelta(seconds=1)):
        assert "Đang nhập" in client.get(job.get_absolute_url()).content.decode()
    with time_machine.travel(silent + datetime.timedelta(seconds=1)):
        page = client.get(job.get_absolute_url()).content.decode()

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "interrupted")
    assert "tiến trình xử lý nền không còn hoạt động" in page and "every 1s" not in page
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "parindex.web.site.tasks.WorkerLost"
