"""Run the queued background tasks here, with django-tasks' own database worker loop."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker


def run_queued() -> int:
    """Run every ready task to the end (``db_worker --batch``, in this thread); how many ran.

    The test's transaction holds the queued rows, so the worker must share its connection:
    a worker process or thread would not see them.
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
    worker.run()
    return worker._run_tasks
