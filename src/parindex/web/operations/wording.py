"""What the backup and restore commands say (Vietnamese source strings, English catalogue)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.presentation.numbers import fmt_number
from parindex.web.operations.archive import BackupError
from parindex.web.operations.services import BackupResult, RestoreResult
from parindex.web.site.language import lang


def n(value: object) -> str:
    return fmt_number(value, lang())


def _parts(parts: list[str]) -> str:
    words = {
        "database": _("cơ sở dữ liệu"),
        "evidence": _("tệp kiểm chứng"),
        "dossiers": _("nhật ký hồ sơ"),
    }
    return ", ".join(words.get(p, p) for p in parts)


def _state(state: str) -> str:
    words = {"missing": _("thiếu"), "size": _("sai dung lượng"), "hash": _("sai nội dung")}
    return words.get(state, state)


# code -> (message, whether the refusal came before anything was changed)
ERRORS = {
    "archive_exists": (gettext_lazy("Tệp %(archive)s đã có; không ghi đè."), False),
    "not_an_archive": (
        gettext_lazy(
            "%(archive)s không phải một bản sao lưu parindex đọc được (hỏng hoặc sai tệp)."
        ),
        True,
    ),
    "archive_version": (
        gettext_lazy(
            "Bản sao lưu %(archive)s có định dạng phiên bản %(version)s, bản parindex này không "
            "đọc được."
        ),
        True,
    ),
    "file_damaged": (
        gettext_lazy(
            "Tệp %(name)s trong bản sao lưu đã bị thay đổi sau khi sao lưu (%(size)s byte, "
            "đúng ra %(expected_size)s byte; mã SHA-256 không khớp danh mục)."
        ),
        True,
    ),
    "file_missing": (gettext_lazy("Bản sao lưu thiếu tệp %(name)s có trong danh mục."), True),
    "file_unexpected": (gettext_lazy("Bản sao lưu có tệp %(name)s không có trong danh mục."), True),
    "migrations_newer": (
        gettext_lazy(
            "Bản sao lưu được tạo bởi một phiên bản parindex mới hơn: cơ sở dữ liệu của nó "
            "đã áp dụng các migration mà phiên bản này không có (%(migrations)s). Hãy cài "
            "phiên bản parindex đã tạo bản sao lưu (hoặc mới hơn) rồi khôi phục."
        ),
        True,
    ),
    "vendor_mismatch": (
        gettext_lazy(
            "Bản sao lưu chứa cơ sở dữ liệu %(archive)s, còn cài đặt này dùng %(database)s."
        ),
        True,
    ),
    "vendor_unsupported": (
        gettext_lazy("Không sao lưu được cơ sở dữ liệu %(vendor)s (chỉ PostgreSQL và SQLite)."),
        False,
    ),
    "not_empty": (
        gettext_lazy(
            "Nơi khôi phục chưa trống (%(parts)s). Khôi phục vào một cài đặt trống, hoặc dùng "
            "--force để xoá sạch rồi khôi phục."
        ),
        True,
    ),
    "program_missing": (
        gettext_lazy(
            "Không tìm thấy chương trình %(program)s: cài postgresql-client cùng phiên bản với "
            "máy chủ PostgreSQL."
        ),
        False,
    ),
    "dump_failed": (gettext_lazy("%(program)s không sao lưu được cơ sở dữ liệu: %(error)s"), False),
    "restore_failed": (
        gettext_lazy(
            "%(program)s không nạp được cơ sở dữ liệu: %(error)s. Cơ sở dữ liệu đã được xoá "
            "trước khi nạp; sửa lỗi rồi chạy lại lệnh restore với --force."
        ),
        False,
    ),
    "dossier_store_busy": (
        gettext_lazy(
            "Kho nhật ký hồ sơ %(folder)s thay đổi liên tục trong lúc sao lưu (đang có lượt "
            "nhập); hãy sao lưu lại khi không có lượt nhập nào."
        ),
        False,
    ),
}


def error(exc: BackupError) -> str:
    """One paragraph naming what was refused or failed, and what to do."""
    if exc.code == "verify_failed":
        return _verify_failed(exc.detail)
    if exc.code not in ERRORS:
        return f"{exc.code}: {exc.detail}"
    message, unchanged = ERRORS[exc.code]
    detail: dict[str, Any] = {"archive": "", **exc.detail}
    for key in ("size", "expected_size"):
        if key in detail:
            detail[key] = n(detail[key])
    if "migrations" in detail:
        detail["migrations"] = ", ".join(detail["migrations"])
    if "parts" in detail:
        detail["parts"] = _parts(detail["parts"])
    text = str(message) % detail
    if unchanged:
        text += " " + _("Không có gì bị thay đổi.")
    return text


def _verify_failed(d: dict[str, Any]) -> str:
    lines = [
        _(
            "Kết quả khôi phục không khớp danh mục của bản sao lưu: %(files)s tệp và %(tables)s "
            "bảng khác. Chạy lại lệnh restore với --force."
        )
        % {"files": n(len(d["files"])), "tables": n(len(d["tables"]))}
    ]
    lines += [_("  tệp %(name)s") % {"name": name} for name in d["files"]]
    for table, (expected, found) in d["tables"].items():
        lines.append(
            _("  bảng %(table)s: %(found)s dòng, đúng ra %(expected)s")
            % {"table": table, "found": n(found), "expected": n(expected)}
        )
    return "\n".join(lines)


def backup_done(result: BackupResult) -> list[str]:
    lines = [
        _("Đã sao lưu vào %(path)s: %(files)s tệp (%(size)s byte), %(tables)s bảng, %(rows)s dòng.")
        % {
            "path": result.path,
            "files": n(result.files),
            "size": n(result.size),
            "tables": n(result.tables),
            "rows": n(result.rows),
        },
        _("Đã kiểm tra %(n)s tệp kiểm chứng: %(bad)s hỏng hoặc thiếu.")
        % {"n": n(result.evidence_checked), "bad": n(len(result.evidence_problems))},
    ]
    for problem in result.evidence_problems:
        lines.append(
            _("  Tệp kiểm chứng %(blob)s %(state)s (tài liệu %(documents)s).")
            % {
                "blob": problem["blob"],
                "state": _state(problem["state"]),
                "documents": ", ".join(f"#{i}" for i in problem.get("documents", [])),
            }
        )
    for problem in result.dossier_problems:
        lines.append(
            _("  Phần kho nhật ký hồ sơ %(file)s khác mã SHA-256 mà kho đã ghi.") % problem
        )
    return lines


def backup_damaged(result: BackupResult) -> str:
    count = len(result.evidence_problems) + len(result.dossier_problems)
    return _(
        "Bản sao lưu đã được ghi, nhưng có %(n)s tệp hỏng hoặc thiếu, được ghi nhận trong danh "
        "mục. Chạy python manage.py evidence_verify để xem và sửa."
    ) % {"n": n(count)}


def restore_done(result: RestoreResult) -> list[str]:
    lines = [
        _(
            "Đã khôi phục bản sao lưu lúc %(created)s (parindex %(version)s): %(files)s tệp, "
            "%(tables)s bảng, %(rows)s dòng. Mọi tệp và số dòng của mọi bảng khớp danh mục."
        )
        % {
            "created": result.created_at,
            "version": result.parindex_version,
            "files": n(result.files),
            "tables": n(result.tables),
            "rows": n(result.rows),
        }
    ]
    if result.evidence_problems:
        lines.append(
            _(
                "Lưu ý: lúc sao lưu có %(n)s tệp kiểm chứng hỏng hoặc thiếu; chúng được khôi phục "
                "đúng như lúc đó. Chạy python manage.py evidence_verify để xem."
            )
            % {"n": n(len(result.evidence_problems))}
        )
    if result.pending_migrations:
        lines.append(
            _(
                "Cơ sở dữ liệu còn %(n)s migration của phiên bản này chưa áp dụng: chạy python "
                "manage.py migrate."
            )
            % {"n": n(result.pending_migrations)}
        )
    return lines
