"""The public survey form: no login, no JavaScript, one small page.

Abuse limits (decided in docs/sipas.md): a survey answered with invitation codes accepts one
response per code; an open survey accepts one response per browser session and at most
``PARINDEX_SURVEY_IP_LIMIT`` (default 30) responses per address per hour, counted in the shared
cache (``parindex.web.site.ratelimit``), because a one-stop shop's kiosk or a commune office
often shares one address. Wrong invitation codes are counted per address: past
``PARINDEX_SURVEY_CODE_FAILURES`` an hour, a wrong code gets the "try again later" answer, but
a valid code is never refused (guessing one of 31⁸ codes is hopeless anyway; the limit keeps
the office computer usable). A hidden honeypot field filled in means a robot: nothing is
stored.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parindex.surveys import Survey as Form
from parindex.web.site.network import client_address
from parindex.web.site.ratelimit import rate_hit
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
    return f"{survey.pk}:{client_address(request) or ''}"


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
    return f"{survey.pk}:{client_address(request) or ''}"


def _count_bad_code(request: HttpRequest, survey: Survey) -> bool:
    """Count a wrong code from this address; False once past the hourly limit."""
    key, limit = _code_key(survey, request), code_failure_limit()
    return rate_hit(scope="survey-badcode", key=key, limit=limit, window=3600).allowed


def _refusal(request: HttpRequest, survey: Survey, code: str, errors: object = None) -> str | None:
    """Why this post may not add a response (abuse limits), or None.

    A post of an open survey without errors takes one of its address's responses of the hour
    at once (atomically, in the shared cache), so concurrent posts cannot all pass the check.
    """
    if survey.access == Access.CODE:
        return None if code else _("Vui lòng nhập mã mời in trên phiếu hẹn trả kết quả.")
    if survey.pk in request.session.get(SESSION_KEY, []):
        return _("Phiếu của Ông/Bà đã được gửi từ trình duyệt này. Xin cảm ơn.")
    if errors:
        return None
    key = _ip_key(survey, request)
    if not rate_hit(scope="survey-ip", key=key, limit=ip_limit(), window=3600).allowed:
        return _("Đã có quá nhiều phiếu gửi từ địa chỉ mạng này; vui lòng thử lại sau một giờ.")
    return None


def _remember(request: HttpRequest, survey: Survey) -> None:
    """Remember a response of an open survey in its session (the address was counted)."""
    if survey.access != Access.OPEN:
        return
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), survey.pk]


def _page(survey: Survey, form: Form, fixed: dict[str, str], code: str) -> dict[str, object]:
    return {
        "survey": survey,
        "title": survey.title,  # as the secretariat named it (the form file has one language)
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
        return _submit(request, survey, AnswerForm.posted(request, form=form, fixed=fixed), context)
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
    general = [refusal] if (refusal := _refusal(request, survey, code, errors)) else []
    if not errors and not general:
        try:
            response_submit(survey=survey, answers=posted.answers, code=code)
        except SurveyServiceError as e:
            general.append(_code_refused(request, survey, e))
        else:
            _remember(request, survey)
            return redirect("surveys:thanks", survey.slug)
    form, fixed = posted.questionnaire, posted.fixed
    context["sections"] = public.sections(form, lang(), fixed, posted.raw, errors)
    context.update(general=general, error_count=len(errors))
    return render(request, "surveys/public_form.html", context, status=400)


def _code_refused(request: HttpRequest, survey: Survey, e: SurveyServiceError) -> str:
    """A refused code: wrong (or, past the hourly limit of wrong guesses, 'try later')."""
    if e.code != "unknown_code":
        return text.service_error(e)
    if _count_bad_code(request, survey):
        return _("Mã mời không đúng. Vui lòng kiểm tra lại mã in trên phiếu hẹn.")
    return _("Đã nhập sai mã mời quá nhiều lần; vui lòng thử lại sau một giờ.")


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    if survey.status == SurveyStatus.DRAFT:
        raise Http404
    return render(request, "surveys/public_thanks.html", {"survey": survey})
