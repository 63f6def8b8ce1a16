"""What changed between two versions of a plan, as readable paths (area 3 › 3.4.1 › points)."""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import pgettext_lazy

from parindex.presentation.numbers import fmt_date, fmt_points


@dataclass(frozen=True)
class Change:
    path: str
    before: str
    after: str


def _key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for name in ("code", "name", "agency"):
            if isinstance(item.get(name), str) and item[name]:
                return item[name]
    return str(index + 1)


def _flatten(value: Any, path: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for name, child in value.items():
            _flatten(child, f"{path} › {name}" if path else name, out)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, child in enumerate(value):
            _flatten(child, f"{path}[{_key(child, i)}]", out)
    elif isinstance(value, list):
        out[path] = "\n".join(str(v) for v in value)
    else:
        out[path] = "" if value is None else str(value)


def plan_diff(before: str, after: str) -> list[Change]:
    """The fields that differ between two stored plan JSON texts, in the newer's order."""
    old: dict[str, str] = {}
    new: dict[str, str] = {}
    _flatten(json.loads(before), "", old)
    _flatten(json.loads(after), "", new)
    changes = [Change(p, old.get(p, ""), v) for p, v in new.items() if old.get(p) != v]
    changes += [Change(p, v, "") for p, v in old.items() if p not in new]
    return changes


#: the plan's stored keys as a reader names them (the versions page shows them)
FIELD_LABELS = {
    "annex_note": pgettext_lazy("plan field", "Ghi chú phụ lục"),
    "areas": pgettext_lazy("plan field", "Lĩnh vực"),
    "contents": pgettext_lazy("plan field", "Nội dung, nhiệm vụ"),
    "items": pgettext_lazy("plan field", "Nhiệm vụ"),
    "text": pgettext_lazy("plan field", "Nội dung"),
    "coordinating": pgettext_lazy("plan field", "Cơ quan phối hợp"),
    "goal": pgettext_lazy("plan field", "Mục tiêu"),
    "leads": pgettext_lazy("plan field", "Cơ quan chủ trì"),
    "agency": pgettext_lazy("plan field", "Cơ quan"),
    "scope": pgettext_lazy("plan field", "Phạm vi"),
    "lost": pgettext_lazy("plan field", "Điểm bị mất"),
    "ministry_max": pgettext_lazy("plan field", "Điểm tối đa do Bộ Nội vụ chấm"),
    "notes": pgettext_lazy("plan field", "Ghi chú"),
    "self_max": pgettext_lazy("plan field", "Điểm tối đa tự đánh giá"),
    "self_score": pgettext_lazy("plan field", "Điểm tự đánh giá"),
    "summary": pgettext_lazy("plan field", "Tóm tắt"),
    "targets": pgettext_lazy("plan field", "Chỉ tiêu"),
    "base_score": pgettext_lazy("plan field", "Điểm năm trước"),
    "code": pgettext_lazy("plan field", "Mã"),
    "effort": pgettext_lazy("plan field", "Công sức"),
    "lead": pgettext_lazy("plan field", "Chủ trì"),
    "max": pgettext_lazy("plan field", "Điểm tối đa"),
    "measures": pgettext_lazy("plan field", "Chỉ tiêu đo lường"),
    "name": pgettext_lazy("plan field", "Tên"),
    "op": pgettext_lazy("plan field", "Điều kiện"),
    "title": pgettext_lazy("plan field", "Tên gọi"),
    "unit": pgettext_lazy("plan field", "Đơn vị"),
    "value": pgettext_lazy("plan field", "Giá trị"),
    "points": pgettext_lazy("plan field", "Điểm mục tiêu"),
    "base_year": pgettext_lazy("plan field", "Năm căn cứ"),
    "basis": pgettext_lazy("plan field", "Căn cứ"),
    "closing": pgettext_lazy("plan field", "Phần kết"),
    "date": pgettext_lazy("plan field", "Ngày ban hành"),
    "duties": pgettext_lazy("plan field", "Tổ chức thực hiện"),
    "heading": pgettext_lazy("plan field", "Tiêu đề"),
    "framework": pgettext_lazy("plan field", "Bộ tiêu chí"),
    "issuer": pgettext_lazy("plan field", "Cơ quan ban hành"),
    "number": pgettext_lazy("plan field", "Số văn bản"),
    "place": pgettext_lazy("plan field", "Địa danh"),
    "preamble": pgettext_lazy("plan field", "Căn cứ, mở đầu"),
    "purpose": pgettext_lazy("plan field", "Mục đích"),
    "recipients": pgettext_lazy("plan field", "Nơi nhận"),
    "requirements": pgettext_lazy("plan field", "Yêu cầu"),
    "signatory": pgettext_lazy("plan field", "Người ký"),
    "signature_capacity": pgettext_lazy("plan field", "Thẩm quyền ký"),
    "signature_title": pgettext_lazy("plan field", "Chức vụ người ký"),
    "subtitle": pgettext_lazy("plan field", "Trích yếu"),
    "symbol": pgettext_lazy("plan field", "Ký hiệu"),
    "unit_code": pgettext_lazy("plan field", "Mã đơn vị"),
    "year": pgettext_lazy("plan field", "Năm"),
}
#: keys whose values are points or figures, written with the interface's decimal comma
NUMBER_KEYS = frozenset(
    {"points", "max", "base_score", "effort", "self_max", "self_score", "ministry_max", "value"}
)
SEGMENT = re.compile(r"([a-z_]+)(?:\[([^\]]*)\])?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _shown(key: str, value: str, lang: str) -> str:
    if key == "date" and ISO_DATE.fullmatch(value):
        return fmt_date(date.fromisoformat(value), lang)
    if key in NUMBER_KEYS and value:
        with contextlib.suppress(InvalidOperation):
            return fmt_points(Decimal(value), lang)
    return value


def readable(change: Change, lang: str) -> Change:
    """``change`` as a reader reads it: its path in words ("Lĩnh vực 6 › Chỉ tiêu 6.1.3 ›
    Điểm mục tiêu"), a date dd/mm/yyyy, points with the interface's decimal mark."""
    words: list[str] = []
    key = ""
    for part in change.path.split(" › "):
        found = SEGMENT.fullmatch(part)
        if found is None:
            words.append(part)
            continue
        key, index = found.groups()
        label = str(FIELD_LABELS.get(key, key))
        words.append(f"{label} {index}" if index else label)
    return Change(
        " › ".join(words), _shown(key, change.before, lang), _shown(key, change.after, lang)
    )
