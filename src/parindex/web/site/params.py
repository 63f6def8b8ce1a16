"""Whole numbers from query strings and forms: a malformed value is absent, never a 500."""

from __future__ import annotations


def int_param(raw: object, default: int | None = None) -> int | None:
    """`raw` as a non-negative whole number, or `default` when it is missing or malformed."""
    text = str(raw).strip() if raw is not None else ""
    return int(text) if text.isascii() and text.isdigit() else default
