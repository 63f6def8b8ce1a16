"""Send the reminders due before campaign deadlines (run it daily, e.g. from cron).

By default the command queues the ``send_reminders`` task and a worker sends the mail
(docs/deploy.md, "Background tasks"); ``--now`` sends them from this process.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import TaskResultStatus

from parindex.web.notifications import tasks
from parindex.web.notifications.services import DEFAULT_DAYS_BEFORE, reminders_send


def _days(text: str) -> list[int]:
    try:
        days = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise CommandError(f"--days: whole numbers separated by commas, not {text!r}") from error
    if not days or any(d <= 0 for d in days):
        raise CommandError(f"--days: positive whole numbers, not {text!r}")
    return days


class Command(BaseCommand):
    help = "Send reminders before every campaign deadline, appeal included (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        default = getattr(settings, "PARINDEX_REMINDER_DAYS", DEFAULT_DAYS_BEFORE)
        parser.add_argument(
            "--days",
            default=",".join(str(d) for d in default),
            help="days before a deadline at which to remind, comma-separated (default %(default)s)",
        )
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "PARINDEX_BASE_URL", ""),
            help="address of the site, put before links in e-mails (e.g. https://cchc.example)",
        )
        parser.add_argument(
            "--now",
            action="store_true",
            help="send from this process instead of queueing the task for a worker",
        )

    def handle(self, *args: object, **options: str) -> None:
        days, base_url = _days(options["days"]), options["base_url"]
        if options["now"]:
            sent = reminders_send(days_before=days, base_url=base_url)
            self.stdout.write(f"{len(sent)} reminder(s) sent")
            return
        result = tasks.send_reminders.enqueue(days, base_url)
        if result.status == TaskResultStatus.FAILED:  # TASKS_BACKEND=immediate: ran here
            raise CommandError("sending reminders failed; see the log")
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"{result.return_value} reminder(s) sent")
        else:
            self.stdout.write(f"reminders queued as task {result.id}")
