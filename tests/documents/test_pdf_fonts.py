"""PDFs that match Word: Times New Roman or a metric-compatible font, Vietnamese whole, embedded."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from parindex.documents import fonts
from parindex.documents.convert import docx_to_pdf, find_soffice

needs_pdf = pytest.mark.skipif(
    find_soffice() is None or shutil.which("pdffonts") is None,
    reason="LibreOffice and pdffonts (poppler-utils) are needed",
)
#: Debian's fonts-liberation 1.07: metric-compatible, but without the letters with two marks.
LIBERATION_1 = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")


def test_charset_text_is_read_as_code_points() -> None:
    assert fonts.parse_charset("20-22 e0 1ea0-1ea1") == {0x20, 0x21, 0x22, 0xE0, 0x1EA0, 0x1EA1}
    assert fonts.parse_charset("") == frozenset()


def test_a_font_is_fit_when_metric_compatible_and_it_has_every_vietnamese_letter() -> None:
    every = fonts.parse_charset("20-7e a0-1ff 1ea0-1ef9")
    fit = fonts.check("Liberation Serif", "/f.ttf", every)
    assert fit.ok and fit.missing == ()
    other = fonts.check("DejaVu Serif", "/d.ttf", every)
    assert not other.metric_compatible and not other.ok
    lacking = fonts.check("Liberation Serif", "/f.ttf", fonts.parse_charset("20-7e a0-1ff"))
    assert not lacking.ok
    assert len(lacking.missing) == 0x1EFA - 0x1EA0
    assert lacking.missing_text(3) == "Ạ ạ Ả …"


@pytest.mark.skipif(
    not LIBERATION_1.exists() or shutil.which("fc-query") is None,
    reason="Debian's fonts-liberation 1.07 is not installed here",
)
def test_liberation_1_is_refused_for_its_missing_letters() -> None:
    charset = subprocess.run(
        ["fc-query", "-i", "0", "--format=%{charset}", str(LIBERATION_1)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    verdict = fonts.check("Liberation Serif", str(LIBERATION_1), fonts.parse_charset(charset))
    assert verdict.metric_compatible
    assert ord("ầ") in verdict.missing and ord("ế") in verdict.missing
    assert not verdict.ok


@needs_pdf
def test_this_machine_sets_times_new_roman_in_a_fit_font() -> None:
    font = fonts.document_font()
    assert font is not None
    assert font.ok, (
        f"PDFs would use {font.family} ({font.file}); missing {font.missing_text()}: "
        "apt-get install fonts-liberation2"
    )


@needs_pdf
@pytest.mark.slow
def test_the_plan_pdf_embeds_one_serif_family(plan_bytes: bytes, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(docx_to_pdf(plan_bytes))
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert lines
    names = []
    for line in lines:
        name, *_, emb, _sub, _uni, _obj, _gen = line.split()
        assert emb == "yes", line
        names.append(name.partition("+")[2])
    families = {n.split("-")[0] for n in names}
    assert families <= {"LiberationSerif", "TimesNewRoman", "TimesNewRomanPSMT", "Tinos"}, names
    assert len(families) == 1
