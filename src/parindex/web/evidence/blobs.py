"""Evidence files in Django's default storage, named by SHA-256, written whole or not at all.

A file lives at ``evidence/ab/cd/<sha256>``. On a local file system it is written to a
temporary name beside its place, flushed to disk and renamed over it (a rename is atomic), so
a server killed mid-write leaves at worst a temporary (swept later), never a partial file under
the content's name. An object store (S3) shows an object only once its upload completed. A
stored file is trusted only after its size and hash were checked against the upload.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, storages

PREFIX = "evidence"
TEMP_PREFIX = ".tmp-"
TEMP_SUFFIX = ".part"
CHUNK = 1 << 16


class State(StrEnum):
    OK = "ok"
    MISSING = "missing"
    SIZE = "size"  # stored with another size (a partial write, a truncation)
    HASH = "hash"  # same size, other content


@dataclass(frozen=True)
class Check:
    state: State
    stored_size: int | None  # None when missing


class ChangedWhileStoredError(RuntimeError):
    """The bytes written are not the ones hashed (the upload changed under us); none are kept."""


class StorageRenamedError(RuntimeError):
    """The storage saved the file under another name (it must overwrite: see docs/deploy.md)."""


def storage() -> Storage:
    return storages["default"]


def blob_name(sha256: str) -> str:
    return f"{PREFIX}/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def check(name: str, *, size: int, sha256: str, store: Storage | None = None) -> Check:
    """Whether the stored file ``name`` has exactly this size and SHA-256."""
    store = store or storage()
    try:
        stored_size = store.size(name)
    except FileNotFoundError:
        return Check(State.MISSING, None)
    if stored_size != size:
        return Check(State.SIZE, stored_size)
    digest = hashlib.sha256()
    read = 0
    try:
        with store.open(name, "rb") as fh:
            while chunk := fh.read(CHUNK):
                read += len(chunk)
                digest.update(chunk)
    except FileNotFoundError:  # removed since its size was read
        return Check(State.MISSING, None)
    if read != size:
        return Check(State.SIZE, read)
    return Check(State.OK if digest.hexdigest() == sha256 else State.HASH, read)


def put(name: str, file: IO[bytes], *, sha256: str, store: Storage | None = None) -> None:
    """Store ``file`` (whose SHA-256 is ``sha256``) whole under ``name``, replacing any."""
    store = store or storage()
    file.seek(0)
    if isinstance(store, FileSystemStorage):
        _put_local(store, name, file, sha256)
    else:
        _put_object(store, name, file)


def _put_local(store: FileSystemStorage, name: str, file: IO[bytes], sha256: str) -> None:
    path = Path(store.path(name))
    _makedirs(store, path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            while chunk := file.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())  # on disk before the rename makes it visible
        if digest.hexdigest() != sha256:
            raise ChangedWhileStoredError(name)
        mode = store.file_permissions_mode
        os.chmod(tmp, mode if mode is not None else 0o644)  # mkstemp makes it 0600
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _makedirs(store: FileSystemStorage, directory: Path) -> None:
    mode = store.directory_permissions_mode
    if mode is None:
        directory.mkdir(parents=True, exist_ok=True)
        return
    old = os.umask(0o777 & ~mode)  # as FileSystemStorage does, for every created level
    try:
        directory.mkdir(parents=True, exist_ok=True)
    finally:
        os.umask(old)


def _fsync_dir(directory: Path) -> None:
    # The rename itself survives a power cut only once its directory is on disk.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _put_object(store: Storage, name: str, file: IO[bytes]) -> None:
    # An object store writes an object whole or not at all; overwriting replaces a damaged
    # one. A storage that would rather pick another name gets the damaged one deleted first.
    if store.get_available_name(name) != name:
        store.delete(name)
    saved = store.save(name, File(file, name=name.rsplit("/", 1)[-1]))
    if saved != name:
        store.delete(saved)
        raise StorageRenamedError(f"{name} was saved as {saved}")


def sweep_temporaries(*, older_than: datetime.timedelta, store: Storage | None = None) -> list[str]:
    """Remove temporaries of saves that died (older than ``older_than``); their names.

    Only a local file system has temporaries: an object store keeps no partial object.
    """
    store = store or storage()
    if not isinstance(store, FileSystemStorage):
        return []
    root = Path(store.path(PREFIX))
    limit = datetime.datetime.now().timestamp() - older_than.total_seconds()
    removed = []
    for folder, _dirs, files in os.walk(root):
        for filename in files:
            if not (filename.startswith(TEMP_PREFIX) and filename.endswith(TEMP_SUFFIX)):
                continue
            path = Path(folder) / filename
            with contextlib.suppress(FileNotFoundError):  # another sweep was quicker
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed.append(path.relative_to(store.location).as_posix())
    return sorted(removed)
