"""Run the queued background tasks here, with django-tasks' own database worker loop."""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker


def run_queued() -> int:
    """Run every ready task to the end (``db_worker --batch``, in this thread); how many ran.

    The test's transaction holds the queued rows, so the worker must share its connection:
    a worker process or thread would not see them. The worker's check for stale connections
    between tasks would close that connection (it is inside the test's transaction, so it is
    not in autocommit): the one thing kept out of the real loop here. On SQLite's in-memory
    test database Django never closes it; on PostgreSQL it would.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        worker.run()
    return worker._run_tasks
