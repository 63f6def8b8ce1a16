"""Hooks for the whole suite. Nothing here imports Django: tests/core runs without it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from suite_state import SHARED_DATA_RELOAD


def _flushes(item: pytest.Item | None) -> bool:
    """A test whose database is flushed when it ends (pytest-django's transactional tests)."""
    if item is None:
        return False
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in names
        or "live_server" in names
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After a flush, put the shared data back once, unless the next test flushes again."""
    yield
    if SHARED_DATA_RELOAD and _flushes(item) and nextitem is not None and not _flushes(nextitem):
        SHARED_DATA_RELOAD[0]()
