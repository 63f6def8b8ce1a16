"""What every command shares: exit codes, the words of tables, printing and error rendering."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from parindex.core.errors import FrameworkError, InputError, ParindexError, Problem
from parindex.core.limits import CODE as LIMIT_CODE
from parindex.core.limits import LimitError
from parindex.i18n import Message, gettext_noop, pgettext_noop, translate
from parindex.presentation.numbers import fmt_signed_points
from parindex.presentation.tables import table, to_csv
from parindex.presentation.text import problem_text as presented

EXIT_OK, EXIT_FOUND, EXIT_USAGE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3, 4

WORDS: dict[str, Message] = {
    "code": gettext_noop("Mã"),
    "title": gettext_noop("Nội dung"),
    "score": gettext_noop("Điểm"),
    "max": gettext_noop("Tối đa"),
    "lost": gettext_noop("Mất"),
    "who": gettext_noop("Chấm"),
    "self": gettext_noop("tự chấm"),
    "ministry": gettext_noop("Bộ chấm"),
    "survey": gettext_noop("điều tra"),
    "self_total": gettext_noop("Tổng điểm tự đánh giá"),
    "index_total": gettext_noop("Tổng điểm Chỉ số (khi đủ điểm Bộ chấm và điều tra)"),
    "incomplete": gettext_noop("Chưa có số liệu"),
    "no_contradiction": gettext_noop("Không phát hiện mâu thuẫn giữa các số liệu."),
    "contradictions": gettext_noop("Các số liệu mâu thuẫn ({n}):"),
    "rank": gettext_noop("Hạng"),
    "unit": gettext_noop("Đơn vị"),
    "percent": gettext_noop("%"),
    "class": gettext_noop("Xếp loại"),
    "version": gettext_noop("Phiên bản"),
    "years": gettext_noop("Năm áp dụng"),
    "kind": gettext_noop("Đối tượng"),
    "leaves": gettext_noop("Số TCTP"),
    "basis": gettext_noop("Căn cứ"),
    "valid": gettext_noop("hợp lệ"),
    "area": gettext_noop("Lĩnh vực"),
    "before": gettext_noop("Trước"),
    "after": gettext_noop("Sau"),
    "delta": gettext_noop("Chênh lệch"),
    "status": gettext_noop("Thay đổi"),
    "error": gettext_noop("Lỗi"),
    "explain": gettext_noop("Giải thích điểm không đạt"),
    "rule": gettext_noop("Quy tắc"),
    # A file refused by parindex.core.limits / parindex.io.limits (bomb, too big, too deep).
    LIMIT_CODE: gettext_noop("tệp quá lớn hoặc bị hỏng"),
    # whom a framework is for (core.model.UNIT_KINDS) and how a sub-criterion is scored
    "kind:province": pgettext_noop("unit kind", "Cấp tỉnh"),
    "kind:ministry": pgettext_noop("unit kind", "Bộ, cơ quan ngang bộ"),
    "kind:department": pgettext_noop("unit kind", "Sở, ban, ngành"),
    "kind:district": pgettext_noop("unit kind", "Cấp huyện"),
    "kind:commune": pgettext_noop("unit kind", "Cấp xã"),
    "rule:proportional": pgettext_noop("rule kind", "Tỷ lệ"),
    "rule:threshold_proportional": pgettext_noop("rule kind", "Tỷ lệ so với ngưỡng"),
    "rule:base_proportional": pgettext_noop("rule kind", "Điểm cơ sở cộng tỷ lệ"),
    "rule:bands": pgettext_noop("rule kind", "Theo khoảng"),
    "rule:compare_previous": pgettext_noop("rule kind", "So với năm trước"),
    "rule:yes_no": pgettext_noop("rule kind", "Có/không"),
    "rule:choice": pgettext_noop("rule kind", "Chọn mức"),
    "rule:bonus": pgettext_noop("rule kind", "Điểm thưởng"),
    "rule:penalty": pgettext_noop("rule kind", "Điểm trừ"),
    "rule:formula": pgettext_noop("rule kind", "Công thức"),
    "rule:manual": pgettext_noop("rule kind", "Chấm trực tiếp"),
    # what `compare` found for a node (core.analysis.Change.status)
    "change:same": pgettext_noop("comparison", "Không đổi"),
    "change:changed": pgettext_noop("comparison", "Điểm thay đổi"),
    "change:added": pgettext_noop("comparison", "Mới có"),
    "change:removed": pgettext_noop("comparison", "Không còn"),
    "change:max_changed": pgettext_noop("comparison", "Điểm tối đa thay đổi"),
    "change:rule_changed": pgettext_noop("comparison", "Cách tính điểm thay đổi"),
}


def word_of(args: argparse.Namespace, prefix: str, code: str) -> str:
    """A code in words ('kind', 'province' → 'Cấp tỉnh'); an unknown code as it is."""
    key = f"{prefix}:{code}"
    return word(args, key) if key in WORDS else code


class UsageError(ParindexError):
    """Bad command-line arguments."""


def word(args: argparse.Namespace, key: str) -> str:
    """The word for `key` in the command's language."""
    return translate(WORDS[key], args.lang)


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
    return fmt_signed_points(value, lang)


def problem_text(args: argparse.Namespace, problem: Problem) -> str:
    """A problem as the command prints it, in the command's language: the web's sentence
    (file, sheet or table, row, column: why); a refused file says which limit it passed."""
    if problem.code != LIMIT_CODE:
        return presented(problem, args.lang)
    where = problem.location()
    sentence = f"{word(args, LIMIT_CODE)} ({problem.message})"
    return f"{where}: {sentence}" if where else sentence


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; errors become a message on stderr and a non-zero exit code."""
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"parindex: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (FrameworkError, InputError) as exc:
        for problem in exc.problems:
            print(f"parindex: {problem_text(args, problem)}", file=sys.stderr)
        return EXIT_INPUT
    except LimitError as exc:
        print(f"parindex: {problem_text(args, exc.problem())}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except ParindexError as exc:
        print(f"parindex: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:  # pragma: no cover
        return 130
