"""Install htmx.min.js into static files from the npm package ``htmx.org`` (build step).

Run ``python -m parindex.web.site.vendor``: it uses ``npm pack`` (which checks the registry's
integrity hash), extracts ``dist/htmx.min.js`` and writes it under ``static/vendor/htmx/``.
The file is not committed: the version is pinned here and the build installs it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HTMX_VERSION = "2.0.8"  # htmx 2.x: what django-htmx supports
TARGET = Path(__file__).parent / "static" / "vendor" / "htmx" / "htmx.min.js"


def install(target: Path = TARGET, version: str = HTMX_VERSION) -> Path:
    """Download htmx.org@version with npm and copy its minified build to ``target``."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to install htmx (apt-get install npm)")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [npm, "pack", f"htmx.org@{version}", "--pack-destination", tmp, "--silent"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("htmx.org-*.tgz")
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/dist/htmx.min.js")
            if member is None:
                raise SystemExit("htmx.org package has no dist/htmx.min.js")
            data = member.read()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    (target.parent / "VERSION").write_text(version + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    path = install()
    sys.stdout.write(f"htmx {HTMX_VERSION} -> {path}\n")
