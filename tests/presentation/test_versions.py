"""A framework version's name in words: the shipped tags in the reader's language."""

from __future__ import annotations

import pytest

from parindex.presentation.versions import version_words


@pytest.mark.parametrize(
    ("version", "vi", "en"),
    [
        ("2020.1", "2020.1", "2020.1"),
        ("example.1", "mẫu 1", "example 1"),
        (
            "2022.2-skeleton",
            "2022.2 (khung, chưa đủ tiêu chí)",
            "2022.2 (outline, criteria incomplete)",
        ),
        ("2026.1-ban-hanh", "2026.1-ban-hanh", "2026.1-ban-hanh"),  # a province's own name
        ("draft.2-skeleton", "draft.2-skeleton", "draft.2-skeleton"),
    ],
)
def test_a_version_in_words(version: str, vi: str, en: str) -> None:
    assert (version_words(version, "vi"), version_words(version, "en")) == (vi, en)
