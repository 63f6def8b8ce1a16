"""Reminders and hand-off mail as background tasks: a worker sends the mail.

``send_reminders`` and ``send_digest`` are enqueued by their commands (cron, daily);
``mail_notifications`` by :func:`handoffs.notify` once the hand-off's transaction commits.
Sending stays idempotent (reminders and notifications are claimed before they are sent), so
a task run twice, or beside a run from the command line, never sends one twice.
"""

from __future__ import annotations

from django_tasks import task

from parindex.web.notifications.handoffs import mail_immediate, send_digests
from parindex.web.notifications.services import reminders_send


@task()
def send_reminders(days_before: list[int], base_url: str = "") -> int:
    """Send every reminder due now, by e-mail and in the application; return how many."""
    return len(reminders_send(days_before=days_before, base_url=base_url))


@task()
def mail_notifications(pks: list[int]) -> int:
    """Mail these notifications to those who chose immediate mail; return how many."""
    return mail_immediate(pks)


@task()
def send_digest(base_url: str | None = None) -> int:
    """One mail per person with what is unmailed (the daily digest); return how many mails."""
    return send_digests(base_url=base_url)
