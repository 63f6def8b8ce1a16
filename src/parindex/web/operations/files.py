"""The files of an installation: evidence in Django's default storage and the dossier-log root.

Evidence goes through the storage API (local disk or an S3-compatible store alike), under the
names the storage uses. The dossier root (``PARINDEX_DOSSIERS_ROOT``, default
``MEDIA_ROOT/dossiers``) is a file system: each store in it is copied as one state, its
manifest and exactly the parts (and their summaries) that manifest lists (an import running
meanwhile replaces parts and deletes old ones only after its manifest is committed, so the open
parts are that state).
Dot files are temporaries of unfinished writes and locks, never data.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.core.files.storage import FileSystemStorage, Storage

from parindex.indicators.errors import StoreError
from parindex.indicators.store import MANIFEST as STORE_MANIFEST
from parindex.indicators.store import Store
from parindex.web.dossiers import conf as dossiers_conf
from parindex.web.evidence import blobs
from parindex.web.evidence.integrity import files_check
from parindex.web.operations.archive import (
    DOSSIERS,
    STORAGE,
    ArchiveWriter,
    BackupError,
    Member,
    sha256_of,
)

STORE_ATTEMPTS = 5  # an import committing while a store is read makes it read again


def dossiers_root() -> Path:
    return dossiers_conf.root()


def _storage_names(store: Storage, folder: str, *, temporaries: bool = False) -> Iterator[str]:
    try:
        dirs, files = store.listdir(folder)
    except FileNotFoundError:
        return
    for filename in sorted(files):
        is_temporary = filename.startswith(blobs.TEMP_PREFIX) and filename.endswith(
            blobs.TEMP_SUFFIX
        )
        if temporaries or not is_temporary:
            yield f"{folder}/{filename}"
    for directory in sorted(dirs):
        yield from _storage_names(store, f"{folder}/{directory}", temporaries=temporaries)


def _dossier_paths(root: Path) -> Iterator[Path]:
    """Every data file under the root (no dot files), in name order."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for filename in sorted(files):
            if not filename.startswith("."):
                yield Path(folder) / filename


# --- backup ----------------------------------------------------------------------------------


def evidence_verify(store: Storage) -> tuple[dict[str, Any], dict[str, tuple[int, str]]]:
    """integrity.files_check's verdict for the manifest, and the size and hash each file needs."""
    problems = []
    expected: dict[str, tuple[int, str]] = {}
    checked = 0
    for result in files_check(store=store):
        checked += 1
        expected[result.blob] = (result.size, result.sha256)
        if not result.ok:
            problems.append(
                {
                    "blob": result.blob,
                    "state": str(result.found.state),
                    "size": result.size,
                    "sha256": result.sha256,
                    "stored_size": result.found.stored_size,
                    "documents": sorted({v.document_id for v in result.versions}),
                }
            )
    return {"checked": checked, "problems": problems}, expected


def evidence_archive(
    writer: ArchiveWriter, store: Storage, expected: dict[str, tuple[int, str]]
) -> list[str]:
    """Add every evidence file; the names whose archived bytes differ from what they should be."""
    changed = []
    for name in _storage_names(store, blobs.PREFIX):
        member_name = f"{STORAGE}/{name}"
        if isinstance(store, FileSystemStorage):
            member = writer.add_file(member_name, Path(store.path(name)))
        else:
            with store.open(name, "rb") as source, tempfile.TemporaryFile() as spool:
                shutil.copyfileobj(source, spool, 1 << 20)
                size = spool.tell()
                spool.seek(0)
                member = writer.add_stream(member_name, spool, size)
        if name in expected and expected[name] != (member.size, member.sha256):
            changed.append(name)
    return changed


def dossiers_archive(writer: ArchiveWriter, root: Path) -> list[dict[str, Any]]:
    """Add the dossier root; parts whose bytes differ from their store's manifest."""
    problems: list[dict[str, Any]] = []
    stores: set[Path] = set()
    for path in _dossier_paths(root):
        folder = path.parent
        if folder in stores:
            continue
        if path.name == STORE_MANIFEST and _is_store(folder):
            stores.add(folder)
            problems += _store_archive(writer, root, folder)
        elif not (folder / STORE_MANIFEST).is_file() or not _is_store(folder):
            writer.add_file(_dossier_member(root, path), path)
    return problems


def _is_store(folder: Path) -> bool:
    try:
        Store(folder).manifest()
    except StoreError:
        return False
    return True


def _dossier_member(root: Path, path: Path) -> str:
    return f"{DOSSIERS}/{path.relative_to(root).as_posix()}"


def _store_archive(writer: ArchiveWriter, root: Path, folder: Path) -> list[dict[str, Any]]:
    for _attempt in range(STORE_ATTEMPTS):
        manifest_bytes = (folder / STORE_MANIFEST).read_bytes()
        records = json.loads(manifest_bytes.decode("utf-8"))["imports"]
        with contextlib.ExitStack() as stack:
            listed = [(r["file"], r["sha256"]) for r in records]
            # Each part's summary (`indicators.summary`), checked against its hash too. A
            # summary is derived data: one missing is reported (the store then computes from
            # the rows, and `Store.summarise` remakes it), not a reason to refuse the backup.
            summaries = [
                (r["summary"]["file"], r["summary"]["sha256"]) for r in records if r.get("summary")
            ]
            try:
                parts = [
                    (name, sha, stack.enter_context((folder / name).open("rb")))
                    for name, sha in listed
                ]
            except FileNotFoundError:
                continue  # replaced by an import that committed since: read the new state
            missing = []
            for name, sha in summaries:
                try:
                    parts.append((name, sha, stack.enter_context((folder / name).open("rb"))))
                except FileNotFoundError:
                    missing.append((name, sha))
            if missing and (folder / STORE_MANIFEST).read_bytes() != manifest_bytes:
                continue  # an import committed meanwhile: read the new state
            manifest_path = folder / STORE_MANIFEST
            writer.add_stream(
                _dossier_member(root, manifest_path),
                _Bytes(manifest_bytes),  # type: ignore[arg-type]  # _Bytes has the read() the writer calls
                len(manifest_bytes),
            )
            problems = [
                {"file": _dossier_member(root, folder / name), "sha256": sha}
                for name, sha in missing
            ]
            for name, sha, fh in parts:
                path = folder / name
                member = writer.add_stream(
                    _dossier_member(root, path), fh, os.fstat(fh.fileno()).st_size
                )
                if member.sha256 != sha:
                    problems.append({"file": member.name, "sha256": sha})
            return problems
    raise BackupError("dossier_store_busy", folder=str(folder))


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self._data = data
        self._at = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        chunk = self._data[self._at : end]
        self._at += len(chunk)
        return chunk


# --- restore ---------------------------------------------------------------------------------


def evidence_present(store: Storage) -> bool:
    return next(_storage_names(store, blobs.PREFIX, temporaries=True), None) is not None


def dossiers_present(root: Path) -> bool:
    return root.is_dir() and any(root.iterdir())


def evidence_wipe(store: Storage) -> None:
    for name in list(_storage_names(store, blobs.PREFIX, temporaries=True)):
        store.delete(name)


def dossiers_wipe(root: Path) -> None:
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def evidence_put(store: Storage, name: str, member: Member, source: IO[bytes]) -> None:
    blobs.put(name, source, sha256=member.sha256, store=store)


def dossier_put(root: Path, name: str, source: Path) -> None:
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".restore-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out, source.open("rb") as fh:
            shutil.copyfileobj(fh, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def evidence_matches(store: Storage, name: str, member: Member) -> bool:
    found = blobs.check(name, size=member.size, sha256=member.sha256, store=store)
    return found.state == blobs.State.OK


def dossier_matches(root: Path, name: str, member: Member) -> bool:
    path = root / name
    try:
        return path.stat().st_size == member.size and sha256_of(path) == member.sha256
    except FileNotFoundError:
        return False
