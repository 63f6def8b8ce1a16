"""Match province names as published ("Tỉnh Lào Cai", "TP. Hồ Chí Minh", "Thừa Thiên - Huế")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

_PREFIXES = ("tinh ", "thanh pho ", "tp ", "t p ", "province of ", "city of ")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), punctuation as single spaces."""
    text = unicodedata.normalize("NFD", str(text).strip().lower()).replace("đ", "d")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text).strip()


def normalize_name(text: str) -> str:
    """A province name folded and stripped of "Tỉnh", "Thành phố", "TP." prefixes."""
    name = fold(text)
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if name.startswith(prefix):
                name, changed = name[len(prefix) :], True
    return name.replace(" ", "")


class ProvinceMatcher:
    """Find a province code from a code or a name, against a list passed in (code → names)."""

    def __init__(self, provinces: Mapping[str, str | Sequence[str]]) -> None:
        self.codes: tuple[str, ...] = tuple(provinces)
        self.names: dict[str, str] = {}
        self._by_code: dict[str, str] = {}
        self._by_name: dict[str, str] = {}
        clashes: list[str] = []
        for code, names in provinces.items():
            listed = [names] if isinstance(names, str) else list(names)
            self.names[code] = listed[0] if listed else code
            self._by_code[_code_key(code)] = code
            for name in listed:
                key = normalize_name(name)
                other = self._by_name.setdefault(key, code)
                if other != code:
                    clashes.append(f"'{name}' names both {other} and {code}")
        if clashes:
            raise ValueError("ambiguous province names: " + "; ".join(clashes))

    def __len__(self) -> int:
        return len(self.codes)

    def match(self, text: object) -> str | None:
        """The code for ``text`` (a code such as "10" or "010", or a name), else None."""
        if text is None:
            return None
        if isinstance(text, int | float) and not isinstance(text, bool):
            text = str(int(text)) if float(text).is_integer() else str(text)
        raw = str(text).strip()
        if not raw:
            return None
        found = self._by_code.get(_code_key(raw))
        if found is not None:
            return found
        return self._by_name.get(normalize_name(raw))


def _code_key(code: str) -> str:
    code = str(code).strip()
    return (code.lstrip("0") or "0") if code.isdigit() else code.upper()
