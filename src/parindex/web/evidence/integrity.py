"""Check every stored evidence file against the size and SHA-256 its versions recorded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.storage import Storage

from parindex.web.evidence import blobs
from parindex.web.evidence.models import DocumentVersion


@dataclass(frozen=True)
class FileCheck:
    """One stored file, what it should be, what was found, and the versions that use it."""

    blob: str
    sha256: str
    size: int
    found: blobs.Check
    versions: tuple[DocumentVersion, ...]

    @property
    def ok(self) -> bool:
        return self.found.state == blobs.State.OK


def files_check(*, store: Storage | None = None) -> Iterator[FileCheck]:
    """Each distinct stored file of every version once, in name order (read in chunks)."""
    rows = (
        DocumentVersion.objects.exclude(blob="")
        .select_related("document__unit")
        .order_by("blob", "sha256", "size", "pk")
        .iterator(chunk_size=500)
    )
    key: tuple[str, str, int] | None = None
    group: list[DocumentVersion] = []
    for version in rows:
        current = (version.blob, version.sha256, version.size)
        if key is not None and current != key:
            yield _check(key, group, store)
            group = []
        key = current
        group.append(version)
    if key is not None:
        yield _check(key, group, store)


def _check(
    key: tuple[str, str, int], versions: list[DocumentVersion], store: Storage | None
) -> FileCheck:
    blob, sha256, size = key
    found = blobs.check(blob, size=size, sha256=sha256, store=store)
    return FileCheck(blob, sha256, size, found, tuple(versions))
