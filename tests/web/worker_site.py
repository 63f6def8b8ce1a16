"""A whole installation on its own SQLite file, so that real worker processes can share it.

The suite's test database lives in memory, out of another process's reach; these tests point
Django's default connection at a fresh file for their duration and put the suite's back after.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections

from parindex.web.assessments.demo import demo_load

ROOT = Path(__file__).resolve().parents[2]
DEAD_AFTER = 4  # seconds without a heartbeat (a beat each second), kept short for the tests


@dataclass
class Site:
    root: Path
    env: dict[str, str]
    workers: list[subprocess.Popen] = field(default_factory=list)

    def log(self, index: int = -1) -> str:
        """What a worker wrote (for a failing assertion's message)."""
        return (self.root / f"worker-{index % len(self.workers)}.log").read_text()

    def start(self, *command: str, **env: str) -> subprocess.Popen:
        """Start ``manage.py COMMAND`` on this installation (a worker, typically)."""
        log = (self.root / f"worker-{len(self.workers)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *command],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()  # the child keeps its own copy
        self.workers.append(process)
        return process

    def db_worker(self, *options: str) -> subprocess.Popen:
        return self.start(
            "db_worker", "--queue-name", "*", "--interval", "0.2", "--no-reload",
            "--no-startup-delay", *options,
        )  # fmt: skip


def wait_for(
    check: Callable[[], object], *, timeout: float = 90, what: str = "", every: float = 0.2
) -> None:
    """Poll ``check`` until it is true (the worker is another process: it takes its time)."""
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what or check}")
        time.sleep(every)


@pytest.fixture
def site(tmp_path, settings, django_db_blocker) -> Iterator[Site]:
    conn = connections["default"]
    if conn.vendor != "sqlite":
        pytest.skip("worker processes share a SQLite file here; PostgreSQL runs the same code")
    database = tmp_path / "site.sqlite3"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARINDEX_DOSSIERS_ROOT = None
    settings.PARINDEX_TASKS_DEAD_AFTER = DEAD_AFTER
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARINDEX_", "TASKS_"))}
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="parindex.config.settings",
        PARINDEX_VAR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PARINDEX_TASKS_DEAD_AFTER=str(DEAD_AFTER),
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]),
    )
    saved_settings, saved_connection = dict(conn.settings_dict), conn.connection
    conn.connection = None  # the in-memory test database stays open, out of the way
    conn.settings_dict["NAME"] = str(database)
    site = Site(tmp_path, env)
    try:
        with django_db_blocker.unblock():
            call_command("migrate", verbosity=0)
            demo_load()
            yield site
    finally:
        for process in site.workers:
            if process.poll() is None:
                process.kill()
            process.wait(10)
        with django_db_blocker.unblock():
            conn.close()
        conn.settings_dict.clear()
        conn.settings_dict.update(saved_settings)
        conn.connection = saved_connection
