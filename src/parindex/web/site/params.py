"""Whole numbers from query strings and forms: a malformed value is absent, never a 500."""

from __future__ import annotations

# The largest id a 64-bit column holds (BigAutoField); a larger number names no row, and
# SQLite cannot even compare it (OverflowError).
MAX_ID = 2**63 - 1


def int_param(raw: object, default: int | None = None) -> int | None:
    """`raw` as a whole number in 0..MAX_ID, or `default` when missing, malformed or too big."""
    text = str(raw).strip() if raw is not None else ""
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return default
    value = int(text)
    return value if value <= MAX_ID else default
