"""The current interface language of a request, as the non-Django layers name it ('vi'/'en')."""

from __future__ import annotations

from django.utils.translation import get_language

from parindex.i18n import language


def lang() -> str:
    """'vi' or 'en': the language Django activated for this request (or command)."""
    return language(get_language())
