"""The form of one area's plan defaults: lead agencies (each with the part it leads),
coordinating agencies, the area's goal and the default target of each measured sub-criterion.

The form reads what was typed (numbers through the core's parser) and gives the service an
:class:`~parindex.plans.defaults.areas.AreaEdit`; the service's refusals come back as errors on
the fields they name, so what was typed stays on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.core.model import Node
from parindex.core.numbers import parse_number
from parindex.plans.defaults import AreaDefaults, PlanDefaults
from parindex.plans.defaults.areas import RATE, TARGET_OPS, AreaEdit, Target, measured_leaves
from parindex.plans.model import Lead
from parindex.presentation.numbers import fmt_number
from parindex.web.site.forms import PostedForm
from parindex.web.site.language import lang

OP_LABELS = {">=": _("từ … trở lên (≥)"), "=": _("đúng bằng (=)")}
PROBLEMS = {
    "plan_lead_missing": _("Hãy ghi cơ quan chủ trì của lĩnh vực."),
    "plan_lead_repeated": _("Cơ quan «%(agency)s» đã ghi ở dòng trên."),
    "plan_coordinating_is_lead": _("«%(agency)s» đã là cơ quan chủ trì của lĩnh vực này."),
    "plan_target_range": _(
        "Chỉ tiêu là tỷ lệ phần trăm, lớn hơn 0 và không quá 100; đã nhập %(value)s."
    ),
    "plan_target_op": _("Hãy chọn cách so sánh của chỉ tiêu."),
    "plan_target_not_measured": _("Tiêu chí thành phần %(code)s không chấm theo tỷ lệ."),
    "plan_area_unknown": _("Bộ tiêu chí không có lĩnh vực %(area)s."),
}
_SEPARATOR = ";"


def split_agencies(text: str) -> list[str]:
    """'Sở Tài chính; UBND cấp huyện' → the names, in order."""
    return [part.strip() for part in text.split(_SEPARATOR) if part.strip()]


class PlanAreaForm(PostedForm):
    """One area: ``lead_N``/``scope_N`` rows, ``coordinating`` (+ ``coordinating_other``),
    ``goal``, and ``op_<code>``/``target_<code>`` per measured sub-criterion."""

    def __init__(
        self, *args: Any, area: Node, defaults: PlanDefaults, agencies: Sequence[str], **kwargs: Any
    ) -> None:
        own = defaults.areas.get(area.code) or AreaDefaults()
        coordinating = split_agencies(own.coordinating)
        self.agencies = sorted(set(agencies) | {lead.agency for lead in own.leads})
        known = sorted(set(agencies) | set(coordinating))
        initial: dict[str, object] = {
            "coordinating": [a for a in coordinating if a in known],
            "goal": own.goal,
        }
        for number, lead in enumerate(own.leads, start=1):
            initial[f"lead_{number}"], initial[f"scope_{number}"] = lead.agency, lead.scope
        self.leaves = list(measured_leaves(area))
        for leaf in self.leaves:
            rate = next((m for m in defaults.targets.get(leaf.code, ()) if m.name == RATE), None)
            if rate is not None:
                initial[f"op_{leaf.code}"] = rate.op
                initial[f"target_{leaf.code}"] = _typed(rate.value)
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.area = area
        self.rows = max(3, len(own.leads) + 1)
        for number in range(1, self.rows + 1):
            self.fields[f"lead_{number}"] = forms.CharField(
                label=_("Cơ quan chủ trì %(n)s") % {"n": number},
                max_length=255,
                required=False,
                widget=forms.TextInput(attrs={"list": "agencies", "autocomplete": "off"}),
            )
            self.fields[f"scope_{number}"] = forms.CharField(
                label=_("Phần việc chủ trì %(n)s (khi lĩnh vực có nhiều cơ quan chủ trì)")
                % {"n": number},
                max_length=1000,
                required=False,
            )
        self.fields["coordinating"] = forms.MultipleChoiceField(
            label=_("Cơ quan phối hợp"),
            choices=[(a, a) for a in known],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["coordinating_other"] = forms.CharField(
            label=_("Cơ quan phối hợp khác"),
            help_text=_("Cách nhau bằng dấu chấm phẩy, ví dụ: UBND cấp huyện; UBND cấp xã."),
            max_length=1000,
            required=False,
        )
        self.fields["goal"] = forms.CharField(
            label=_("Mục tiêu của lĩnh vực"),
            help_text=_("Để trống thì kế hoạch dùng mục tiêu chung."),
            max_length=2000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        for leaf in self.leaves:
            self.fields[f"op_{leaf.code}"] = forms.ChoiceField(
                label=_("So sánh"),
                choices=[(op, OP_LABELS[op]) for op in TARGET_OPS],
                initial=">=",
            )
            self.fields[f"target_{leaf.code}"] = forms.CharField(
                label=_("Chỉ tiêu mặc định (%)"), max_length=32, required=False
            )

    def target_rows(self) -> list[tuple[Node, forms.BoundField, forms.BoundField]]:
        return [
            (leaf, self[f"op_{leaf.code}"], self[f"target_{leaf.code}"]) for leaf in self.leaves
        ]

    def lead_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"lead_{n}"], self[f"scope_{n}"]) for n in range(1, self.rows + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for number in range(1, self.rows + 1):
            if data.get(f"scope_{number}") and not data.get(f"lead_{number}"):
                self.add_error(f"lead_{number}", _("Phần việc này chưa có cơ quan chủ trì."))
        for leaf in self.leaves:
            typed = (data.get(f"target_{leaf.code}") or "").strip()
            if typed:
                try:
                    data[f"value_{leaf.code}"] = parse_number(typed)
                except ValueError:
                    self.add_error(
                        f"target_{leaf.code}",
                        _("«%(value)s» không phải là số; viết dạng 99,5 hoặc 99.5.")
                        % {"value": typed},
                    )
        return data

    def edit(self) -> AreaEdit:
        data = self.cleaned_data
        leads = tuple(
            Lead(data[f"lead_{n}"].strip(), data[f"scope_{n}"].strip())
            for n in range(1, self.rows + 1)
            if data.get(f"lead_{n}", "").strip()
        )
        coordinating = [*data["coordinating"], *split_agencies(data["coordinating_other"])]
        targets: dict[str, Target | None] = {}
        for leaf in self.leaves:
            value = data.get(f"value_{leaf.code}")
            op = data.get(f"op_{leaf.code}") or ">="
            targets[leaf.code] = None if value is None else Target(op, value)
        return AreaEdit(
            area=self.area.code,
            leads=leads,
            coordinating=tuple(dict.fromkeys(coordinating)),
            goal=data["goal"].strip(),
            targets=targets,
        )

    def refused(self, problems: list[tuple[str, str, dict[str, object]]]) -> None:
        """Put the service's problems on the fields they name."""
        for name, code, params in problems:
            message = PROBLEMS.get(code, _("Không hợp lệ."))
            text = str(message) % {k: _shown(v) for k, v in params.items()} if params else message
            self.add_error(name if name in self.fields else None, text)


def _typed(value: Decimal) -> str:
    """A stored percentage as the reader types it: 99 or 99,5 (in Vietnamese)."""
    return fmt_number(value, lang())


def _shown(value: object) -> object:
    return _typed(value) if isinstance(value, Decimal) else value
