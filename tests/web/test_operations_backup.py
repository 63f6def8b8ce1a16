"""Back up an installation, wipe it, restore it: every row and every file comes back.

The installation is the test database itself (the demo, the personas, evidence files and an
imported dossier log), on whichever database the suite runs (SQLite by default, PostgreSQL
with DATABASE_URL). The damage is real: bytes changed inside the archive, a stored evidence
file truncated on disk, a migration this code does not have recorded as applied.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from test_evidence_files import pdf_bytes

from parindex.indicators import generate
from parindex.web.accounts.models import User
from parindex.web.assessments.demo import DEMO_PASSWORD
from parindex.web.assessments.models import InputValue
from parindex.web.dossiers import services as dossier_services
from parindex.web.dossiers.models import DossierUpload, ImportJob, JobStatus
from parindex.web.evidence import services as evidence_services
from parindex.web.evidence.models import DocumentVersion
from parindex.web.organisations.models import Unit

# Restoring replaces the whole database, so these tests commit; the shared demo is rebuilt
# after them (tests/conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)

FUTURE = ("evidence", "9999_from_a_newer_parindex")


@pytest.fixture
def installation(settings, tmp_path, demo, users) -> Path:
    """The demo with two evidence files and one imported dossier log, under a private media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARINDEX_DOSSIERS_ROOT = None
    for title, text in [("Báo cáo CCHC năm 2020", "bao cao"), ("Quyết định 15/QĐ-UBND", "qd")]:
        evidence_services.document_upload(
            unit=demo.unit,
            title=title,
            file=io.BytesIO(pdf_bytes(text * 2000)),
            original_name="tai-lieu.pdf",
            actor=users["focal"],
        )
    log = tmp_path / "nhat-ky-2020.csv"
    generate(log, rows=500, seed=7)
    upload = dossier_services.dossier_upload(
        province=demo.unit, name=log.name, content=[log.read_bytes()], actor=users["secretariat"]
    ).upload
    job = dossier_services.import_job_create(upload=upload, mapping={}, actor=None)
    assert dossier_services.import_job_run(job.pk).status == JobStatus.DONE
    return settings.MEDIA_ROOT


def state(media: Path) -> dict:
    """Rows per table, a few real rows, and every data file's SHA-256 (dot files are locks)."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    files = {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }
    return {
        "counts": counts,
        "users": list(User.objects.order_by("pk").values_list("username", "password", "unit_id")),
        "units": list(Unit.objects.order_by("pk").values_list("pk", "code", "name", "parent_id")),
        "versions": list(
            DocumentVersion.objects.order_by("pk").values_list("pk", "blob", "sha256", "size")
        ),
        "inputs": list(InputValue.objects.order_by("pk").values_list("pk", "node_code", "value")),
        "uploads": list(DossierUpload.objects.values_list("sha256", "stored_name")),
        "jobs": list(ImportJob.objects.values_list("status", "result")),
        "files": files,
    }


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def refused(command: str, *args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(command, *args)
    return str(caught.value)


def backup(tmp_path: Path, *args: str) -> Path:
    run("backup", "--output", str(tmp_path / "backups"), *args)
    (archive,) = (tmp_path / "backups").glob("parindex-backup-*.tar")
    return archive


def manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def wipe(media: Path) -> None:
    """What a lost server leaves: no table at all, no file."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TABLE {', '.join(quote(t) for t in names)} CASCADE")
        else:
            connection.disable_constraint_checking()
            for table in names:
                cursor.execute(f"DROP TABLE {quote(table)}")
            connection.enable_constraint_checking()
    shutil.rmtree(media)


def flip_a_byte(archive: Path, prefix: str) -> str:
    """Change one byte of the first member under ``prefix`` in place; the member's name."""
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith(prefix))
    with archive.open("r+b") as fh:
        fh.seek(member.offset_data + member.size // 2)
        byte = fh.read(1)
        fh.seek(-1, io.SEEK_CUR)
        fh.write(bytes([byte[0] ^ 0xFF]))
    return member.name


# --- the round trip --------------------------------------------------------------------------


def test_backup_wipe_restore_gives_back_every_row_and_file(installation, tmp_path):
    before = state(installation)
    archive = backup(tmp_path)
    wipe(installation)
    assert connection.introspection.table_names() == []

    said = run("restore", str(archive))

    assert state(installation) == before
    assert "Mọi tệp và số dòng của mọi bảng khớp danh mục" in said
    assert User.objects.get(username="focal").check_password(DEMO_PASSWORD)
    assert "0 hỏng, 0 thiếu" in run("evidence_verify")
    assert len(before["versions"]) >= 2 and before["files"] and before["uploads"]


def test_the_manifest_lists_every_file_table_and_migration(installation, tmp_path):
    before = state(installation)
    archive = backup(tmp_path)
    found = manifest(archive)

    with tarfile.open(archive) as tar:
        members = {
            m.name: hashlib.sha256(tar.extractfile(m).read()).hexdigest()
            for m in tar.getmembers()
            if m.name != "manifest.json"
        }
    assert {f["name"]: f["sha256"] for f in found["files"]} == members
    dump = found["database"]["file"]
    files = before["files"]
    assert members == {
        dump: members[dump],
        **{f"storage/{name}": sha for name, sha in files.items() if name.startswith("evidence/")},
        **{name: sha for name, sha in files.items() if name.startswith("dossiers/")},
    }
    assert {f"evidence/{v[1].split('/', 1)[1]}" for v in before["versions"]} <= files.keys()
    assert any(name.endswith("/store/manifest.json") for name in members)
    # Each store part goes with its summary (what `compute` reads instead of the rows).
    parts = {n for n in members if n.endswith(".parquet") and "/store/part-" in n}
    summaries = {n for n in parts if n.endswith(".summary.parquet")}
    assert summaries and {n.replace(".summary", "") for n in summaries} == parts - summaries
    assert found["tables"] == before["counts"]
    applied = MigrationRecorder(connection).applied_migrations()
    assert sorted((app, name) for app, names in found["migrations"].items() for name in names) == (
        sorted(applied)
    )
    assert found["parindex_version"] == "0.1.0"
    assert found["database"]["vendor"] == connection.vendor
    assert found["evidence"] == {"checked": len(before["versions"]), "problems": []}


def test_restore_over_an_installation_needs_force_and_then_replaces_it(
    installation, tmp_path, demo, users
):
    before = state(installation)
    archive = backup(tmp_path)
    evidence_services.document_upload(
        unit=demo.unit,
        title="Tài liệu thêm sau khi sao lưu",
        file=io.BytesIO(pdf_bytes("sau")),
        original_name="them.pdf",
        actor=users["focal"],
    )
    changed = state(installation)

    message = refused("restore", str(archive))

    assert "chưa trống (cơ sở dữ liệu, tệp kiểm chứng, nhật ký hồ sơ)" in message
    assert "--force" in message
    assert state(installation) == changed
    run("restore", str(archive), "--force")
    assert state(installation) == before


# --- refusals change nothing -----------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["storage/evidence/", "dossiers/", "database/"])
def test_an_archive_changed_after_backup_is_refused_naming_the_file(installation, tmp_path, prefix):
    archive = backup(tmp_path)
    name = flip_a_byte(archive, prefix)
    before = state(installation)

    message = refused("restore", str(archive), "--force")

    assert f"Tệp {name} trong bản sao lưu đã bị thay đổi sau khi sao lưu" in message
    assert "Không có gì bị thay đổi." in message
    assert state(installation) == before


def test_an_archive_from_newer_migrations_is_refused(installation, tmp_path):
    recorder = MigrationRecorder(connection)
    recorder.record_applied(*FUTURE)
    archive = backup(tmp_path)
    recorder.record_unapplied(*FUTURE)
    before = state(installation)

    message = refused("restore", str(archive), "--force")

    assert "phiên bản parindex mới hơn" in message
    assert "evidence.9999_from_a_newer_parindex" in message
    assert state(installation) == before


def test_an_archive_from_older_migrations_is_restored_and_says_to_migrate(installation, tmp_path):
    recorder = MigrationRecorder(connection)
    last = max(name for app, name in recorder.applied_migrations() if app == "evidence")
    recorder.record_unapplied("evidence", last)
    try:
        archive = backup(tmp_path)

        said = run("restore", str(archive), "--force")

        assert (
            "còn 1 migration của phiên bản này chưa áp dụng: chạy python manage.py migrate" in said
        )
        assert ("evidence", last) not in recorder.applied_migrations()
    finally:  # the migration table outlives the test's flush: put the record back for the rest
        recorder.record_applied("evidence", last)


def test_a_damaged_evidence_file_is_reported_and_recorded_not_backed_up_as_good(
    installation, tmp_path
):
    version = DocumentVersion.objects.order_by("pk").first()
    path = installation / version.blob
    with path.open("r+b") as fh:
        fh.truncate(100)

    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("backup", "--output", str(tmp_path / "backups"), stdout=out)

    assert "có 1 tệp hỏng hoặc thiếu" in str(caught.value)
    assert f"Tệp kiểm chứng {version.blob} sai dung lượng (tài liệu #{version.document_id})" in (
        out.getvalue()
    )
    (archive,) = (tmp_path / "backups").glob("*.tar")
    recorded = manifest(archive)["evidence"]
    assert recorded["checked"] == 2
    assert recorded["problems"] == [
        {
            "blob": version.blob,
            "state": "size",
            "size": version.size,
            "sha256": version.sha256,
            "stored_size": 100,
            "documents": [version.document_id],
        }
    ]
    said = run("restore", str(archive), "--force")
    assert "lúc sao lưu có 1 tệp kiểm chứng hỏng hoặc thiếu" in said
    assert path.stat().st_size == 100  # restored as it was, still reported by evidence_verify


def test_the_commands_speak_english_when_asked(installation, tmp_path):
    archive = backup(tmp_path, "--language", "en")

    message = refused("restore", str(archive), "--language", "en")

    assert message == (
        "The restore target is not empty (database, evidence files, dossier logs). Restore "
        "into an empty installation, or use --force to wipe it first. Nothing was changed."
    )
    said = run("restore", str(archive), "--force", "--language", "en")
    assert "Every file and every table's row count match the manifest." in said


def test_a_missing_store_summary_is_reported_not_a_refusal(installation, tmp_path):
    (summary,) = installation.rglob("part-*.summary.parquet")
    summary.unlink()

    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("backup", "--output", str(tmp_path / "backups"), stdout=out)

    assert "có 1 tệp hỏng hoặc thiếu" in str(caught.value)
    (archive,) = (tmp_path / "backups").glob("*.tar")
    (problem,) = manifest(archive)["dossiers"]["problems"]
    assert problem["file"].endswith("/" + summary.name) and len(problem["sha256"]) == 64
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert not any(n.endswith(summary.name) for n in names)
    assert any(n.endswith(summary.name.replace(".summary", "")) for n in names)  # its part
