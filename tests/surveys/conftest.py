"""Shared fixtures for the surveys tests: the shipped SIPAS form and the example exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from parindex.surveys import Survey, load_sipas

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def sipas() -> Survey:
    """Return the shipped SIPAS questionnaire (read once per session)."""
    return load_sipas()


@pytest.fixture
def kobo_csv() -> Path:
    """Return the example KoboToolbox export a district collector hands the secretariat."""
    return DATA / "kobo_example.csv"
