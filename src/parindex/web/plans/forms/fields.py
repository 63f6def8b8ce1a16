"""Fields and formsets the plan forms share, and how a field is shown back to the user."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT, ManagementForm
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.core.dates import parse_date as core_parse_date
from parindex.core.numbers import parse_number
from parindex.web.site.params import int_param


def lines(text: str | None) -> tuple[str, ...]:
    """The non-blank lines of ``text``, each trimmed (one paragraph, item or agency a line)."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


class VersionField(forms.Field):
    """The version a form was loaded with; a malformed one reads as 0 (no version)."""

    widget = forms.HiddenInput

    def to_python(self, value: Any) -> int:
        return int_param(value, 0) or 0


class PostedText(forms.CharField):
    """Text that is None when the form did not post the field at all: a partial form leaves
    the plan's value as it is, while a field posted empty empties it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> str | None:
        return None if value is None else super().to_python(value)


class DecimalText(PostedText):
    """A number as people type it (1,5 or 1.5, spaces ignored); None when left empty."""

    default_error_messages = {
        "invalid": gettext_lazy("%(label)s: “%(value)s” không phải là số."),
    }

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # a text field cleaned to a number on purpose
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_number(text)
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"label": self.label, "value": text},
            ) from None


class IndexesField(forms.Field):
    """Checked row indexes (``remove_task``), largest first; what is not a number is ignored."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value: Any) -> list[int]:
        found = {int_param(v) for v in value or ()}
        return sorted((i for i in found if i is not None), reverse=True)


def parse_date(text: str | None, label: str) -> datetime.date | None:
    """A date typed as dd/mm/yyyy or yyyy-mm-dd (the core's reader); None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    day = core_parse_date(text)
    if day is not None:
        return day
    raise ValidationError(
        _("%(label)s: “%(value)s” không phải là ngày (ngày/tháng/năm)."),
        code="invalid",
        params={"label": label, "value": text},
    )


class KeyedRowsFormSet(forms.BaseFormSet):
    """A formset whose rows are named by the page's own keys (``points:3.4.1``,
    ``duty_heading:0``) rather than ``form-0-…``: the server knows the rows (``keys``), so
    no management form is posted and the pages' field names stay as users' scripts know them.
    Each row form names its fields with ``add_prefix``."""

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        keys: Iterable[str],
        initial: list[dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.keys = list(keys)
        super().__init__(data, initial=initial, prefix="rows", **kwargs)

    def total_form_count(self) -> int:
        return len(self.keys)

    def initial_form_count(self) -> int:
        return len(self.keys)

    @cached_property
    def management_form(self) -> ManagementForm:
        count = len(self.keys)
        data = {f"{self.prefix}-{TOTAL_FORM_COUNT}": count}
        data[f"{self.prefix}-{INITIAL_FORM_COUNT}"] = count
        form = ManagementForm(data, prefix=self.prefix, renderer=self.renderer)  # type: ignore[attr-defined]  # BaseFormSet.renderer exists since Django 4.0; missing in django-stubs
        form.full_clean()
        return form

    def add_prefix(self, index: int | str) -> str:
        return self.keys[index] if isinstance(index, int) else str(index)

    def has_errors(self) -> bool:
        return any(form.errors for form in self.forms)


@dataclasses.dataclass(frozen=True)
class Shown:
    """One input as the page shows it: its value, its error and, after a conflict, the newer
    saved value when it differs from the user's (None otherwise)."""

    name: str
    value: str
    error: str = ""
    theirs: str | None = None

    @property
    def id(self) -> str:
        """The input's HTML id: ``points:3.4.1`` → ``points-3-4-1``."""
        name = self.name
        if name.startswith("duty_"):
            name = "duty-" + name[len("duty_") :]
        return name.replace(":", "-").replace(".", "-")


def text_of(bound: forms.BoundField) -> str:
    """What the input holds: the posted text, or the initial one."""
    value = bound.value()
    return "" if value is None else str(value)


def shown(bound: forms.BoundField, theirs: Mapping[str, str] | None) -> Shown:
    """``bound`` as the page shows it, with the newer saved value if ``theirs`` differs."""
    value = text_of(bound)
    newer = None if theirs is None else theirs.get(bound.html_name, "")
    if newer is not None and lines(newer) == lines(value):
        newer = None
    return Shown(bound.html_name, value, " ".join(map(str, bound.errors)), newer)


def values_of(*forms_: forms.Form) -> dict[str, str]:
    """Every field's initial text by input name (what the page first shows)."""
    return {bound.html_name: text_of(bound) for form in forms_ for bound in form}


def refuse(form: forms.Form, field: str | None, message: str) -> None:
    """Put ``message`` on ``field`` unless it already says why it is refused."""
    if field is None or field not in form.errors:
        form.add_error(field, message)
