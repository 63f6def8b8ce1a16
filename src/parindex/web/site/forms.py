"""What every app's forms share: a form binds itself to the posted request."""

from __future__ import annotations

from typing import Any, Self

from django import forms
from django.http import HttpRequest


class PostedForm(forms.Form):
    """A form that reads the request's POST data and files itself, so views never do."""

    @classmethod
    def posted(cls, request: HttpRequest, **kwargs: Any) -> Self:
        """This form bound to what the request posted."""
        return cls(request.POST, request.FILES, **kwargs)
