"""The `parindex` catalogue outside Django: every word table is translated, and the .mo is fresh."""

from __future__ import annotations

import ast
import string

import pytest

from parindex.charts.labels import LABELS
from parindex.cli.output import WORDS as CLI_WORDS
from parindex.i18n import LOCALE_DIR, Message, catalogue, language, translate
from parindex.indicators.words import REASONS as INDICATOR_REASONS
from parindex.indicators.words import VALUES as INDICATOR_VALUES
from parindex.indicators.words import WORDS as INDICATOR_WORDS
from parindex.presentation.numbers import PERCENTAGE_POINTS
from parindex.presentation.text import CONTRADICTIONS, PHRASES, REASONS, RELATIONS

TABLES: dict[str, dict[str, Message]] = {
    "cli.output.WORDS": CLI_WORDS,
    "presentation.text.REASONS": REASONS,
    "presentation.text.PHRASES": PHRASES,
    "presentation.text.CONTRADICTIONS": CONTRADICTIONS,
    "presentation.text.RELATIONS": RELATIONS,
    "presentation.numbers.PERCENTAGE_POINTS": {"pp": PERCENTAGE_POINTS},
    "charts.labels.LABELS": LABELS,
    "indicators.words.WORDS": INDICATOR_WORDS,
    "indicators.words.REASONS": INDICATOR_REASONS,
    **{f"indicators.words.VALUES[{c!r}]": table for c, table in INDICATOR_VALUES.items()},
}
SAME_IN_BOTH = {"%", "SHA-256"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_word_has_its_english_with_the_same_placeholders():
    problems = []
    for name, table in TABLES.items():
        for key, message in table.items():
            english = translate(message, "en")
            if translate(message, "vi") != message.msgid:
                problems.append(f"{name}[{key!r}]: the Vietnamese is not the msgid")
            if english == message.msgid and message.msgid not in SAME_IN_BOTH:
                problems.append(f"{name}[{key!r}]: no English (run `make messages`)")
            elif _fields(english) != _fields(message.msgid):
                problems.append(f"{name}[{key!r}]: placeholders differ: {english!r}")
    assert problems == []


def _po_entries(text: str) -> dict[str, str]:
    """The translated entries of a .po file, keyed as gettext keys them (context\\x04msgid)."""
    entries: dict[str, str] = {}
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        current = ""
        fuzzy = False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith(("msgctxt ", "msgid ", "msgstr ")):
                current, _, quoted = line.partition(" ")
                fields[current] = ast.literal_eval(quoted)
            elif line.startswith('"'):
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid") and fields.get("msgstr") and not fuzzy:
            key = fields["msgid"]
            if "msgctxt" in fields:
                key = f"{fields['msgctxt']}\x04{key}"
            entries[key] = fields["msgstr"]
    return entries


def test_the_compiled_catalogue_matches_its_po_file():
    po = (LOCALE_DIR / "en/LC_MESSAGES/parindex.po").read_text(encoding="utf-8")
    compiled = {k: v for k, v in catalogue("en")._catalog.items() if k}  # type: ignore[attr-defined]
    assert compiled == _po_entries(po), "run `make messages` to recompile parindex.mo"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("vi", "vi"),
        ("en", "en"),
        ("en-us", "en"),
        ("EN", "en"),
        ("fr", "vi"),
        ("", "vi"),
        (None, "vi"),
    ],
)
def test_the_language_helper_falls_back_to_vietnamese(code: str | None, expected: str):
    assert language(code) == expected
