"""Forms of the workflow's steps: they parse the post; the services check what it says.

Every field is optional text so that an empty or wrong value reaches the service, which
refuses it with the code the page words (``refusals.describe``): one rule, one message.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from parindex.core.dates import parse_date
from parindex.core.model import Node
from parindex.web.assessments.forms.inputs import version
from parindex.web.site.forms import PostedForm


def _text(**kwargs) -> forms.CharField:
    return forms.CharField(required=False, strip=False, **kwargs)


class StepForm(PostedForm):
    """A form whose fields are all optional: ``data`` is its parsed content."""

    @property
    def parsed(self) -> dict:
        self.is_valid()  # optional text fields: only unusable text (a NUL) fails, and reads empty
        return self.cleaned_data

    def clean(self) -> dict:
        """Every field is there: a field whose text was unusable (a NUL) reads empty."""
        data = super().clean() or {}
        for name in self.fields:
            data.setdefault(name, "")
        return data


class SendBackForm(StepForm):
    message = _text()


class AppraiseForm(StepForm):
    decision = _text()
    points = _text()
    reason = _text()
    version = _text()

    def clean(self) -> dict:
        data = super().clean() or {}
        data["points"] = data.get("points") or None
        data["version"] = version(data.get("version"))
        return data


class ExplainForm(StepForm):
    """The unit's answer to a returned item, with the item's inputs changed if posted."""

    explanation = _text()
    version = _text()

    def __init__(self, *args, node: Node, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.node = node
        for spec in node.inputs:
            self.fields[spec.name] = _text()
            self.fields[f"version-{spec.name}"] = _text()

    def clean(self) -> dict:
        data = super().clean() or {}
        names = [spec.name for spec in self.node.inputs]
        return {
            "explanation": data.get("explanation", ""),
            "version": version(data.get("version")),
            "values": {n: data.get(n, "") for n in names if n in self.data} or None,
            "input_versions": {n: version(data.get(f"version-{n}")) for n in names},
        }


def until_value(raw: str) -> datetime.datetime | None:
    """A date and time, or a date (to its end, 23:59), in the site's time zone; else None."""
    value = parse_datetime(raw or "")
    if value is None:
        day = parse_date(raw or "")  # the core's reader: dd/mm/yyyy or yyyy-mm-dd
        if day is None:
            return None
        value = datetime.datetime.combine(day, datetime.time(23, 59))
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class ReopenForm(StepForm):
    until = _text()
    node_code = forms.CharField(required=False)
    message = _text()

    def clean(self) -> dict:
        data = super().clean() or {}
        try:
            data["until"] = until_value(data.get("until", ""))
        except ValueError:  # a date that does not exist (31 February)
            data["until"] = None
        return data


class AppealForm(StepForm):
    node_code = _text()
    reason = _text()


class AppealDecideForm(StepForm):
    decision = _text()
    answer = _text()
    points = _text()

    def clean(self) -> dict:
        data = super().clean() or {}
        data["points"] = data.get("points") or None
        return data
