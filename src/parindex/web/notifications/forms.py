"""The user's choice of how hand-offs arrive by e-mail."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.web.notifications.models import MailChoice


class MailChoiceForm(forms.Form):
    mail = forms.ChoiceField(
        label=_("Nhận thư thông báo"),
        choices=MailChoice.choices,
        widget=forms.RadioSelect,
    )
