"""A framework version's name as a person reads it, in Vietnamese or English.

A version is a code (``2020.1``, ``example.1``, ``2022.2-skeleton``): its numbers read the same
in both languages, the words the shipped files put in it are said in the reader's language
("mẫu 1" / "example 1"; "2022.2 (khung, chưa đủ tiêu chí)"). A version a province names
itself is its own words and is shown as it is.
"""

from __future__ import annotations

import re

#: the words shipped versions carry, by language
WORDS: dict[str, dict[str, str]] = {
    "vi": {"example": "mẫu {number}", "skeleton": "{number} (khung, chưa đủ tiêu chí)"},
    "en": {"example": "example {number}", "skeleton": "{number} (outline, criteria incomplete)"},
}
_SHIPPED = re.compile(
    r"^(?:(?P<prefix>[a-z]+)\.)?(?P<number>\d+(?:\.\d+)*)(?:-(?P<suffix>[a-z]+))?$"
)


def version_words(version: str, lang: str = "vi") -> str:
    """``version`` in words in ``lang``: ``example.1`` → "mẫu 1"; numbers as they are."""
    words = WORDS.get(lang, WORDS["vi"])
    match = _SHIPPED.match(version)
    if match is None:
        return version
    tag = match["prefix"] or match["suffix"]
    if tag is None:
        return version
    if tag not in words or (match["prefix"] and match["suffix"]):
        return version
    return words[tag].format(number=match["number"])
