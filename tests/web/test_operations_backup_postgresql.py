"""Backup and restore on PostgreSQL end to end: the commands an IT office runs, as it runs them.

An installation of its own (a fresh ``parindex_backup_*`` database, a private media folder) is
migrated, given a province, a user, an evidence file and an imported dossier log, backed up
with ``manage.py backup`` (pg_dump), wiped (database dropped and created again, files deleted)
and restored with ``manage.py restore`` (pg_restore), each in its own process. It runs whenever
a PostgreSQL server answers: the one DATABASE_URL names, or 127.0.0.1:5432 when the suite runs
on SQLite; it skips only when there is none (and fails when DATABASE_URL names one that does not
answer).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]

SEED = """
import io, sys
import django
django.setup()
from parindex.indicators import generate
from parindex.web.accounts.models import Role
from parindex.web.accounts.services import user_create
from parindex.web.dossiers import services as dossiers
from parindex.web.evidence import services as evidence
from parindex.web.organisations.models import Unit, UnitKind

province = Unit.objects.create(kind=UnitKind.PROVINCE, code="10", name="Tỉnh Lào Cai")
user = user_create(
    username="van-thu", password="mat-khau-rat-dai-2025", unit=province,
    roles=[(Role.FOCAL_POINT, province)], full_name="Nguyễn Thị Văn Thư",
)
pdf = (b"%PDF-1.4\\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\\n% " + b"bao cao " * 5000
       + b"\\ntrailer << /Root 1 0 R >>\\n%%EOF\\n")
evidence.document_upload(unit=province, title="Báo cáo CCHC năm 2024", file=io.BytesIO(pdf),
                         original_name="bao-cao.pdf", actor=user)
generate(sys.argv[1], rows=400, seed=3)
with open(sys.argv[1], "rb") as fh:
    upload = dossiers.dossier_upload(province=province, name="nhat-ky.csv", content=[fh.read()],
                                     actor=user).upload
job = dossiers.import_job_create(upload=upload, mapping={}, actor=user)
job.refresh_from_db()
assert job.status == "done", job.error
"""

STATE = """
import hashlib, json, os
from pathlib import Path
import django
django.setup()
from django.db import connection
from parindex.web.accounts.models import User
from parindex.web.evidence.models import DocumentVersion
from parindex.web.organisations.models import Unit

with connection.cursor() as cursor:
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute("SELECT COUNT(*) FROM " + connection.ops.quote_name(table))
        counts[table] = cursor.fetchone()[0]
media = Path(os.environ["MEDIA_ROOT"])
print(json.dumps({
    "vendor": connection.vendor,
    "counts": counts,
    "users": list(User.objects.values_list(
        "username", "password", "first_name", "last_name", "unit__name"
    )),
    "units": list(Unit.objects.values_list("pk", "code", "name")),
    "versions": list(DocumentVersion.objects.values_list("blob", "sha256", "size")),
    "files": {p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in sorted(media.rglob("*")) if p.is_file() and not p.name.startswith(".")},
}))
"""


def _server() -> tuple[dict[str, object], bool]:
    """Where PostgreSQL is, and whether the suite itself runs on it."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parsed = dj_database_url.parse(url)
        found = {
            "host": parsed.get("HOST") or "127.0.0.1",
            "port": parsed.get("PORT") or 5432,
            "user": parsed.get("USER") or "postgres",
            "password": parsed.get("PASSWORD") or "",
        }
        return found, True
    return {"host": "127.0.0.1", "port": 5432, "user": "postgres", "password": ""}, False


@pytest.fixture
def database_url():
    """A fresh, empty ``parindex_backup_*`` database, dropped afterwards."""
    server, required = _server()
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **server)
    except psycopg.OperationalError as exc:
        where = f"{server['host']}:{server['port']}"
        if required:
            pytest.fail(f"DATABASE_URL names PostgreSQL at {where}, which does not answer: {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {where} ({exc}); the SQLite tests ran")
    name = f"parindex_backup_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{server['password']}" if server["password"] else ""
    url = f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    try:
        yield url, lambda: _recreate(admin, name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _recreate(admin: psycopg.Connection, name: str) -> None:
    admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')


def _environment(url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S3_", "PARINDEX_"))}
    env.update(
        DATABASE_URL=url,
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="parindex.config.settings",
        PARINDEX_VAR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / "media"),
        TASKS_BACKEND="immediate",  # the seed's import runs when its job commits
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]),
    )
    return env


@pytest.mark.slow
def test_backup_wipe_restore_on_postgresql_gives_back_every_row_and_file(database_url, tmp_path):
    url, recreate = database_url
    env = _environment(url, tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
        )

    def ok(*args: str) -> str:
        done = run(*args)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    ok("manage.py", "migrate", "--noinput", "-v0")
    ok("-c", SEED, str(tmp_path / "nhat-ky.csv"))
    before = json.loads(ok("-c", STATE))
    ok("manage.py", "backup", "--output", str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("parindex-backup-*.tar")
    recreate()
    shutil.rmtree(tmp_path / "media")

    said = ok("manage.py", "restore", str(archive))
    after = json.loads(ok("-c", STATE))

    assert "Mọi tệp và số dòng của mọi bảng khớp danh mục" in said
    assert after == before
    assert before["vendor"] == "postgresql"
    assert before["users"] == [
        ["van-thu", before["users"][0][1], "Nguyễn Thị Văn", "Thư", "Tỉnh Lào Cai"]
    ]
    assert len(before["versions"]) == 1
    assert any(name.endswith("/store/manifest.json") for name in before["files"])
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["vendor"] == "postgresql"
    assert manifest["database"]["file"] == "database/db.pgdump"
    assert manifest["tables"] == before["counts"]

    # Over a whole installation: refused without --force, replaced with it.
    refused = run("manage.py", "restore", str(archive))
    assert refused.returncode == 1
    assert "chưa trống (cơ sở dữ liệu, tệp kiểm chứng, nhật ký hồ sơ)" in refused.stderr
    ok("manage.py", "restore", str(archive), "--force")
    assert json.loads(ok("-c", STATE)) == before
