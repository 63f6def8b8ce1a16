"""Reminders as a background task: cron enqueues it (``send_reminders``), a worker sends mail.

Sending stays idempotent (``services.reminders_send`` claims each reminder first), so a task
run twice, or beside a run from the command line, never sends one twice.
"""

from __future__ import annotations

from django_tasks import task

from parindex.web.notifications.services import reminders_send


@task()
def send_reminders(days_before: list[int], base_url: str = "") -> int:
    """Send every reminder due now, by e-mail and in the application; return how many."""
    return len(reminders_send(days_before=days_before, base_url=base_url))
