"""Forms of the secretariat's survey pages: each reads a post and, where it writes, calls the
service and turns its refusal into the sentences the page shows (errors at the edge)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parindex.surveys import FormError, ResponsesRejected, SourceError
from parindex.web.accounts.models import User
from parindex.web.assessments.models import Assessment
from parindex.web.organisations.models import Unit
from parindex.web.site.fields import NumberField
from parindex.web.site.forms import PostedForm
from parindex.web.surveys import text
from parindex.web.surveys.models import Access, Survey, SurveyStatus
from parindex.web.surveys.services.errors import SurveyServiceError
from parindex.web.surveys.services.questionnaire import (
    form_of,
    question_codes,
    read_uploaded_form,
    survey_create,
)
from parindex.web.surveys.services.responses import ImportOutcome, responses_import
from parindex.web.surveys.services.sampling import service_map_set
from parindex.web.surveys.services.selectors import service_map_of

MAX_UPLOAD = 20 * 1024 * 1024


class SurveyCreateForm(PostedForm):
    title = forms.CharField(label=_("Tên cuộc khảo sát"), max_length=255)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    form_file = forms.FileField(
        label=_("Tệp XLSForm (.xlsx)"),
        required=False,
        help_text=_("Để trống để dùng phiếu SIPAS có sẵn."),
    )
    margin = NumberField(
        label=_("Sai số e"),
        initial=Decimal("0.05"),
        min_value=Decimal("0.001"),
        max_value=Decimal("0.5"),
        decimal_places=3,
    )
    access = forms.ChoiceField(label=_("Hình thức trả lời"), choices=Access.choices)
    target = NumberField(
        label=_("Chỉ tiêu của kế hoạch (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
    )
    previous_index = NumberField(
        label=_("Chỉ số năm trước đã công bố (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
    )

    problems: list[str]

    def clean_form_file(self):  # type: ignore[no-untyped-def]
        f = self.cleaned_data.get("form_file")
        if f is not None and f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return f

    def create(self, *, province: Unit, actor: User) -> Survey | None:
        """The new survey, or None with ``problems`` (the upload's, located) or field errors."""
        self.problems = []
        if not self.is_valid():
            return None
        data = self.cleaned_data
        upload = data["form_file"]
        try:
            parsed = read_uploaded_form(upload.name, upload.read()) if upload else None
            return survey_create(
                province=province,
                title=data["title"],
                year=data["year"],
                form=parsed,
                form_name=upload.name if upload else "",
                margin=data["margin"],
                access=data["access"],
                target=_share(data["target"]),
                previous_index=_share(data["previous_index"]),
                actor=actor,
            )
        except FormError as e:
            self.problems = [text.form_problem(p) for p in e.problems]
        except SurveyServiceError as e:
            self.problems = [text.service_error(e)]
        return None


def _share(percent: Decimal | None) -> Decimal | None:
    """A percentage typed on the page as the share the survey keeps."""
    return None if percent is None else (percent / 100).quantize(Decimal("0.0001"))


class StatusForm(PostedForm):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=SurveyStatus.choices)


class QuotaForm(PostedForm):
    """N for one cell, or (the ``from_log`` button) every N taken from the dossier log."""

    unit_code = forms.CharField(label=_("Mã cơ quan"), max_length=64, required=False)
    service_code = forms.CharField(
        label=_("Mã dịch vụ (để trống: mọi dịch vụ)"), max_length=64, required=False
    )
    population = forms.IntegerField(
        label=_("Số hồ sơ N"), min_value=0, max_value=10**9, required=False
    )
    from_log = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("from_log"):
            for name in ("unit_code", "population"):
                if data.get(name) in (None, ""):
                    self.add_error(name, forms.Field.default_error_messages["required"])
        return data


class CodesForm(PostedForm):
    count = forms.IntegerField(label=_("Số mã cần tạo"), min_value=1, max_value=5000, initial=100)


class ImportForm(PostedForm):
    problems: list[str]

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

    def save(self, *, survey: Survey, actor: User) -> ImportOutcome | None:
        """The import's outcome, or None with ``problems`` (every bad row, located)."""
        self.problems = []
        if not self.is_valid():
            return None
        f = self.cleaned_data["file"]
        try:
            return responses_import(
                survey=survey,
                file_name=f.name,
                content=f.read(),
                tool=self.cleaned_data["tool"] or None,
                actor=actor,
            )
        except ResponsesRejected as e:
            self.problems = [text.row_problem(p) for p in e.problems[:200]]
        except SourceError as e:
            self.problems = [text.source_error(e)]
        except SurveyServiceError as e:
            self.problems = [text.service_error(e)]
        return None


class ApplyForm(PostedForm):
    """Which assessment receives the figures, and the versions of its inputs the page showed
    (``{node_code: {input_name: version}}``; a missing input counts as version 0)."""

    assessment = forms.ModelChoiceField(
        queryset=Assessment.objects.none(), widget=forms.HiddenInput
    )
    versions = forms.JSONField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, assessments: QuerySet[Assessment] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        if assessments is not None:  # the ones the user sees: another's is not found
            self.fields["assessment"].queryset = assessments  # type: ignore[attr-defined]

    def clean_versions(self) -> dict[str, dict[str, int]]:
        value = self.cleaned_data.get("versions") or {}
        ok = isinstance(value, dict) and all(
            isinstance(names, dict)
            and all(isinstance(v, int) and not isinstance(v, bool) for v in names.values())
            for names in value.values()
        )
        if not ok:
            raise forms.ValidationError(_("Phiên bản thông số không hợp lệ."))
        return {str(node): {str(k): v for k, v in names.items()} for node, names in value.items()}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class LogMapForm(PostedForm):
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

    @classmethod
    def for_survey(cls, survey: Survey, request: HttpRequest | None = None) -> LogMapForm:
        """The form of the survey's services and units, filled with what is stored (and bound
        to what ``request`` posted, when given)."""
        from parindex.web.surveys.pages import choice_label  # pages builds this module's forms

        form_def = form_of(survey)
        choices = {
            q: [(c, choice_label(form_def, q, c)) for c in question_codes(form_def, q)]
            for q in (form_def.unit_question, form_def.service_question)
        }
        agencies = dict(
            survey.quotas.filter(service_code="").values_list("unit_code", "log_agency")
        )
        kwargs = {
            "services": choices[form_def.service_question],
            "units": choices[form_def.unit_question],
            "initial": cls.initial_for(service_map_of(survey), agencies),
        }
        return cls(**kwargs) if request is None else cls.posted(request, **kwargs)  # type: ignore[arg-type]  # the view is login_required: request.user is a User here

    def save(self, *, survey: Survey, actor: User) -> bool:
        """Store the mapping; False with ``problem`` (or field errors) when refused."""
        self.problem = ""
        if not self.is_valid():
            return False
        try:
            service_map_set(
                survey=survey, service_map=self.service_map(), agencies=self.agencies(), actor=actor
            )
        except SurveyServiceError as e:
            self.problem = text.service_error(e)
            return False
        return True

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
