"""Uploaded dossier logs are stored whole: a damaged stored copy is replaced by the same file
uploaded again, and temporaries of uploads that died are swept."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from parindex.web.dossiers import services
from parindex.web.dossiers.models import DossierUpload
from parindex.web.organisations.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

HEADER = "Mã HS;Cơ quan;Cấp;Ngày nhận;Hạn trả\n"
LOG = (HEADER + "A1;Sở Tư pháp;Cấp tỉnh;03/01/2020;10/01/2020\n" * 2000).encode()


@pytest.fixture(autouse=True)
def dossier_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARINDEX_DOSSIERS_ROOT = None
    return tmp_path / "media" / "dossiers"


@pytest.fixture
def province(demo) -> Unit:
    return demo.unit if demo.unit.kind == UnitKind.PROVINCE else demo.unit.parent


def upload(users, province, name: str = "nhat-ky.csv") -> services.UploadResult:
    chunks = [LOG[i : i + 4096] for i in range(0, len(LOG), 4096)]
    return services.dossier_upload(
        province=province, name=name, content=chunks, actor=users["secretariat"]
    )


def folder_files(province) -> list[str]:
    root = services.province_dir(province) / "uploads"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_the_same_file_again_replaces_a_truncated_stored_copy(users, province):
    first = upload(users, province).upload
    path = services.upload_path(first)
    with path.open("r+b") as fh:
        fh.truncate(len(LOG) // 3)
    again = upload(users, province, name="nhat-ky-lan-2.csv")
    assert (again.upload.pk, again.created) == (first.pk, False)
    assert path.read_bytes() == LOG
    assert DossierUpload.objects.count() == 1
    assert folder_files(province) == [first.stored_name]  # no temporary left


def test_the_same_file_again_replaces_a_changed_or_missing_stored_copy(users, province):
    first = upload(users, province).upload
    path = services.upload_path(first)
    path.write_bytes(b"x" * len(LOG))
    upload(users, province)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == first.sha256
    path.unlink()
    upload(users, province)
    assert path.read_bytes() == LOG


def test_an_intact_stored_copy_is_left_as_it_is(users, province):
    first = upload(users, province).upload
    before = services.upload_path(first).stat()
    upload(users, province)
    after = services.upload_path(first).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_refused_upload_leaves_no_temporary(users, province, settings):
    settings.PARINDEX_DOSSIERS_MAX_UPLOAD_MB = 0
    with pytest.raises(services.DossierError, match="too_large"):
        upload(users, province)
    assert folder_files(province) == []
    assert not DossierUpload.objects.exists()


def test_temporaries_of_dead_uploads_are_swept_by_the_next_upload(users, province):
    folder = services.province_dir(province) / "uploads"
    folder.mkdir(parents=True)
    dead, running = folder / ".upload-dead", folder / ".upload-running"
    for path in (dead, running):
        path.write_bytes(LOG[:1000])
    two_hours_ago = time.time() - 7200
    os.utime(dead, (two_hours_ago, two_hours_ago))
    stored = upload(users, province).upload
    assert folder_files(province) == sorted([".upload-running", stored.stored_name])
