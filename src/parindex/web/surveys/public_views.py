"""The public survey form: no login, no JavaScript, one small page.

Abuse limits (decided in docs/sipas.md): a survey answered with invitation codes accepts one
response per code; an open survey accepts one response per browser session and at most
``PARINDEX_SURVEY_IP_LIMIT`` (default 30) responses per address per hour, counted in Django's
cache, because a one-stop shop's kiosk or a commune office often shares one address. A hidden
honeypot field filled in means a robot: nothing is stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parindex.surveys import Survey as Form
from parindex.web.surveys import public, text
from parindex.web.surveys.models import Access, Survey, SurveyStatus
from parindex.web.surveys.pages import choice_label, lang
from parindex.web.surveys.public import HONEYPOT, AnswerForm
from parindex.web.surveys.services.errors import SurveyServiceError
from parindex.web.surveys.services.questionnaire import form_of, question_codes
from parindex.web.surveys.services.responses import response_submit

SESSION_KEY = "parindex_surveys_done"


def ip_limit() -> int:
    return int(getattr(settings, "PARINDEX_SURVEY_IP_LIMIT", 30))


def _ip_key(survey: Survey, request: HttpRequest) -> str:
    return f"parindex:survey:{survey.pk}:ip:{request.META.get('REMOTE_ADDR', '')}"


def _fixed(survey: Survey, unit: str | None, service: str | None) -> dict[str, str]:
    """Unit and service given by the address (a QR code per desk), checked against the form."""
    form = form_of(survey)
    fixed: dict[str, str] = {}
    for question, code in ((form.unit_question, unit), (form.service_question, service)):
        if code is None:
            continue
        if code not in question_codes(form, question):
            raise Http404
        fixed[question] = code
    return fixed


def code_failure_limit() -> int:
    return int(getattr(settings, "PARINDEX_SURVEY_CODE_FAILURES", 30))


def _code_key(survey: Survey, request: HttpRequest) -> str:
    return f"parindex:survey:{survey.pk}:badcode:{request.META.get('REMOTE_ADDR', '')}"


def _count_bad_code(request: HttpRequest, survey: Survey) -> None:
    """Wrong codes per address per hour: guessing codes is slowed to a useless pace."""
    key = _code_key(survey, request)
    cache.add(key, 0, timeout=3600)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)


def _refusal(request: HttpRequest, survey: Survey, code: str) -> str | None:
    """Why this post may not add a response (abuse limits), or None."""
    if survey.access == Access.CODE:
        if cache.get(_code_key(survey, request), 0) >= code_failure_limit():
            return _("Đã nhập sai mã mời quá nhiều lần; vui lòng thử lại sau một giờ.")
        return None if code else _("Vui lòng nhập mã mời in trên phiếu hẹn trả kết quả.")
    if survey.pk in request.session.get(SESSION_KEY, []):
        return _("Phiếu của Ông/Bà đã được gửi từ trình duyệt này. Xin cảm ơn.")
    if cache.get(_ip_key(survey, request), 0) >= ip_limit():
        return _("Đã có quá nhiều phiếu gửi từ địa chỉ mạng này; vui lòng thử lại sau một giờ.")
    return None


def _remember(request: HttpRequest, survey: Survey) -> None:
    """Count a response of an open survey against its session and its address."""
    if survey.access != Access.OPEN:
        return
    key = _ip_key(survey, request)
    cache.add(key, 0, timeout=3600)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), survey.pk]


def _page(survey: Survey, form: Form, fixed: dict[str, str], code: str) -> dict[str, object]:
    return {
        "survey": survey,
        "title": form.title,
        "fixed": [
            (form.question(q).label(lang()), choice_label(form, q, c)) for q, c in fixed.items()
        ],
        "needs_code": survey.access == Access.CODE,
        "code": code,
        "honeypot": HONEYPOT,
    }


@require_http_methods(["GET", "POST"])
def form_page(
    request: HttpRequest, slug: str, unit: str | None = None, service: str | None = None
) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    if survey.status == SurveyStatus.DRAFT:
        raise Http404
    fixed = _fixed(survey, unit, service)
    form = form_of(survey)
    context = _page(survey, form, fixed, request.GET.get("ma", "")[:32])
    if survey.status == SurveyStatus.CLOSED:
        return render(request, "surveys/public_closed.html", context)
    if request.method == "POST":
        return _submit(request, survey, AnswerForm(request.POST, form=form, fixed=fixed), context)
    context["sections"] = public.sections(form, lang(), fixed)
    return render(request, "surveys/public_form.html", context)


def _submit(
    request: HttpRequest, survey: Survey, posted: AnswerForm, context: dict[str, object]
) -> HttpResponse:
    """Store a citizen's answers, or show the form again with what to correct (400)."""
    posted.is_valid()  # fills answers and errors_by_question; the fields themselves never fail
    context["code"] = code = posted.invitation_code
    if posted.is_robot:
        return render(request, "surveys/public_refused.html", context, status=400)
    errors = posted.errors_by_question
    general = [refusal] if (refusal := _refusal(request, survey, code)) else []
    if not errors and not general:
        try:
            response_submit(survey=survey, answers=posted.answers, code=code)
        except SurveyServiceError as e:
            if e.code == "unknown_code":
                _count_bad_code(request, survey)
            general.append(_code_refused(e))
        else:
            _remember(request, survey)
            return redirect("surveys:thanks", survey.slug)
    form, fixed = posted.questionnaire, posted.fixed
    context["sections"] = public.sections(form, lang(), fixed, posted.raw, errors)
    context.update(general=general, error_count=len(errors))
    return render(request, "surveys/public_form.html", context, status=400)


def _code_refused(e: SurveyServiceError) -> str:
    if e.code == "unknown_code":
        return _("Mã mời không đúng. Vui lòng kiểm tra lại mã in trên phiếu hẹn.")
    return text.service_error(e)


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    if survey.status == SurveyStatus.DRAFT:
        raise Http404
    return render(request, "surveys/public_thanks.html", {"survey": survey})
