"""What every command shares: exit codes, the words of tables, printing and error rendering."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from parindex.core.errors import FrameworkError, InputError, ParindexError
from parindex.presentation.numbers import fmt_points
from parindex.presentation.tables import table, to_csv

EXIT_OK, EXIT_FOUND, EXIT_USAGE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3, 4

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "code": "Mã",
        "title": "Nội dung",
        "score": "Điểm",
        "max": "Tối đa",
        "lost": "Mất",
        "who": "Chấm",
        "self": "tự chấm",
        "ministry": "Bộ chấm",
        "survey": "điều tra",
        "self_total": "Tổng điểm tự đánh giá",
        "index_total": "Tổng điểm Chỉ số (khi đủ điểm Bộ chấm và điều tra)",
        "incomplete": "Chưa có số liệu",
        "no_contradiction": "Không phát hiện mâu thuẫn giữa các số liệu.",
        "contradictions": "Các số liệu mâu thuẫn ({n}):",
        "rank": "Hạng",
        "unit": "Đơn vị",
        "percent": "%",
        "class": "Xếp loại",
        "version": "Phiên bản",
        "years": "Năm áp dụng",
        "kind": "Đối tượng",
        "leaves": "Số TCTP",
        "basis": "Căn cứ",
        "valid": "hợp lệ",
        "area": "Lĩnh vực",
        "before": "Trước",
        "after": "Sau",
        "delta": "Chênh lệch",
        "status": "Thay đổi",
        "error": "Lỗi",
        "explain": "Giải thích điểm không đạt",
        "rule": "Quy tắc",
    },
    "en": {
        "code": "Code",
        "title": "Item",
        "score": "Score",
        "max": "Max",
        "lost": "Lost",
        "who": "Scored by",
        "self": "self",
        "ministry": "ministry",
        "survey": "survey",
        "self_total": "Self-assessed total",
        "index_total": "Index total (once ministry and survey points are in)",
        "incomplete": "Missing inputs",
        "no_contradiction": "No contradiction between the figures.",
        "contradictions": "Contradicting figures ({n}):",
        "rank": "Rank",
        "unit": "Unit",
        "percent": "%",
        "class": "Class",
        "version": "Version",
        "years": "Years",
        "kind": "Unit kind",
        "leaves": "Leaves",
        "basis": "Legal basis",
        "valid": "valid",
        "area": "Area",
        "before": "Before",
        "after": "After",
        "delta": "Change",
        "status": "Status",
        "error": "Error",
        "explain": "Why points were lost",
        "rule": "Rule",
    },
}


class UsageError(ParindexError):
    """Bad command-line arguments."""


def word(args: argparse.Namespace, key: str) -> str:
    """The word for `key` in the command's language."""
    return WORDS[args.lang][key]


def emit(
    args: argparse.Namespace,
    data: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    right: Sequence[bool] | None = None,
    text_after: str = "",
) -> None:
    """Print `data` as JSON, or the rows as CSV or as a table followed by `text_after`."""
    if args.format == "json":
        print_json(data)
    elif args.format == "csv":
        sys.stdout.write(to_csv(headers, rows))
    else:
        print(table(headers, rows, right))
        if text_after:
            print(text_after)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def signed(value: Decimal, lang: str) -> str:
    """Points with their sign: '+0,0372', '-1'."""
    text = fmt_points(value, lang)
    return text if value < 0 else "+" + text


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; errors become a message on stderr and a non-zero exit code."""
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"parindex: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (FrameworkError, InputError) as exc:
        for problem in exc.problems:
            print(f"parindex: {problem}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except ParindexError as exc:
        print(f"parindex: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:  # pragma: no cover
        return 130
