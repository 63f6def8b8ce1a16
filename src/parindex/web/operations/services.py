"""Back up a province's installation into one archive, and restore it into an empty one.

The archive holds the database (taken from one snapshot), every evidence file of Django's
default storage and the dossier-log root, with a manifest of each file's size and SHA-256, the
row count of every table, the migration state and the verdict of the evidence verification.
A restore checks all of it before it changes anything and checks the result afterwards.
"""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
from django.utils import timezone

import parindex
from parindex.web.evidence import blobs
from parindex.web.operations import database, files
from parindex.web.operations.archive import (
    DATABASE,
    DOSSIERS,
    FORMAT,
    STORAGE,
    VERSION,
    ArchiveWriter,
    BackupError,
    Member,
    read_manifest,
    stage,
)

__all__ = ["BackupError", "BackupResult", "RestoreResult", "backup_create", "backup_restore"]


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int
    size: int
    tables: int
    rows: int
    evidence_checked: int
    evidence_problems: list[dict[str, Any]]
    dossier_problems: list[dict[str, Any]]


@dataclass(frozen=True)
class RestoreResult:
    created_at: str
    parindex_version: str
    files: int
    tables: int
    rows: int
    pending_migrations: int
    evidence_problems: list[dict[str, Any]] = field(default_factory=list)


def backup_create(*, output_dir: Path, now: datetime.datetime | None = None) -> BackupResult:
    """Write ``parindex-backup-<date>-<time>.tar`` into ``output_dir``; its result."""
    output_dir.mkdir(parents=True, exist_ok=True)
    when = timezone.localtime(now or timezone.now())
    path = output_dir / f"parindex-backup-{when:%Y%m%d-%H%M%S}.tar"
    if path.exists():
        raise BackupError("archive_exists", archive=str(path))
    store, root = blobs.storage(), files.dossiers_root()
    try:
        writer = ArchiveWriter(path)
    except FileExistsError as exc:
        raise BackupError("archive_exists", archive=str(path)) from exc
    try:
        # The dump first: every file its rows name exists by then (files are never deleted).
        with tempfile.TemporaryDirectory(dir=output_dir, prefix=".parindex-backup-") as tmp:
            dump = database.dump(into=Path(tmp))
            dump_member = writer.add_file(f"{DATABASE}/{dump.path.name}", dump.path)
        evidence, expected = files.evidence_verify(store)
        for blob in files.evidence_archive(writer, store, expected):
            if all(p["blob"] != blob for p in evidence["problems"]):  # damaged since checked
                size, sha256 = expected[blob]
                evidence["problems"].append(
                    {"blob": blob, "state": blobs.State.HASH.value, "size": size, "sha256": sha256}
                )
        dossier_problems = files.dossiers_archive(writer, root)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": when.isoformat(timespec="seconds"),
            "parindex_version": parindex.__version__,
            "django_version": django.get_version(),
            "database": {
                "vendor": dump.vendor,
                "file": dump_member.name,
                "server_version": dump.server_version,
            },
            "migrations": dump.migrations,
            "tables": dump.tables,
            "files": [m.as_dict() for m in writer.members],
            "evidence": evidence,
            "storage": {"backend": type(store).__module__ + "." + type(store).__qualname__},
            "dossiers": {"root": str(root), "problems": dossier_problems},
        }
        members = list(writer.members)
        writer.close(manifest)
    except BaseException:
        writer.abort()
        raise
    return BackupResult(
        path=path,
        files=len(members),
        size=sum(m.size for m in members),
        tables=len(dump.tables),
        rows=sum(dump.tables.values()),
        evidence_checked=evidence["checked"],
        evidence_problems=evidence["problems"],
        dossier_problems=dossier_problems,
    )


def backup_restore(*, archive: Path, force: bool = False) -> RestoreResult:
    """Restore ``archive`` into an empty installation (``force``: wipe the present one first).

    Every refusal happens before anything is changed: an archive that is not ours, a member
    damaged, missing or added, migrations this code does not have, another database vendor,
    or (without ``force``) a database, evidence storage or dossier root that is not empty.
    """
    manifest = read_manifest(archive)
    unknown = database.unknown_migrations(manifest["migrations"])
    if unknown:
        raise BackupError("migrations_newer", migrations=unknown)
    kind = manifest["database"].get("vendor")
    if kind != database.vendor():
        raise BackupError("vendor_mismatch", archive=kind, database=database.vendor())
    store, root = blobs.storage(), files.dossiers_root()
    with tempfile.TemporaryDirectory(prefix="parindex-restore-") as tmp:
        staged = stage(archive, manifest, Path(tmp))
        dump_path = staged.paths.get(manifest["database"].get("file"))
        if dump_path is None:
            raise BackupError("not_an_archive", archive=str(archive))
        occupied = _occupied(store, root)
        if occupied and not force:
            raise BackupError("not_empty", parts=occupied)
        database.load(dump_path=dump_path, kind=kind)
        files.evidence_wipe(store)
        files.dossiers_wipe(root)
        for name, member, path in staged.section(STORAGE):
            with path.open("rb") as fh:
                files.evidence_put(store, name, member, fh)
        for name, _unused, path in staged.section(DOSSIERS):
            files.dossier_put(root, name, path)
    _verify(manifest, store, root)
    tables: dict[str, int] = manifest["tables"]
    return RestoreResult(
        created_at=manifest.get("created_at", ""),
        parindex_version=manifest.get("parindex_version", ""),
        files=len(manifest["files"]),
        tables=len(tables),
        rows=sum(tables.values()),
        pending_migrations=database.pending_migrations(),
        evidence_problems=manifest.get("evidence", {}).get("problems", []),
    )


def _occupied(store: Any, root: Path) -> list[str]:
    parts = []
    if database.tables():
        parts.append("database")
    if files.evidence_present(store):
        parts.append("evidence")
    if files.dossiers_present(root):
        parts.append("dossiers")
    return parts


def _verify(manifest: dict[str, Any], store: Any, root: Path) -> None:
    """Every restored file and every table's row count against the manifest."""
    bad_files = []
    for entry in manifest["files"]:
        section, _, name = entry["name"].partition("/")
        member = _as_member(entry)
        if section == STORAGE:
            ok = files.evidence_matches(store, name, member)
        elif section == DOSSIERS:
            ok = files.dossier_matches(root, name, member)
        else:
            continue  # the dump: the row counts check what it loaded
        if not ok:
            bad_files.append(entry["name"])
    expected: dict[str, int] = manifest["tables"]
    found = database.counts(sorted(expected))
    bad_tables = {t: [n, found[t]] for t, n in expected.items() if found[t] != n}
    extra = [t for t in database.tables() if t not in expected and not t.startswith("sqlite_")]
    bad_tables.update({t: [None, None] for t in extra})
    if bad_files or bad_tables:
        raise BackupError("verify_failed", files=bad_files, tables=bad_tables)


def _as_member(entry: dict[str, Any]) -> Member:
    return Member(entry["name"], entry["size"], entry["sha256"])
