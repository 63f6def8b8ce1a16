"""Back up the database, the evidence files and the dossier logs into one archive."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from parindex.web.operations import wording
from parindex.web.operations.services import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu, tệp kiểm chứng và nhật ký hồ sơ vào một tệp lưu trữ kèm danh mục "
        "(SHA-256 từng tệp, số dòng từng bảng); mã thoát 1 khi có tệp kiểm chứng hỏng. "
        "(Back up the database, evidence files and dossier logs into one archive.)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", default=".", help="folder the archive is written to (default: here)"
        )
        parser.add_argument("--language", default="", help="vi (default) or en")

    def handle(self, *args: object, **options) -> None:
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            try:
                result = backup_create(output_dir=Path(options["output"]))
            except BackupError as exc:
                raise CommandError(wording.error(exc)) from exc
            self.stdout.write("\n".join(wording.backup_done(result)))
            if result.evidence_problems or result.dossier_problems:
                raise CommandError(wording.backup_damaged(result))
