"""What every background task shares: enqueueing after commit, a heartbeat, lost workers.

The tasks themselves run on Django's task framework (the ``django_tasks`` backport): the
database backend by default, RQ on Redis for a national deployment (``TASKS_BACKEND``,
docs/deploy.md "Background tasks").
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus, task_backends
from django_tasks.exceptions import TaskResultDoesNotExist

log = logging.getLogger(__name__)

LOST = "parindex.web.site.tasks.WorkerLost"  # the exception path a lost task is failed with


def dead_after() -> datetime.timedelta:
    """How long a running task may go without a heartbeat before its worker counts as dead."""
    return datetime.timedelta(seconds=settings.PARINDEX_TASKS_DEAD_AFTER)


def beat_interval() -> float:
    return max(1.0, settings.PARINDEX_TASKS_DEAD_AFTER / 4)


def enqueue_on_commit(
    task: Any, *args: Any, enqueued: Callable[[str], object], failed: Callable[[], object]
) -> None:
    """Enqueue ``task(*args)`` once the caller's transaction commits (the rows it reads exist).

    ``enqueued`` receives the task id; ``failed`` runs when the queue refused the task (Redis
    unreachable), so whatever waits on it is not left queued for ever.
    """

    def send() -> None:
        try:
            result = task.enqueue(*args)
        except Exception:
            log.exception("could not enqueue %s%r", task.name, args)
            failed()
            return
        enqueued(str(result.id))

    transaction.on_commit(send)


@contextmanager
def heartbeat(beat: Callable[[], object], *, interval: float | None = None) -> Iterator[None]:
    """Call ``beat`` every ``interval`` seconds while the block runs, from a second thread.

    The beat stops when the process dies, however it dies: that is how a lost worker shows.
    """
    stop = threading.Event()
    every = interval if interval is not None else beat_interval()

    def run() -> None:
        try:
            while not stop.wait(every):
                try:
                    beat()
                except Exception:  # a missed beat must not stop the task; the next one retries
                    log.warning("task heartbeat failed", exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run, name="task-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def result_of(task_id: str) -> TaskResult | None:
    """The task's result as its backend keeps it, or None (unknown id, or none kept)."""
    backend = task_backends["default"]
    if not task_id or not backend.supports_get_result:
        return None
    try:
        return backend.get_result(task_id)
    except TaskResultDoesNotExist:
        return None


def result_fail_lost(task_id: str) -> None:
    """Record a task whose worker died as failed in the database queue (RQ does its own)."""
    if not task_id or "django_tasks_db" not in settings.INSTALLED_APPS:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=LOST,
        traceback="The worker running this task stopped sending heartbeats.",
    )


def is_lost(result: TaskResult, *, limit: datetime.timedelta) -> bool:
    """Whether a task without a heartbeat of its own has run longer than it ever may."""
    started = result.started_at
    return (
        result.status == TaskResultStatus.RUNNING
        and started is not None
        and timezone.now() - started > limit + dead_after()
    )
