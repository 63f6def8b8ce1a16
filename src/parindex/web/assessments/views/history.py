"""An item's history in words: each score and each recorded change, as a person reads it.

The audit keeps codes (``input.set``, ``3.4.1/on_time``, ``accept 1.5``) so it stays exact;
this turns them into "Nhập số liệu: Số hồ sơ giải quyết đúng hạn", "Chấp nhận 1,5".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext_lazy as _

from parindex.core.model import Node
from parindex.presentation.answers import answer_text
from parindex.presentation.numbers import fmt_number
from parindex.web.assessments.models import AppealDecision, Decision, ItemScore
from parindex.web.site.language import lang

ACTIONS = {
    "input.set": _("Nhập số liệu"),
    "comment.set": _("Ghi chú"),
    "evidence.link": _("Gắn tài liệu kiểm chứng"),
    "evidence.relink": _("Gắn phiên bản mới của tài liệu"),
    "evidence.unlink": _("Bỏ gắn tài liệu kiểm chứng"),
    "explanation.set": _("Giải trình"),
    "item.appraise": _("Thẩm định"),
    "item.explain": _("Giải trình"),
    "item.appeal": _("Kiến nghị"),
    "item.appeal_decide": _("Quyết định về kiến nghị"),
    "assessment.reopen": _("Mở lại để sửa"),
    "assessment.contribution": _("Phân công cơ quan chủ trì"),
    "assessment.contribution_remove": _("Bỏ phân công cơ quan chủ trì"),
}
DECISIONS = {**dict(Decision.choices), **dict(AppealDecision.choices)}
#: a document as the evidence audit writes it: "<pk> v<number> <title>"
DOCUMENT = re.compile(r"^\d+ v(?P<number>\d+)\s*(?P<rest>.*)$")


@dataclass(frozen=True)
class HistoryRow:
    at: Any
    by: Any
    what: str
    before: str
    after: str


def _number(text: str) -> str:
    try:
        Decimal(text)
    except (InvalidOperation, ValueError):
        return text
    return fmt_number(text, lang())


def _words(value: str) -> str:
    """A recorded value in words: a decision code, numbers formatted, a document's version."""
    value = (value or "").strip()
    document = DOCUMENT.match(value)
    if document:
        rest = document["rest"]
        return f"{rest} ({_('phiên bản')} {document['number']})".strip()
    head, _sep, tail = value.partition(" ")
    if head in DECISIONS:
        return " ".join(filter(None, [str(DECISIONS[head]), _words(tail)]))
    if re.fullmatch(r"v\d+", value):
        return f"{_('phiên bản')} {value[1:]}"
    return " ".join(_number(part) for part in value.split(" ")) if value else ""


def score_reason(score: ItemScore) -> str:
    """A score's reason with the appraiser's decision in words ("Chấp nhận: …")."""
    head, sep, tail = score.reason.partition(": ")
    if sep and head in DECISIONS:
        return f"{DECISIONS[head]}: {tail}" if tail else str(DECISIONS[head])
    return score.reason


def history_rows(node: Node | None, scores: list[ItemScore], events: list) -> list[HistoryRow]:
    """Scores by stage, then the audit's changes, each in words."""
    language = lang()
    rows = [
        HistoryRow(
            s.at,
            s.by,
            ": ".join(filter(None, [str(s.get_stage_display()), score_reason(s)])),
            "",
            fmt_number(s.points, language) if s.points is not None else "",
        )
        for s in scores
    ]
    for e in events:
        what = str(ACTIONS.get(e.action, _("Thay đổi khác")))
        _code, _sep, name = (e.field or "").partition("/")
        spec = node.input(name) if node is not None and name else None
        if spec is not None:
            what = f"{what}: {spec.label(language)}"
        if spec is not None and e.action == "input.set":  # an answer: "Có", a choice's label
            before, after = (answer_text(spec, v, language) for v in (e.before, e.after))
        else:
            before, after = _words(e.before), _words(e.after)
        rows.append(HistoryRow(e.at, e.actor, what, before, after))
    return sorted(rows, key=lambda r: r.at)
