"""`check --deploy` warns when the server would print the plan's PDF in an unfit font.

fontconfig is pointed (FONTCONFIG_FILE) at one real font folder at a time, so the check runs
against real fonts: Debian's Liberation 1.07 (same widths, Vietnamese letters missing) and
DejaVu (other widths).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from parindex.documents.convert import find_soffice
from parindex.web.plans.checks import pdf_font

pytestmark = pytest.mark.skipif(
    find_soffice() is None or shutil.which("fc-match") is None,
    reason="LibreOffice and fontconfig are needed",
)
CONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>{folder}</dir>
  <cachedir>{cache}</cachedir>
  <include ignore_missing="yes">/etc/fonts/conf.d</include>
</fontconfig>
"""


def only_fonts(folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not Path(folder).is_dir():
        pytest.skip(f"{folder} is not installed here")
    config = tmp_path / "fonts.conf"
    config.write_text(CONFIG.format(folder=folder, cache=tmp_path / "cache"), encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))


def test_this_server_passes() -> None:
    assert pdf_font() == []


def test_liberation_1_is_reported_for_its_missing_vietnamese_letters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_fonts("/usr/share/fonts/truetype/liberation", tmp_path, monkeypatch)
    [warning] = pdf_font()
    assert warning.id == "parindex.W104"
    assert warning.msg.startswith("Liberation Serif (/usr/share/fonts/truetype/liberation/")
    assert "lacks 92 Vietnamese letters (Ơ ơ Ư ư Ạ ạ Ả ả Ấ ấ Ầ ầ …)" in warning.msg
    assert "fonts-liberation2" in str(warning.hint)


def test_a_font_of_other_widths_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_fonts("/usr/share/fonts/truetype/dejavu", tmp_path, monkeypatch)
    ids = [w.id for w in pdf_font()]
    assert ids[0] == "parindex.W103"
    assert set(ids) <= {"parindex.W103", "parindex.W104"}
