"""Signals of the accounts app (``password_changed``: API tokens are revoked on it)."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent after a saved password change of an existing user (``user=``), whatever the door.
password_changed = Signal()
