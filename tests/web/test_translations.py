"""The English interface is complete: every catalogue translates every string it carries.

The source strings are Vietnamese; a missing or fuzzy English entry would show Vietnamese to
an English reader (or, for a fuzzy one, a wrong translation). The compiled ``.mo`` files are
what Django reads, so each must also be newer than, and agree with, its ``.po``.
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "src" / "parindex" / "web"
CATALOGUES = sorted(WEB.glob("**/locale/en/LC_MESSAGES/django.po"))


def _entries(text: str) -> list[tuple[list[str], str, list[str]]]:
    """(flags, msgid, msgstrs) of each entry, continuation lines joined."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if line.strip()]
        flags: list[str] = []
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith("#,"):
                flags += [f.strip() for f in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and key:
                fields[key] += _unquote(line)
            else:
                key, _, value = line.partition(" ")
                fields[key] = _unquote(value)
        if "msgid" in fields:
            strs = [v for k, v in fields.items() if k.startswith("msgstr")]
            if "msgid_plural" in fields:
                flags.append("plural")
            msgid = fields["msgid"]
            if "msgctxt" in fields:  # how gettext keys an entry with a context
                msgid = f"{fields['msgctxt']}\x04{msgid}"
            entries.append((flags, msgid, strs))
    return entries


def _unquote(value: str) -> str:
    value = value.strip()
    return value[1:-1] if value.startswith('"') and value.endswith('"') else value


def test_there_are_catalogues() -> None:
    assert WEB / "locale" / "en" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(WEB)))
def test_every_entry_is_translated_and_none_is_fuzzy(po: Path) -> None:
    problems = []
    for flags, msgid, msgstrs in _entries(po.read_text(encoding="utf-8")):
        if not msgid:
            continue  # the header
        if "fuzzy" in flags:
            problems.append(f"fuzzy: {msgid!r}")
        elif not msgstrs or any(not s for s in msgstrs):
            problems.append(f"untranslated: {msgid!r}")
    assert not problems, f"{po}: " + "; ".join(problems[:20]) + f" ({len(problems)} in all)"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(WEB)))
def test_compiled_catalogue_matches_its_source(po: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run make messages"
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    missing = [
        msgid
        for flags, msgid, msgstrs in _entries(po.read_text(encoding="utf-8"))
        if msgid
        and not {"fuzzy", "plural"} & set(flags)
        and msgstrs
        and msgstrs[0]
        and "\\" not in msgid + msgstrs[0]  # escaped text: compared through Django elsewhere
        and compiled.gettext(msgid) != msgstrs[0]
    ]
    assert not missing, f"{mo} is older than {po.name}: " + "; ".join(map(repr, missing[:10]))
