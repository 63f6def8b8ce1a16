"""Form fields for what people type by hand: numbers and dates read by the one parser each."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from parindex.core.dates import parse_date
from parindex.core.numbers import parse_number


class NumberField(forms.DecimalField):
    """A DecimalField that reads "1,5", "1.234,5" and "98,8221 %" as the core does."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # a number field that reads Decimal, not int: the subclass widens on purpose
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return parse_number(str(value))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class DayField(forms.DateField):
    """A DateField that reads dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy and yyyy-mm-dd as the core does."""

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        day = parse_date(str(value))
        if day is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return day
