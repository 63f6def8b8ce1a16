"""Free text a service is handed: trimmed, required or not, bounded, refused with a code."""

from __future__ import annotations


class TextError(ValueError):
    """A text a service refuses; ``code`` is ``<field>_required`` or ``<field>_too_long``.

    ``field`` names the argument and ``params`` carries ``limit`` for a text too long, so
    each app words the refusal (or re-raises it as its own error with the same code).
    """

    def __init__(self, code: str, *, field: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params


def clean_text(
    value: str | None, *, field: str, max_length: int | None = None, required: bool = False
) -> str:
    """``value`` without surrounding whitespace; TextError if empty but required, or longer
    than ``max_length`` characters."""
    text = (value or "").strip()
    if required and not text:
        raise TextError(f"{field}_required", field=field)
    if max_length is not None and len(text) > max_length:
        raise TextError(f"{field}_too_long", field=field, limit=max_length)
    return text
