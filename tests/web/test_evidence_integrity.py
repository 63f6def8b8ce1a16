"""Evidence files are written whole or not at all, checked before reuse, and verified on demand.

The partial files here are real: a stored file truncated or overwritten on disk, and a save
in another process killed with SIGKILL halfway through writing.
"""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from test_evidence_files import pdf_bytes

from parindex.web.evidence import blobs, services
from parindex.web.evidence.models import DocumentVersion

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BIG = pdf_bytes("x" * 300_000)  # a few chunks, so a save can die midway


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(demo, users, data: bytes = BIG, title: str = "Báo cáo CCHC năm 2020"):
    return services.document_upload(
        unit=demo.unit,
        title=title,
        file=io.BytesIO(data),
        original_name="bao-cao.pdf",
        actor=users["focal"],
    )


def stored(media, version: DocumentVersion) -> Path:
    return media / version.blob


def all_files(media) -> list[str]:
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())


def verify(*args: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("evidence_verify", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


# --- reuse checks the stored file ---------------------------------------------------------


def test_reupload_replaces_a_partial_file_left_under_the_hash(demo, users, media):
    first = upload(demo, users)
    path = stored(media, first)
    with path.open("r+b") as fh:
        fh.truncate(len(BIG) // 2)  # what a save killed midway left with the old code
    second = upload(demo, users, title="Báo cáo tải lại")
    assert second.blob == first.blob
    assert path.read_bytes() == BIG
    assert DocumentVersion.objects.filter(blob=first.blob).count() == 2
    assert all_files(media) == [first.blob]


def test_reupload_replaces_a_file_of_the_right_size_with_other_content(demo, users, media):
    first = upload(demo, users)
    path = stored(media, first)
    path.write_bytes(b"\x00" * len(BIG))
    upload(demo, users)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == first.sha256


def test_reupload_restores_a_missing_file(demo, users, media):
    first = upload(demo, users)
    stored(media, first).unlink()
    upload(demo, users)
    assert stored(media, first).read_bytes() == BIG


def test_reupload_of_an_intact_file_leaves_it_untouched(demo, users, media):
    first = upload(demo, users)
    path = stored(media, first)
    before = path.stat()
    upload(demo, users)
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_download_after_repair_serves_the_whole_file(demo, users, media, as_user):
    first = upload(demo, users)
    stored(media, first).write_bytes(BIG[:1000])
    second = upload(demo, users)
    response = as_user("focal").get(reverse("evidence:download", args=[second.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert len(body) == second.size == len(BIG)
    assert hashlib.sha256(body).hexdigest() == second.sha256


# --- a save that fails or dies leaves nothing under the hash ------------------------------


class BreaksOnSecondPass(io.BytesIO):
    """An upload whose read fails halfway once it is read again to be stored."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.passes = 0

    def seek(self, pos: int, whence: int = 0) -> int:
        if pos == 0 and whence == 0:
            self.passes += 1
        return super().seek(pos, whence)

    def read(self, size: int | None = -1) -> bytes:
        if self.passes >= 3 and self.tell() > len(self.getvalue()) // 2:  # hash, sniff, store
            raise OSError("connection reset")
        return super().read(size)


def test_a_failed_save_leaves_no_file_and_no_temporary(demo, users, media):
    with pytest.raises(OSError, match="connection reset"):
        services.document_upload(
            unit=demo.unit,
            title="Báo cáo",
            file=BreaksOnSecondPass(BIG),
            original_name="bao-cao.pdf",
            actor=users["focal"],
        )
    assert all_files(media) == []
    assert not DocumentVersion.objects.exists()


KILLED_SAVE = """
import io, sys, time
import django
django.setup()
from parindex.web.evidence import services

class Slow(io.BytesIO):
    passes = 0
    def seek(self, pos, whence=0):
        if pos == 0 and whence == 0:
            self.passes += 1
        return super().seek(pos, whence)
    def read(self, size=-1):
        if self.passes >= 3 and self.tell() > len(self.getvalue()) // 2:
            print("halfway", flush=True)
            time.sleep(60)
        return super().read(size)

services._store(Slow(sys.stdin.buffer.read()))
"""


def test_a_save_killed_midway_leaves_only_a_temporary_that_the_verify_command_sweeps(
    media, tmp_path
):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "parindex.config.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        "PARINDEX_VAR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(media),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_SAVE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    try:
        process.stdin.write(BIG)
        process.stdin.close()
        assert process.stdout.readline() == b"halfway\n"  # half of it written, then stuck
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    sha = hashlib.sha256(BIG).hexdigest()
    blob = blobs.blob_name(sha)
    left = all_files(media)
    assert blob not in left  # the old code left a partial file here
    assert len(left) == 1
    temporary = media / left[0]
    assert temporary.name.startswith(".tmp-") and temporary.name.endswith(".part")
    assert 0 < temporary.stat().st_size < len(BIG)

    out, error = verify()
    assert error is None
    assert all_files(media) == left  # fresh: it may still be a save in progress
    hour_ago = time.time() - 3601
    os.utime(temporary, (hour_ago, hour_ago))
    out, error = verify()
    assert error is None
    assert all_files(media) == []
    assert out.splitlines()[0] == "Đã xoá 1 tệp tạm của các lần lưu bị gián đoạn."


# --- the verify command ------------------------------------------------------------------


def test_verify_reports_every_file_intact(demo, users):
    upload(demo, users)
    upload(demo, users, pdf_bytes("khác"))
    upload(demo, users)  # the same file again: checked once
    out, error = verify()
    assert error is None
    assert out == "Đã kiểm tra 2 tệp: 2 nguyên vẹn, 0 hỏng, 0 thiếu.\n"


def test_verify_reports_damaged_and_missing_files_and_fails(demo, users, media):
    truncated = upload(demo, users)
    again = upload(demo, users, title="Bản tải lại")
    changed = upload(demo, users, pdf_bytes("đổi"), title="Kế hoạch")
    gone = upload(demo, users, pdf_bytes("mất"), title="Quyết định")
    intact = upload(demo, users, pdf_bytes("tốt"))
    with stored(media, truncated).open("r+b") as fh:
        fh.truncate(200_000)
    stored(media, changed).write_bytes(b"%PDF" + b"\x00" * (changed.size - 4))
    stored(media, gone).unlink()

    out, error = verify()

    assert error is not None and error.returncode == 1
    assert str(error) == (
        "Có 3 tệp kiểm chứng hỏng hoặc thiếu. Tải lên lại đúng tệp gốc (cùng nội dung) ở bất kỳ "
        "tài liệu nào để thay tệp hỏng."
    )
    expected = {
        truncated.blob: [
            f"Tệp hỏng {truncated.blob}: 200.000 byte, đúng ra "
            f"{len(BIG) // 1000}.{len(BIG) % 1000:03d} byte.",
            f"  tài liệu #{truncated.document_id} “Báo cáo CCHC năm 2020” phiên bản 1, "
            f"{demo.unit.name} (bao-cao.pdf)",
            f"  tài liệu #{again.document_id} “Bản tải lại” phiên bản 1, "
            f"{demo.unit.name} (bao-cao.pdf)",
        ],
        changed.blob: [
            f"Tệp hỏng {changed.blob}: nội dung khác mã SHA-256 đã ghi.",
            f"  tài liệu #{changed.document_id} “Kế hoạch” phiên bản 1, "
            f"{demo.unit.name} (bao-cao.pdf)",
        ],
        gone.blob: [
            f"Thiếu tệp {gone.blob} (đúng ra {gone.size} byte).",
            f"  tài liệu #{gone.document_id} “Quyết định” phiên bản 1, "
            f"{demo.unit.name} (bao-cao.pdf)",
        ],
    }
    lines = []
    for blob in sorted(expected):  # the report goes in stored-name order
        lines += expected[blob]
    lines.append("Đã kiểm tra 4 tệp: 1 nguyên vẹn, 2 hỏng, 1 thiếu.")
    assert out.splitlines() == lines
    assert intact.blob not in out

    for data in (BIG, pdf_bytes("đổi"), pdf_bytes("mất")):  # the same files uploaded again
        upload(demo, users, data)
    out, error = verify()
    assert error is None
    assert out == "Đã kiểm tra 4 tệp: 4 nguyên vẹn, 0 hỏng, 0 thiếu.\n"


def test_verify_speaks_english_when_asked(demo, users, media):
    version = upload(demo, users)
    stored(media, version).unlink()
    out, error = verify("--language", "en")
    assert str(error) == (
        "1 evidence file(s) damaged or missing. Upload the original file (the same content) "
        "again to any document to replace the damaged one."
    )
    assert out.splitlines()[0] == (f"Missing file {version.blob} (should be {len(BIG):,} bytes).")
    assert out.splitlines()[-1] == "Checked 1 file(s): 0 intact, 0 damaged, 1 missing."


def test_verify_keeps_temporaries_younger_than_the_threshold(media):
    folder = media / "evidence" / "ab" / "cd"
    folder.mkdir(parents=True)
    old, young, other = folder / ".tmp-old.part", folder / ".tmp-young.part", folder / "ab"
    for path in (old, young, other):
        path.write_bytes(b"partial")
    two_hours_ago = time.time() - 7200
    for path in (old, other):
        os.utime(path, (two_hours_ago, two_hours_ago))
    out, error = verify("--stale-minutes", "90", "--verbosity", "2")
    assert error is None
    assert out.splitlines()[:2] == [
        "Đã xoá 1 tệp tạm của các lần lưu bị gián đoạn.",
        "  evidence/ab/cd/.tmp-old.part",
    ]
    assert all_files(media) == ["evidence/ab/cd/.tmp-young.part", "evidence/ab/cd/ab"]
