"""Run queued dossier imports (production: a service or cron runs this)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from parindex.web.dossiers.services import import_jobs_fail_stale, import_jobs_run_queued


class Command(BaseCommand):
    help = "Chạy các lượt nhập nhật ký hồ sơ đang chờ (Run queued dossier log imports)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls")
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=240,
            help="fail jobs running longer than this (their process died)",
        )

    def handle(self, *args, once: bool, interval: float, stale_minutes: int, **options) -> None:
        while True:
            if stale := import_jobs_fail_stale(minutes=stale_minutes):
                self.stdout.write(f"{stale} interrupted import job(s) marked failed")
            ran = import_jobs_run_queued()
            if ran:
                self.stdout.write(f"{ran} import job(s) run")
            if once:
                return
            time.sleep(interval)
            close_old_connections()  # a long-lived worker must survive a database restart
