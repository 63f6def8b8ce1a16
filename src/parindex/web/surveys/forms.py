"""Forms of the secretariat's survey pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.web.surveys.models import Access, SurveyStatus

MAX_UPLOAD = 20 * 1024 * 1024


class SurveyCreateForm(forms.Form):
    title = forms.CharField(label=_("Tên cuộc khảo sát"), max_length=255)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    form_file = forms.FileField(
        label=_("Tệp XLSForm (.xlsx)"),
        required=False,
        help_text=_("Để trống để dùng phiếu SIPAS có sẵn."),
    )
    margin = forms.DecimalField(
        label=_("Sai số e"),
        initial=Decimal("0.05"),
        min_value=Decimal("0.001"),
        max_value=Decimal("0.5"),
        decimal_places=3,
    )
    access = forms.ChoiceField(label=_("Hình thức trả lời"), choices=Access.choices)
    target = forms.DecimalField(
        label=_("Chỉ tiêu của kế hoạch (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
    )
    previous_index = forms.DecimalField(
        label=_("Chỉ số năm trước đã công bố (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
    )

    def clean_form_file(self):  # type: ignore[no-untyped-def]
        f = self.cleaned_data.get("form_file")
        if f is not None and f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return f


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=SurveyStatus.choices)


class QuotaForm(forms.Form):
    unit_code = forms.CharField(label=_("Mã cơ quan"), max_length=64)
    service_code = forms.CharField(
        label=_("Mã dịch vụ (để trống: mọi dịch vụ)"), max_length=64, required=False
    )
    population = forms.IntegerField(label=_("Số hồ sơ N"), min_value=0, max_value=10**9)


class CodesForm(forms.Form):
    count = forms.IntegerField(label=_("Số mã cần tạo"), min_value=1, max_value=5000, initial=100)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp phiếu trả lời (CSV hoặc XLSX, xuất theo mã đáp án)"))
    tool = forms.ChoiceField(
        label=_("Công cụ"),
        required=False,
        choices=[
            ("", _("Tự nhận biết")),
            ("kobo", "KoboToolbox"),
            ("odk", "ODK Central"),
            ("limesurvey", "LimeSurvey"),
        ],
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return f


class ApplyForm(forms.Form):
    assessment = forms.IntegerField(widget=forms.HiddenInput)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class LogMapForm(forms.Form):
    """Per service: the log's fields and procedure codes; per unit: its agency codes."""

    def __init__(
        self,
        *args: Any,
        services: list[tuple[str, str]],
        units: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.services, self.units = services, units
        area = forms.Textarea(attrs={"rows": 2, "cols": 40})
        for code, label in services:
            self.fields[f"fields_{code}"] = forms.CharField(
                label=_("%(s)s: lĩnh vực (mỗi dòng một lĩnh vực)") % {"s": label},
                required=False,
                widget=area,
            )
            self.fields[f"procedures_{code}"] = forms.CharField(
                label=_("%(s)s: mã thủ tục (mỗi dòng một mã)") % {"s": label},
                required=False,
                widget=area,
            )
        self.fields["rest"] = forms.ChoiceField(
            label=_("Dịch vụ nhận các hồ sơ còn lại"),
            required=False,
            choices=[("", _("Không dịch vụ nào")), *services],
        )
        for code, label in units:
            self.fields[f"agency_{code}"] = forms.CharField(
                label=_("%(u)s: mã cơ quan trong nhật ký (cách nhau dấu phẩy)") % {"u": label},
                required=False,
                max_length=255,
            )

    @staticmethod
    def initial_for(service_map: dict[str, Any], agencies: dict[str, str]) -> dict[str, str]:
        initial = {"rest": service_map.get("rest") or ""}
        for code, entry in (service_map.get("services") or {}).items():
            initial[f"fields_{code}"] = "\n".join(entry.get("fields") or ())
            initial[f"procedures_{code}"] = "\n".join(entry.get("procedures") or ())
        initial.update({f"agency_{u}": text for u, text in agencies.items()})
        return initial

    def service_map(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "services": {
                code: {
                    "fields": _lines(data[f"fields_{code}"]),
                    "procedures": _lines(data[f"procedures_{code}"]),
                }
                for code, _label in self.services
            },
            "rest": data["rest"],
        }

    def agencies(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"agency_{code}"] for code, _label in self.units}
