"""A framework diff (``parindex.core.diff``) in Vietnamese or English, for the page and the CLI."""

from __future__ import annotations

from decimal import Decimal

from parindex.core.diff import Change, FrameworkDiff
from parindex.presentation.numbers import fmt_points
from parindex.presentation.text import render

SENTENCES: dict[str, dict[str, str]] = {
    "vi": {
        "added": "Thêm {code} «{title}» ({after} điểm)",
        "removed": "Bỏ {code} «{title}» ({before} điểm)",
        "renamed": "Đổi tên {code}: «{before}» thành «{after}»",
        "max_changed": "Điểm tối đa của {code} «{title}»: {before} thành {after}",
        "rule_changed": "Cách tính điểm của {code} «{title}»: {before} thành {after}",
        "moved": "Chuyển {code} «{title}» từ dưới {before} sang dưới {after}",
        "block_changed": "Chuyển {code} «{title}» từ khối «{before}» sang khối «{after}»",
        "scorer_changed": "Chủ thể chấm {code} «{title}»: {before} thành {after}",
        "framework_block_added": "Thêm khối điểm «{title}» ({after} điểm)",
        "framework_block_removed": "Bỏ khối điểm «{title}» ({before} điểm)",
        "framework_block_max_changed": "Điểm tối đa của khối «{title}»: {before} thành {after}",
        "none": "Không có thay đổi.",
        "top": "cấp lĩnh vực",
        "no_rule": "chưa có",
        "self": "đơn vị tự chấm",
        "ministry": "Bộ Nội vụ chấm",
        "survey": "điều tra xã hội học",
        "heading": "Khác biệt từ {old} đến {new}",
    },
    "en": {
        "added": "Added {code} '{title}' ({after} points)",
        "removed": "Removed {code} '{title}' ({before} points)",
        "renamed": "Renamed {code}: '{before}' to '{after}'",
        "max_changed": "Maximum of {code} '{title}': {before} to {after}",
        "rule_changed": "Scoring rule of {code} '{title}': {before} to {after}",
        "moved": "Moved {code} '{title}' from under {before} to under {after}",
        "block_changed": "Moved {code} '{title}' from block '{before}' to block '{after}'",
        "scorer_changed": "Who scores {code} '{title}': {before} to {after}",
        "framework_block_added": "Added block '{title}' ({after} points)",
        "framework_block_removed": "Removed block '{title}' ({before} points)",
        "framework_block_max_changed": "Maximum of block '{title}': {before} to {after}",
        "none": "No changes.",
        "top": "the top level",
        "no_rule": "none",
        "self": "self-assessed",
        "ministry": "scored by the Ministry",
        "survey": "social survey",
        "heading": "Differences from {old} to {new}",
    },
}


def _value(change: Change, value: str | Decimal | None, lang: str) -> str:
    words = SENTENCES[lang]
    if isinstance(value, Decimal):
        return fmt_points(value, lang)
    if change.kind == "moved" and not value:
        return words["top"]
    if change.kind == "rule_changed" and not value:
        return words["no_rule"]
    if change.kind == "scorer_changed" and value in ("self", "ministry", "survey"):
        return words[str(value)]
    return "" if value is None else str(value)


def change_text(change: Change, lang: str = "vi") -> str:
    """One change as a sentence in ``lang``."""
    return render(
        SENTENCES[lang][change.kind],
        lang,
        code=change.code,
        title=change.title,
        before=_value(change, change.before, lang),
        after=_value(change, change.after, lang),
    )


def diff_lines(diff: FrameworkDiff, lang: str = "vi") -> list[str]:
    """The heading, then one sentence per change (or that there is none)."""
    words = SENTENCES[lang]
    lines = [render(words["heading"], lang, old=diff.old, new=diff.new)]
    lines += [change_text(c, lang) for c in diff.changes] or [words["none"]]
    return lines
