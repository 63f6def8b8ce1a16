"""Restore an archive written by ``backup`` into an empty installation, then check it."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from parindex.web.operations import wording
from parindex.web.operations.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu vào cài đặt trống (--force: xoá sạch cài đặt hiện có trước); "
        "kiểm tra mọi tệp trước và sau, và số dòng của mọi bảng. "
        "(Restore a backup archive into an empty installation and verify it.)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the .tar file written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="wipe the present database, evidence files and dossier logs first",
        )
        parser.add_argument("--language", default="", help="vi (default) or en")

    def handle(self, *args: object, **options) -> None:
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            try:
                result = backup_restore(archive=Path(options["archive"]), force=options["force"])
            except BackupError as exc:
                raise CommandError(wording.error(exc)) from exc
            self.stdout.write("\n".join(wording.restore_done(result)))
