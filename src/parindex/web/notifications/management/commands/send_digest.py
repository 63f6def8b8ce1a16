"""Send the daily digest of notifications by e-mail (run it once a day, e.g. from cron).

Each user who chose the digest gets one mail listing every notification not yet mailed; the
same run sends any immediate mail whose task never ran (over an hour old). By default the
command queues the ``send_digest`` task for a worker (docs/deploy.md, "Background tasks");
``--now`` sends from this process. Idempotent: each notification is mailed once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tasks import TaskResultStatus

from parindex.web.notifications import tasks
from parindex.web.notifications.handoffs import send_digests


class Command(BaseCommand):
    help = "Mail each user who chose the daily digest what is new (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
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
        base_url = options["base_url"]
        if options["now"]:
            self.stdout.write(f"{send_digests(base_url=base_url)} digest(s) sent")
            return
        result = tasks.send_digest.enqueue(base_url)
        if result.status == TaskResultStatus.FAILED:  # TASKS_BACKEND=immediate: ran here
            raise CommandError("sending the digest failed; see the log")
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(f"{result.return_value} digest(s) sent")
        else:
            self.stdout.write(f"digest queued as task {result.id}")
