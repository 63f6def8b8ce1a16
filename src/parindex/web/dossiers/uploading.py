"""An upload streamed straight into the province's uploads folder, hashed as it arrives.

Django's own handlers keep a file in memory up to ``FILE_UPLOAD_MAX_MEMORY_SIZE`` and spool
larger ones to ``FILE_UPLOAD_TEMP_DIR``; the service would then copy the spool into the
dossier folder, reading the whole file once more. This handler instead writes each chunk (at
most :data:`CHUNK` bytes in memory) to a temporary in the uploads folder itself, computes the
SHA-256 on the way and stops at the configured maximum, so a 2 GB export costs one write and
one rename (``services.dossier_upload_stored``).

The temporary is the handler's until the service takes it: the view calls
:meth:`DossierUploadHandler.discard` whatever happened (refused, invalid, the client gone), and
temporaries of a process that died are swept by the next upload (``services.TEMP_PREFIX``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest

from parindex.web.dossiers.services import TEMP_PREFIX

CHUNK = 1024 * 1024  # bytes read from the request at a time
# A multipart body holds the form's other fields and boundaries besides the file.
OVERHEAD = 64 * 1024


class StreamedUpload(UploadedFile):
    """The uploaded file, already on disk at ``path``, with its ``sha256`` and ``size``."""

    def __init__(
        self, fh: BinaryIO, path: Path, name: str, content_type: str, charset: str | None
    ) -> None:
        super().__init__(fh, name, content_type, 0, charset)
        self.stream = fh  # `file`, typed
        self.path = path
        self.sha256 = ""

    def temporary_file_path(self) -> str:
        return str(self.path)


class DossierUploadHandler(FileUploadHandler):
    """Write the request's one file to ``folder``; refuse it beyond ``limit`` bytes.

    A file that grows past the limit is dropped at that byte (``refused``) and leaves nothing
    on disk; Django reads the little that is left of the body and drops it. A body announced
    larger than the limit never reaches the handler (:func:`announced_too_large`).
    """

    chunk_size = CHUNK

    def __init__(self, request: HttpRequest, folder: Path, limit: int) -> None:
        super().__init__(request)
        self.folder = folder
        self.limit = limit
        self.refused = False
        self.upload: StreamedUpload | None = None
        self.completed = False
        self._digest = hashlib.sha256()

    def new_file(self, field_name: str, file_name: str, content_type: str, *args: Any) -> None:
        if self.upload is not None:  # one file per upload: later ones are not kept
            raise SkipFile
        super().new_file(field_name, file_name, content_type, *args)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.folder, prefix=TEMP_PREFIX)
        self.upload = StreamedUpload(
            os.fdopen(fd, "w+b"), Path(name), file_name, content_type, self.charset
        )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        assert self.upload is not None  # new_file ran first
        if start + len(raw_data) > self.limit:
            self.refused = True
            self.discard()
            raise StopUpload(connection_reset=False)
        self._digest.update(raw_data)
        self.upload.stream.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> StreamedUpload | None:
        if self.upload is None or self.upload.closed:
            return None
        fh = self.upload.stream
        fh.flush()
        os.fsync(fh.fileno())  # on disk before the service's rename makes it visible
        fh.seek(0)
        self.upload.size = file_size
        self.upload.sha256 = self._digest.hexdigest()
        self.completed = True
        return self.upload

    def upload_interrupted(self) -> None:
        # Django says so too when a later file was skipped: the complete one is kept.
        if not self.completed:
            self.discard()

    def discard(self) -> None:
        """Close and remove the temporary, unless the service already moved it into place."""
        if self.upload is None:
            return
        with contextlib.suppress(OSError):
            self.upload.stream.close()
        with contextlib.suppress(FileNotFoundError):
            self.upload.path.unlink()


def announced_too_large(request: HttpRequest, limit: int) -> bool:
    """Whether the request's Content-Length already says the file exceeds ``limit`` bytes."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit + OVERHEAD


def drain(request: HttpRequest) -> None:
    """Read the body to its end and drop it, a chunk at a time, so the client hears the answer.

    (Django's own draining reads a refused body line by line: 5 MiB/s on a CSV.)
    """
    while request.read(CHUNK):
        pass
