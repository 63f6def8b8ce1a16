"""The plan pages' small forms: draft a plan, issue it, move a deadline, report on an item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from parindex.web.organisations.models import Unit
from parindex.web.plans.forms.fields import PostedText, VersionField
from parindex.web.plans.models import PlanSource
from parindex.web.site.fields import DayField
from parindex.web.site.forms import PostedForm
from parindex.web.site.params import int_param


class GenerateForm(PostedForm):
    """Draft a plan: which assessment (one the user sees) and which scores (self by default)."""

    assessment = forms.ModelChoiceField(queryset=None)  # type: ignore[var-annotated]  # the queryset is set per form in __init__
    source = PostedText(strip=False)

    def __init__(self, *args: Any, assessments: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = assessments  # type: ignore[attr-defined]  # the stubs type the field as Field; it is a ModelChoiceField / QueryDict here

    def clean_source(self) -> str:
        source = self.cleaned_data.get("source")
        return PlanSource.SELF if source is None else source


class IssueForm(PostedForm):
    """Issue an approved plan: its number (the service checks it) and its date."""

    number = forms.CharField(required=False, strip=False)
    issued_on = DayField()


class DeadlineForm(PostedForm):
    """Move a reporting period's deadline."""

    deadline = DayField()


class ItemReportForm(PostedForm):
    """An agency's report on one item: the services check everything but the agency, which
    must be one the user reports for (anything else is refused as not allowed).

    The measured values come as ``measured:<name>`` (whatever names were posted, so the
    service can refuse one the item does not measure)."""

    agency = forms.CharField()
    item_key = forms.CharField(required=False, strip=False)
    status = forms.CharField(required=False, strip=False)
    note = forms.CharField(required=False, strip=False)
    difficulties = forms.CharField(required=False, strip=False)
    evidence = forms.Field(required=False, widget=forms.SelectMultiple)
    use_offer = forms.BooleanField(required=False)
    version = VersionField(required=False)

    MEASURED = "measured:"

    def __init__(self, *args: Any, agencies: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {unit.pk: unit for unit in agencies}

    def clean_agency(self) -> Unit:
        unit = self.agencies.get(int_param(self.cleaned_data.get("agency"), 0) or 0)
        if unit is None:
            raise ValidationError("not_allowed", code="not_allowed")
        return unit

    def clean_evidence(self) -> list[int]:
        found = (int_param(v) for v in self.cleaned_data.get("evidence") or ())
        return [i for i in found if i is not None]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["measured"] = {
            name[len(self.MEASURED) :]: str(self.data.get(name, ""))
            for name in self.data
            if name.startswith(self.MEASURED)
        }
        return data

    def submission(self) -> dict[str, Any]:
        """The cleaned report as ``services.item_report_submit`` takes it."""
        data = self.cleaned_data
        fields = ("agency", "item_key", "status", "measured", "note", "difficulties")
        return {name: data[name] for name in (*fields, "evidence", "version")}
