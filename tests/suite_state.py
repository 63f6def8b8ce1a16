"""State the conftest files share (its own module: every conftest is named conftest)."""

from __future__ import annotations

from collections.abc import Callable

# Filled by tests/web/conftest.py once it has built the shared data of a test database: a
# function that builds it again (committed) after a transactional test flushed the database.
SHARED_DATA_RELOAD: list[Callable[[], None]] = []
