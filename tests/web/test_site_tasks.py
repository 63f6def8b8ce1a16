"""The shared task helpers: a heartbeat from a second thread that stops with its block."""

from __future__ import annotations

import threading
import time

from parindex.web.site.tasks import heartbeat


def test_the_heartbeat_beats_while_the_block_runs_and_stops_with_it() -> None:
    beats: list[str] = []
    with heartbeat(lambda: beats.append(threading.current_thread().name), interval=0.02):
        deadline = time.monotonic() + 5
        while len(beats) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
    after = len(beats)
    time.sleep(0.1)
    assert after >= 3 and len(beats) == after
    assert set(beats) == {"task-heartbeat"}


def test_a_failing_beat_does_not_stop_the_next_ones() -> None:
    calls: list[int] = []

    def beat() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database busy")

    with heartbeat(beat, interval=0.02):
        deadline = time.monotonic() + 5
        while len(calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
    assert len(calls) >= 3
