"""The backup archive: an uncompressed tar whose last member is a JSON manifest.

The manifest lists every other member with its size and SHA-256, so an archive is checked
member by member before anything is restored from it. Members are staged under numbered names
in a private folder, never under the names the archive carries, so a crafted archive cannot
write outside it. The content (a database dump, Parquet, PDFs) is mostly compressed already;
a plain tar keeps writing and checking cheap.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = "parindex-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1 << 20
# Where each kind of member lives inside the archive.
DATABASE = "database"
STORAGE = "storage"  # Django's default storage, under the names the storage uses
DOSSIERS = "dossiers"  # the dossier-log root, by path relative to it
SECTIONS = (DATABASE, STORAGE, DOSSIERS)


class BackupError(Exception):
    """A refused or failed backup or restore; ``code`` is a stable word the commands word."""

    def __init__(self, code: str, **detail: Any) -> None:
        self.code = code
        self.detail = detail
        super().__init__(code, detail)


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "size": self.size, "sha256": self.sha256}


class _Hashing:
    """A reader that hashes and counts what is read through it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        self.read_bytes += len(data)
        return data


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def safe_name(name: object) -> bool:
    """Whether ``name`` is a plain relative POSIX path inside one of the sections."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    parts = path.parts
    return (
        not path.is_absolute()
        and len(parts) >= 2
        and parts[0] in SECTIONS
        and all(part not in ("", ".", "..") for part in parts)
        and str(path) == name
    )


class ArchiveWriter:
    """Write members to ``<path>.part``; ``close`` adds the manifest and renames it to ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.part = path.with_name(path.name + ".part")
        self._fh = self.part.open("xb")
        self._tar = tarfile.open(  # noqa: SIM115  (closed by close or abort)
            fileobj=self._fh, mode="w", format=tarfile.PAX_FORMAT
        )
        self.members: list[Member] = []
        self._mtime = time.time()

    def _info(self, name: str, size: int) -> tarfile.TarInfo:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = 0o644
        info.mtime = self._mtime
        return info

    def add_stream(self, name: str, fh: IO[bytes], size: int) -> Member:
        """Add ``size`` bytes read from ``fh`` under ``name``."""
        assert safe_name(name), name
        reader = _Hashing(fh)
        self._tar.addfile(self._info(name, size), reader)  # raises if fh is shorter
        member = Member(name, size, reader.digest.hexdigest())
        self.members.append(member)
        return member

    def add_file(self, name: str, path: Path) -> Member:
        with path.open("rb") as fh:
            return self.add_stream(name, fh, os.fstat(fh.fileno()).st_size)

    def close(self, manifest: dict[str, Any]) -> Path:
        """Write the manifest last, flush everything to disk and give the archive its name."""
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        self._tar.addfile(self._info(MANIFEST, len(data)), _BytesReader(data))
        self._tar.close()
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self.part, self.path)
        return self.path

    def abort(self) -> None:
        self._tar.close()
        self._fh.close()
        self.part.unlink(missing_ok=True)


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)
        self._at = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._at + size
        chunk = bytes(self._data[self._at : end])
        self._at += len(chunk)
        return chunk


@dataclass(frozen=True)
class Staged:
    """An archive checked member by member, its members copied to ``folder``."""

    manifest: dict[str, Any]
    paths: dict[str, Path]  # member name -> its checked copy

    def section(self, section: str) -> Iterator[tuple[str, Member, Path]]:
        """(name inside the section, member, checked copy) of each member of a section."""
        for entry in self.manifest["files"]:
            member = Member(entry["name"], entry["size"], entry["sha256"])
            head, _, rest = member.name.partition("/")
            if head == section:
                yield rest, member, self.paths[member.name]


def read_manifest(archive: Path) -> dict[str, Any]:
    """The archive's manifest, checked for shape; BackupError when it is not an archive of ours."""
    try:
        with tarfile.open(archive, mode="r:") as tar:
            info = tar.getmember(MANIFEST)
            fh = tar.extractfile(info)
            if fh is None:
                raise BackupError("not_an_archive", archive=str(archive))
            manifest = json.loads(fh.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError("not_an_archive", archive=str(archive), error=str(exc)) from exc
    _check_shape(manifest, archive)
    return manifest


def _check_shape(manifest: Any, archive: Path) -> None:
    ok = (
        isinstance(manifest, dict)
        and manifest.get("format") == FORMAT
        and isinstance(manifest.get("files"), list)
        and isinstance(manifest.get("tables"), dict)
        and isinstance(manifest.get("migrations"), dict)
        and all(isinstance(v, list) for v in manifest["migrations"].values())
        and isinstance(manifest.get("database"), dict)
    )
    if ok and manifest.get("version") != VERSION:
        raise BackupError("archive_version", archive=str(archive), version=manifest["version"])
    names: set[str] = set()
    for entry in manifest["files"] if ok else []:
        ok = (
            isinstance(entry, dict)
            and safe_name(entry.get("name"))
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("sha256"), str)
            and entry["name"] not in names
        )
        if not ok:
            break
        names.add(entry["name"])
    if not ok:
        raise BackupError("not_an_archive", archive=str(archive))


def stage(archive: Path, manifest: dict[str, Any], folder: Path) -> Staged:
    """Copy every member into ``folder``, checking each against the manifest.

    Raises BackupError naming the first member that is damaged, missing or not listed.
    """
    expected = {e["name"]: Member(e["name"], e["size"], e["sha256"]) for e in manifest["files"]}
    paths: dict[str, Path] = {}
    try:
        with tarfile.open(archive, mode="r:") as tar:
            for number, info in enumerate(tar):
                if info.name == MANIFEST:
                    continue
                member = expected.get(info.name)
                if member is None or not info.isfile() or info.name in paths:
                    raise BackupError("file_unexpected", name=info.name)
                target = folder / f"{number:08d}"
                paths[info.name] = target
                _copy_checked(tar, info, member, target)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError("not_an_archive", archive=str(archive), error=str(exc)) from exc
    for name in expected:
        if name not in paths:
            raise BackupError("file_missing", name=name)
    return Staged(manifest, paths)


def _copy_checked(tar: tarfile.TarFile, info: tarfile.TarInfo, member: Member, target: Path):
    source = tar.extractfile(info)
    assert source is not None  # a regular file
    reader = _Hashing(source)
    with target.open("xb") as out:
        while chunk := reader.read(CHUNK):
            out.write(chunk)
    if reader.read_bytes != member.size or reader.digest.hexdigest() != member.sha256:
        raise BackupError(
            "file_damaged",
            name=member.name,
            expected_size=member.size,
            size=reader.read_bytes,
            expected_sha256=member.sha256,
            sha256=reader.digest.hexdigest(),
        )
