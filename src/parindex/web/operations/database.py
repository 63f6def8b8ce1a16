"""Dump and load the database: pg_dump/pg_restore on PostgreSQL, SQLite's online backup API.

A dump is taken from one snapshot, and the row counts and the migration state recorded beside
it are read from that same snapshot: on PostgreSQL an exported snapshot that pg_dump joins, on
SQLite the copy the backup API made. A live SQLite file is never copied as a file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from parindex.web.operations.archive import BackupError

VENDORS = ("sqlite", "postgresql")
DUMP_NAMES = {"sqlite": "db.sqlite3", "postgresql": "db.pgdump"}


@dataclass(frozen=True)
class Dump:
    vendor: str
    path: Path
    tables: dict[str, int]
    migrations: dict[str, list[str]]
    server_version: str


def vendor(using: str = "default") -> str:
    found = connections[using].vendor
    if found not in VENDORS:
        raise BackupError("vendor_unsupported", vendor=found)
    return found


def _fresh(using: str) -> BaseDatabaseWrapper:
    """A connection of its own, outside whatever transaction the caller's connection is in."""
    wrapper = connections.create_connection(using)
    wrapper.ensure_connection()
    return wrapper


# --- backup ----------------------------------------------------------------------------------


def dump(*, into: Path, using: str = "default") -> Dump:
    """Dump the database into the folder ``into``; counts and migrations from the same snapshot."""
    kind = vendor(using)
    path = into / DUMP_NAMES[kind]
    if kind == "sqlite":
        try:
            return _dump_sqlite(path, using)
        except sqlite3.Error as exc:
            raise BackupError("dump_failed", program="sqlite3", error=str(exc)) from exc
    return _dump_postgresql(path, using)


def _dump_sqlite(path: Path, using: str) -> Dump:
    wrapper = _fresh(using)
    try:
        copy = sqlite3.connect(path)
        try:
            wrapper.connection.backup(copy)  # the online backup API: a consistent copy
        finally:
            copy.close()
    finally:
        wrapper.close()
    copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]
        counts = {t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        rows = _migration_rows(copy.cursor(), tables)
        version = sqlite3.sqlite_version
    finally:
        copy.close()
    return Dump("sqlite", path, counts, rows, version)


def _dump_postgresql(path: Path, using: str) -> Dump:
    program = _program("pg_dump")
    wrapper = _fresh(using)
    try:
        wrapper.set_autocommit(False)
        with wrapper.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = sorted(wrapper.introspection.table_names(cursor))
            counts = {t: _count(wrapper, cursor, t) for t in tables}
            rows = _migration_rows(cursor, tables)
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            # pg_dump joins the snapshot while this transaction holds it open.
            args = [program, "--format=custom", f"--snapshot={snapshot}", f"--file={path}"]
            _run(args, wrapper.settings_dict, "dump_failed")
        wrapper.rollback()
    finally:
        wrapper.close()
    return Dump("postgresql", path, counts, rows, version)


def _count(wrapper: BaseDatabaseWrapper, cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {wrapper.ops.quote_name(table)}")
    return int(cursor.fetchone()[0])


def _migration_rows(cursor: Any, tables: list[str]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    found: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        found.setdefault(app, []).append(name)
    return found


# --- the commands PostgreSQL ships ------------------------------------------------------------


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError("program_missing", program=name)
    return found


def _environment(settings: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for the database Django connects to (the password stays off argv)."""
    env = dict(os.environ)
    pairs = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
    }
    options = settings.get("OPTIONS") or {}
    for option, variable in {
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
        "service": "PGSERVICE",
        "passfile": "PGPASSFILE",
    }.items():
        pairs[variable] = options.get(option)
    env.update({key: str(value) for key, value in pairs.items() if value not in (None, "")})
    return env


def _run(args: list[str], settings: dict[str, Any], code: str) -> None:
    done = subprocess.run(args, env=_environment(settings), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(code, program=Path(args[0]).name, error=done.stderr.strip()[-2000:])


# --- restore ---------------------------------------------------------------------------------


def tables(using: str = "default") -> list[str]:
    wrapper = _fresh(using)
    try:
        with wrapper.cursor() as cursor:
            return sorted(wrapper.introspection.table_names(cursor, include_views=True))
    finally:
        wrapper.close()


def load(*, dump_path: Path, kind: str, using: str = "default") -> None:
    """Replace the whole database with the dump (any table it held is dropped)."""
    if kind != vendor(using):
        raise BackupError("vendor_mismatch", archive=kind, database=vendor(using))
    connections[using].close()  # nothing of ours is half-way through a transaction on it
    if kind == "sqlite":
        try:
            _load_sqlite(dump_path, using)
        except sqlite3.Error as exc:
            raise BackupError("restore_failed", program="sqlite3", error=str(exc)) from exc
    else:
        _load_postgresql(dump_path, using)


def _load_sqlite(dump_path: Path, using: str) -> None:
    wrapper = _fresh(using)
    try:
        source = sqlite3.connect(f"file:{dump_path}?mode=ro", uri=True)
        try:
            source.backup(wrapper.connection)  # overwrites every page: the old content is gone
        finally:
            source.close()
    finally:
        wrapper.close()


def _load_postgresql(dump_path: Path, using: str) -> None:
    program = _program("pg_restore")
    wrapper = _fresh(using)
    try:
        wrapper.set_autocommit(False)
        with wrapper.cursor() as cursor:
            _drop_everything(wrapper, cursor)
        wrapper.commit()
        settings = wrapper.settings_dict
    finally:
        wrapper.close()
    args = [
        program,
        "--single-transaction",  # all of the dump or none of it
        "--exit-on-error",
        "--no-owner",  # the restoring role owns what it creates
        "--no-privileges",
        f"--dbname={settings['NAME']}",
        str(dump_path),
    ]
    _run(args, settings, "restore_failed")


def _drop_everything(wrapper: BaseDatabaseWrapper, cursor: Any) -> None:
    quote = wrapper.ops.quote_name
    views = wrapper.introspection.get_table_list(cursor)
    for kind in ("v", "t", "p"):
        names = [quote(v.name) for v in views if v.type == kind]
        if names:
            what = "VIEW" if kind == "v" else "TABLE"
            cursor.execute(f"DROP {what} IF EXISTS {', '.join(names)} CASCADE")
    cursor.execute(
        "SELECT sequence_name FROM information_schema.sequences "
        "WHERE sequence_schema = current_schema()"
    )
    sequences = [quote(row[0]) for row in cursor.fetchall()]
    if sequences:
        cursor.execute(f"DROP SEQUENCE IF EXISTS {', '.join(sequences)} CASCADE")


def counts(names: list[str], using: str = "default") -> dict[str, int | None]:
    """Rows per table (None for a table that does not exist)."""
    wrapper = _fresh(using)
    try:
        with wrapper.cursor() as cursor:
            present = set(wrapper.introspection.table_names(cursor))
            return {t: _count(wrapper, cursor, t) if t in present else None for t in names}
    finally:
        wrapper.close()


# --- migrations ------------------------------------------------------------------------------


def unknown_migrations(recorded: dict[str, list[str]]) -> list[str]:
    """Migrations the archive's database applied that this code does not have (newer code)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(
        f"{app}.{name}"
        for app, names in recorded.items()
        for name in names
        if (app, name) not in known
    )


def pending_migrations(using: str = "default") -> int:
    """How many of this code's migrations the database has not applied (``migrate`` runs them)."""
    wrapper = _fresh(using)
    try:
        executor = MigrationExecutor(wrapper)
        return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    finally:
        wrapper.close()
