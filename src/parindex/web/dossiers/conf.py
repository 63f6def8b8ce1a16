"""The app's settings: a Django setting if present, else an environment variable, else a default.

- ``PARINDEX_DOSSIERS_ROOT``: where uploads and the per-province stores live
  (default ``MEDIA_ROOT/dossiers``).
- ``PARINDEX_DOSSIERS_MAX_UPLOAD_MB``: the largest accepted upload, in MiB (default 4096: a
  national or multi-year export of 2 GB and more). The upload is streamed to disk whatever
  its size (``uploading.py``); a larger file is refused with "Tệp quá lớn: tối đa … MB.".

Imports run as background tasks (web/dossiers/tasks.py; docs/deploy.md "Background tasks").
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from parindex.config.env import env_int, env_str


def root() -> Path:
    value = getattr(settings, "PARINDEX_DOSSIERS_ROOT", None) or env_str("PARINDEX_DOSSIERS_ROOT")
    return Path(value) if value else Path(settings.MEDIA_ROOT) / "dossiers"


def max_upload_bytes() -> int:
    mb = getattr(settings, "PARINDEX_DOSSIERS_MAX_UPLOAD_MB", None)
    if mb is None:
        mb = env_int("PARINDEX_DOSSIERS_MAX_UPLOAD_MB", 4096)
    return int(mb) * 1024 * 1024
