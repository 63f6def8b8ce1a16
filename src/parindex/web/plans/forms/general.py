"""The general-texts page's form: preamble, purpose, requirements and recipients (one
paragraph a line) and the duties of section III (Tổ chức thực hiện), a row per group:
``duty_heading:<i>`` and ``duty_items:<i>`` (one item a line; both emptied removes the
group, a blank group last adds one). A field the form does not post keeps the plan's text.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.plans import Duty, PlanError, set_fields
from parindex.plans import Plan as PurePlan
from parindex.web.plans.forms.edit import PlanEditForm
from parindex.web.plans.forms.fields import KeyedRowsFormSet, PostedText, lines, shown, values_of
from parindex.web.plans.text import plan_error


class Paragraphs(PostedText):
    """Paragraphs one a line: at least one when the field is posted; None when it is not."""

    default_error_messages = {"required": gettext_lazy("%(label)s: cần ít nhất một đoạn.")}

    def __init__(self, label: str) -> None:
        super().__init__(label=label, strip=False, widget=forms.Textarea)

    def clean(self, value: Any) -> tuple[str, ...] | None:
        text = self.to_python(value)
        if text is None:
            return None
        found = lines(text)
        if not found:
            raise ValidationError(
                self.error_messages["required"], code="required", params={"label": self.label}
            )
        return found


class DutyRow(forms.Form):
    """One group of section III: ``duty_heading:<i>`` and ``duty_items:<i>``."""

    heading = PostedText()
    items = PostedText(strip=False, widget=forms.Textarea)

    def add_prefix(self, field_name: str) -> str:
        return f"duty_{field_name}:{self.prefix}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("heading") is None:  # not posted: the group is not part of the edit
            return data
        heading, items = " ".join(data["heading"].split()), lines(data.get("items"))
        if heading and not items:
            message = _("Tổ chức thực hiện, “%(heading)s”: cần ít nhất một nhiệm vụ.")
            self.add_error("items", message % {"heading": heading})
        elif items and not heading:
            message = _("Tổ chức thực hiện, nhóm %(n)s: cần tiêu đề (trách nhiệm của ai).")
            self.add_error("heading", message % {"n": int(str(self.prefix)) + 1})
        data["duty"] = Duty(heading, items) if heading and items else None
        return data


class DutyRows(forms.formset_factory(DutyRow, formset=KeyedRowsFormSet, extra=0)):  # type: ignore[misc]  # formset_factory builds the base class at import time
    """The plan's duty groups and a blank one last; posted groups by their index."""

    def __init__(self, data: Any, *, duties: tuple[Duty, ...]) -> None:
        indexes = set(range(len(duties) + 1))
        for name in data or ():
            kind, _sep, index = name.partition(":")
            if kind in ("duty_heading", "duty_items") and index.isascii() and index.isdigit():
                indexes.add(int(index))
        order = sorted(indexes)
        if data is not None:
            last = order[-1]
            heading = str(data.get(f"duty_heading:{last}", "")).strip()
            if heading or lines(str(data.get(f"duty_items:{last}", ""))):
                order.append(last + 1)  # a blank group to add one more
        initial = [
            {"heading": duties[i].heading, "items": "\n".join(duties[i].items)}
            if i < len(duties)
            else {"heading": "", "items": ""}
            for i in order
        ]
        super().__init__(data, keys=[str(i) for i in order], initial=initial)

    def posted(self) -> list[DutyRow]:
        """The groups the form posted (a heading field each)."""
        return [row for row in self.forms if row.cleaned_data.get("heading") is not None]


#: The plan's general texts the page edits, one paragraph a line (field name → label).
GENERAL_FIELDS = {
    "preamble": gettext_lazy("Căn cứ, mở đầu"),
    "purpose": gettext_lazy("Mục đích"),
    "requirements": gettext_lazy("Yêu cầu"),
    "recipients": gettext_lazy("Nơi nhận"),
}


class GeneralForm(PlanEditForm):
    """The general-texts page's form (see the module docstring for its field names)."""

    preamble = Paragraphs(GENERAL_FIELDS["preamble"])  # type: ignore[arg-type]  # a lazy translation, rendered as text
    purpose = Paragraphs(GENERAL_FIELDS["purpose"])  # type: ignore[arg-type]  # a lazy translation, rendered as text
    requirements = Paragraphs(GENERAL_FIELDS["requirements"])  # type: ignore[arg-type]  # a lazy translation, rendered as text
    recipients = Paragraphs(GENERAL_FIELDS["recipients"])  # type: ignore[arg-type]  # a lazy translation, rendered as text

    def __init__(self, plan: PurePlan, data: Any = None) -> None:
        initial = {name: "\n".join(getattr(plan, name)) for name in GENERAL_FIELDS}
        super().__init__(plan, data, initial=initial)
        self.duties = DutyRows(data, duties=plan.duties)

    def has_errors(self) -> bool:
        return bool(self.errors) or self.duties.has_errors()

    def edited(self) -> PurePlan | None:
        self.full_clean()
        self.duties.is_valid()
        changes: dict[str, object] = {
            name: self.cleaned_data[name]
            for name in GENERAL_FIELDS
            if self.cleaned_data.get(name) is not None
        }
        posted = self.duties.posted()
        if posted:
            duties = tuple(
                row.cleaned_data["duty"] for row in posted if row.cleaned_data.get("duty")
            )
            if not duties and not self.has_errors():
                self.add_error(None, _("Tổ chức thực hiện: cần ít nhất một nhóm trách nhiệm."))
            changes["duties"] = duties
        if self.has_errors():
            return None
        try:
            return set_fields(self.plan, **changes) if changes else self.plan
        except PlanError as exc:
            self.add_error(None, plan_error(exc))
            return None

    def context(self, plan: Any) -> dict[str, Any]:
        theirs = None
        if self.theirs is not None:
            newer = GeneralForm(self.theirs)
            theirs = values_of(newer, *newer.duties)
        groups = [
            (int(row.prefix), shown(row["heading"], theirs), shown(row["items"], theirs))
            for row in self.duties
        ]
        last = groups[-1] if groups else None
        new = last[0] if last and not (last[1].value or last[2].value) else None
        return {
            **super().context(plan),
            "fields": {b.name: shown(b, theirs) for b in self},
            "groups": groups,
            "new_group": new,
        }
