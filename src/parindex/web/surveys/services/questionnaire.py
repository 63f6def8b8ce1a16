"""The questionnaire of a survey: parsing it once, creating a survey, its status."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from parindex.core.limits import LimitError
from parindex.surveys import Survey as Form
from parindex.surveys import import_xlsform, load_sipas, parse_xlsform, xlsform_sheets
from parindex.web.accounts.models import User
from parindex.web.audit.services import audit_record
from parindex.web.organisations.models import Unit
from parindex.web.surveys.models import Access, FormSource, Survey, SurveyQuota, SurveyStatus
from parindex.web.surveys.services.errors import SurveyServiceError

_FORMS: dict[str, Form] = {}


def form_of(survey: Survey) -> Form:
    """The survey's questionnaire, parsed once per form hash."""
    form = _FORMS.get(survey.form_sha256)
    if form is None:
        form = parse_xlsform(survey.form_sheets, source=survey.form_name)
        _FORMS[survey.form_sha256] = form
    return form


def question_codes(form: Form, question: str) -> tuple[str, ...]:
    """The choice codes of a select question of the form (none when it has no such question)."""
    try:
        return form.choice_codes(form.question(question))
    except KeyError:
        return ()


def _sheets_sha(sheets: Mapping[str, Any]) -> str:
    text = json.dumps(sheets, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_uploaded_form(name: str, content: bytes) -> Form:
    """Parse an uploaded XLSForm workbook; raises the core's ``FormError``.

    A workbook beyond the form limits (``parindex.io.limits``) is refused unopened with the
    code ``file_too_large_or_malformed``.
    """
    if not name.lower().endswith(".xlsx"):
        raise SurveyServiceError("form_not_xlsx")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "form.xlsx"
        path.write_bytes(content)
        try:
            return import_xlsform(path)
        except LimitError as exc:
            raise SurveyServiceError(exc.code, **exc.params) from exc
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:  # not a workbook
            raise SurveyServiceError("form_unreadable") from exc


def _unique_slug(base: str) -> str:
    slug = slugify(base)[:60] or "khao-sat"
    candidate, n = slug, 1
    while Survey.objects.filter(slug=candidate).exists():
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def survey_create(
    *,
    province: Unit,
    title: str,
    year: int,
    actor: User | None,
    form: Form | None = None,
    form_name: str = "",
    margin: Decimal = Decimal("0.05"),
    access: str = Access.CODE,
    target: Decimal | None = None,
    previous_index: Decimal | None = None,
    is_demo: bool = False,
    slug: str | None = None,
) -> Survey:
    """Create a survey from the shipped SIPAS form (``form`` None) or an uploaded one.

    One quota row per unit of the form's unit list is created with N = 0 (to be entered or
    taken from the dossier log).
    """
    if not Decimal(0) < margin < Decimal(1):
        raise SurveyServiceError("bad_margin")
    source = FormSource.UPLOAD if form is not None else FormSource.SIPAS
    form = form if form is not None else load_sipas()
    sheets = xlsform_sheets(form)
    with transaction.atomic():
        survey = Survey.objects.create(
            slug=slug or _unique_slug(f"sipas-{province.name}-{year}"),
            title=title,
            year=year,
            province=province,
            form_source=source,
            form_name=form_name or "sipas.xlsx",
            form_sheets=sheets,
            form_sha256=_sheets_sha(sheets),
            margin=margin,
            access=access,
            target=target,
            previous_index=previous_index,
            is_demo=is_demo,
            created_by=actor,
        )
        try:
            units = form.choice_codes(form.question(form.unit_question))
        except KeyError:
            units = ()
        SurveyQuota.objects.bulk_create(
            SurveyQuota(survey=survey, unit_code=u, log_agency=u) for u in units
        )
        audit_record(actor=actor, action="surveys.create", obj=survey, object_type="survey")
    return survey


def survey_status_set(*, survey: Survey, status: str, actor: User | None) -> Survey:
    if status not in SurveyStatus.values:
        raise SurveyServiceError("bad_status")
    with transaction.atomic():
        before = survey.status
        survey.status = status
        survey.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="surveys.status",
            obj=survey,
            object_type="survey",
            field="status",
            before=before,
            after=status,
        )
    return survey
