"""Which font LibreOffice will use for the documents' Times New Roman, and whether it will do.

The Word documents (plan, periodic report) are set in Times New Roman, as Nghị định 30/2020/NĐ-CP
asks. On a Linux server LibreOffice takes whatever fontconfig gives for that name when it makes
a PDF. A PDF that matches Word needs Times New Roman itself or a metric-compatible font
(Liberation Serif 2, Tinos): the same widths, so lines and pages break where Word breaks them.
It must also carry every Vietnamese letter: Debian's ``fonts-liberation`` (Liberation 1.07) lacks
the letters with two marks (ầ, ế, ộ …), and LibreOffice then sets them in another font in the
middle of words. ``fonts-liberation2`` has them all. LibreOffice embeds the fonts it uses in the
PDF (subsets), so the reader of the PDF needs none of them.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

#: The font the documents ask for, and the fonts with the same metrics.
DOCUMENT_FONT = "Times New Roman"
METRIC_COMPATIBLE = ("Times New Roman", "Liberation Serif", "Tinos")

#: Vietnamese beyond Latin-1: ă Ă đ Đ ĩ Ĩ ũ Ũ ơ Ơ ư Ư, and the block of letters with tone marks.
VIETNAMESE = frozenset(
    [
        0x102,
        0x103,
        0x110,
        0x111,
        0x128,
        0x129,
        0x168,
        0x169,
        0x1A0,
        0x1A1,
        0x1AF,
        0x1B0,
        *range(0x1EA0, 0x1EFA),
    ]
)


@dataclass(frozen=True)
class FontCheck:
    """What fontconfig gives for Times New Roman."""

    family: str
    file: str
    metric_compatible: bool
    missing: tuple[int, ...]  # Vietnamese code points the font lacks

    @property
    def ok(self) -> bool:
        return self.metric_compatible and not self.missing

    def missing_text(self, limit: int = 12) -> str:
        """The missing letters, as text ("ầ ấ ẩ …")."""
        letters = " ".join(chr(c) for c in self.missing[:limit])
        return letters + (" …" if len(self.missing) > limit else "")


def parse_charset(text: str) -> frozenset[int]:
    """Code points of fontconfig's charset text ("20-7e a0-17f 1ea0-1ef9")."""
    points: set[int] = set()
    for part in text.split():
        low, _, high = part.partition("-")
        start = int(low, 16)
        points.update(range(start, int(high or low, 16) + 1))
    return frozenset(points)


def check(family: str, file: str, charset: frozenset[int]) -> FontCheck:
    """The verdict on one font: its name among the metric-compatible ones, and its letters."""
    compatible = any(family.strip().lower() == name.lower() for name in METRIC_COMPATIBLE)
    return FontCheck(family.strip(), file, compatible, tuple(sorted(VIETNAMESE - charset)))


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, timeout=10, check=True).stdout


def document_font() -> FontCheck | None:
    """What this machine will set Times New Roman in; None without fontconfig's tools."""
    if shutil.which("fc-match") is None or shutil.which("fc-query") is None:
        return None
    try:
        family, _, file = _run("fc-match", "-f", "%{family[0]}\n%{file}", DOCUMENT_FONT).partition(
            "\n"
        )
        charset = _run("fc-query", "-i", "0", "--format=%{charset}", file.strip())
    except (OSError, subprocess.SubprocessError):
        return None
    return check(family, file.strip(), parse_charset(charset))
