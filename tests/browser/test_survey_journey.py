"""A citizen answers the SIPAS survey on a phone with the invitation code from the result slip."""

from __future__ import annotations

import pytest

from parindex.web.assessments.models import Assessment
from parindex.web.organisations.models import Unit, UnitKind
from parindex.web.surveys.models import SurveyResponse, SurveyStatus
from parindex.web.surveys.services.invitations import invitation_codes_generate
from parindex.web.surveys.services.questionnaire import form_of, survey_create, survey_status_set

expect = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
).expect

PHONE = {"width": 360, "height": 740}


def test_a_citizen_answers_on_a_phone(browser, live_server, demo: Assessment, shot) -> None:
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="10", valid_from=None)
    survey = survey_create(
        province=province, title="SIPAS 2020", year=2020, actor=None, slug="sipas-phone"
    )
    survey_status_set(survey=survey, status=SurveyStatus.OPEN, actor=None)
    code = invitation_codes_generate(survey=survey, count=1, actor=None)[0].code
    form = form_of(survey)

    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,  # the form needs none
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"/khao-sat/{survey.slug}/?ma={code}")
    expect(page.locator("h1")).to_contain_text("SIPAS")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.locator("#code")).to_have_value(code)

    page.get_by_role("radio", name="Trung tâm Phục vụ hành chính công tỉnh").check()
    page.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("#errors")).to_contain_text("câu cần sửa")
    # what was chosen is kept after the error
    expect(page.get_by_role("radio", name="Trung tâm Phục vụ hành chính công tỉnh")).to_be_checked()
    shot(page, "survey-phone-errors")

    for q in form.items():
        if q.name in ("unit", "comment") or q.relevant:
            continue
        if q.type == "select_one":
            value = "4" if q.list_name == "scale5" else form.choice_codes(q)[0]
            if q.name == "fb_given":
                value = "khong"
            page.locator(f"input[name={q.name}][value='{value}']").check()
        elif q.type == "select_multiple":
            page.locator(f"input[name={q.name}]").first.check()
    page.get_by_label("Ý kiến khác của Ông/Bà (nếu có)").first.fill("Cán bộ nhiệt tình")
    shot(page, "survey-phone-form")
    page.get_by_role("button", name="Gửi phiếu").click()
    expect(page.locator("h1")).to_contain_text("Cảm ơn Ông/Bà đã tham gia khảo sát")
    shot(page, "survey-phone-thanks")
    context.close()

    stored = SurveyResponse.objects.get(survey=survey)
    assert stored.unit_code == "ttphvhcc" and stored.answers["comment"] == "Cán bộ nhiệt tình"
    assert stored.invitation.code == code
