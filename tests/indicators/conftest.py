"""Shared files: the seed's 2020 log (generated once) and a writer of messy exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from indicator_helpers import HEADER, TITLE, Writer

from parindex.indicators.generator import generate


@pytest.fixture(scope="session")
def seed_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the synthetic 2020 log of the seed (one province, Lào Cai's counts)."""
    path = tmp_path_factory.mktemp("seed") / "lao-cai-2020.csv"
    generate(path)
    return path


@pytest.fixture
def export(tmp_path: Path) -> Writer:
    """Return a writer of a semicolon CSV export: title rows, the header, then `rows`."""

    def write(rows: list[str], name: str = "export.csv", title: bool = True) -> Path:
        path = tmp_path / name
        text = (TITLE if title else "") + HEADER + "\n" + "\n".join(rows) + "\n"
        path.write_text(text, encoding="utf-8")
        return path

    return write
