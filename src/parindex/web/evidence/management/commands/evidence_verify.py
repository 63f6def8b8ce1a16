"""Check every stored evidence file against its recorded size and SHA-256 (run it daily)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from parindex.presentation.numbers import fmt_number
from parindex.web.evidence import blobs
from parindex.web.evidence.integrity import FileCheck, files_check
from parindex.web.site.language import lang


class Command(BaseCommand):
    help = (
        "Kiểm tra mọi tệp kiểm chứng đã lưu theo dung lượng và mã SHA-256 đã ghi; báo tệp hỏng "
        "hoặc thiếu (mã thoát 1) và xoá tệp tạm của các lần lưu bị gián đoạn. "
        "(Verify every stored evidence file; report damaged or missing ones.)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale-minutes",
            type=int,
            default=60,
            help="remove temporaries of interrupted saves older than this (default %(default)s)",
        )
        parser.add_argument("--language", default="", help="vi (default) or en")

    def handle(self, *args: object, **options) -> None:
        if options["stale_minutes"] < 1:
            raise CommandError("--stale-minutes must be at least 1")
        with translation.override(options["language"] or settings.LANGUAGE_CODE):
            self._run(datetime.timedelta(minutes=options["stale_minutes"]), options)

    def _run(self, stale: datetime.timedelta, options: dict) -> None:
        swept = blobs.sweep_temporaries(older_than=stale)
        if swept:
            self.stdout.write(
                _("Đã xoá %(n)s tệp tạm của các lần lưu bị gián đoạn.") % {"n": len(swept)}
            )
            if options["verbosity"] > 1:
                self.stdout.write("\n".join(f"  {name}" for name in swept))
        counts = {state: 0 for state in blobs.State}
        for result in files_check():
            counts[result.found.state] += 1
            if not result.ok:
                self.stdout.write(self.style.ERROR(self._problem(result)))
                for version in result.versions:
                    self.stdout.write("  " + self._version(version))
        checked = sum(counts.values())
        damaged = counts[blobs.State.SIZE] + counts[blobs.State.HASH]
        missing = counts[blobs.State.MISSING]
        self.stdout.write(
            _("Đã kiểm tra %(n)s tệp: %(ok)s nguyên vẹn, %(damaged)s hỏng, %(missing)s thiếu.")
            % {"n": checked, "ok": counts[blobs.State.OK], "damaged": damaged, "missing": missing}
        )
        if damaged or missing:
            raise CommandError(
                _(
                    "Có %(n)s tệp kiểm chứng hỏng hoặc thiếu. Tải lên lại đúng tệp gốc (cùng "
                    "nội dung) ở bất kỳ tài liệu nào để thay tệp hỏng."
                )
                % {"n": damaged + missing}
            )

    @staticmethod
    def _problem(result: FileCheck) -> str:
        size = {"blob": result.blob, "expected": fmt_number(result.size, lang())}
        if result.found.state == blobs.State.MISSING:
            return _("Thiếu tệp %(blob)s (đúng ra %(expected)s byte).") % size
        if result.found.state == blobs.State.SIZE:
            actual = fmt_number(result.found.stored_size, lang())
            return _("Tệp hỏng %(blob)s: %(actual)s byte, đúng ra %(expected)s byte.") % {
                **size,
                "actual": actual,
            }
        return _("Tệp hỏng %(blob)s: nội dung khác mã SHA-256 đã ghi.") % size

    @staticmethod
    def _version(version) -> str:
        document = version.document
        return _("tài liệu #%(id)s “%(title)s” phiên bản %(number)s, %(unit)s (%(name)s)") % {
            "id": document.pk,
            "title": document.title,
            "number": version.number,
            "unit": document.unit.name,
            "name": version.original_name,
        }
