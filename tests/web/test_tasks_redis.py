"""The national worker pool: the same import task through RQ on the local Redis (db 14),
run by a real ``rqworker`` process; skipped only when no Redis answers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus
from worker_site import site

from parindex.indicators import generate
from parindex.web.accounts.models import User
from parindex.web.dossiers import services
from parindex.web.dossiers.models import ImportJob, JobStatus
from parindex.web.organisations.models import Unit, UnitKind
from parindex.web.site.tasks import result_of

__all__ = ["site"]  # the fixture

REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own, emptied before and after

pytestmark = pytest.mark.slow


@pytest.fixture
def redis_queue(settings):
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {error}")
    client.flushdb()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    yield client
    client.flushdb()


def test_an_import_goes_through_redis_to_an_rq_worker_and_back_to_its_page(
    redis_queue, site, tmp_path
) -> None:
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="10", valid_from=None)
    path = tmp_path / "nhat-ky-2020.csv"
    generate(path, rows=3000, seed=7)
    upload = services.dossier_upload(
        province=province, name=path.name, content=[path.read_bytes()], actor=None
    ).upload
    client = Client()
    client.force_login(User.objects.get(username="secretariat"))
    client.post(reverse("dossiers:preview", args=[province.pk, upload.pk]), {"import": "1"})
    job = ImportJob.objects.get()
    queued = result_of(job.task_id)
    assert queued is not None and queued.status == TaskResultStatus.READY
    assert redis_queue.llen("rq:queue:default") == 1

    worker = site.start(
        "rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job",
        TASKS_BACKEND="redis", REDIS_URL=REDIS_URL,
    )  # fmt: skip
    assert worker.wait(120) == 0, site.log()

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, (job.error, site.log())
    assert job.result["rows_new"] == 3000
    done = result_of(job.task_id)
    assert done is not None
    assert (done.status, done.return_value) == (TaskResultStatus.SUCCESSFUL, "done")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "100%" in page and "3000 hồ sơ mới" in page.replace(".", "").replace(",", "")
