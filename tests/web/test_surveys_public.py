"""The public form: anonymous, tiny, no JavaScript; refuses malformed and duplicate answers,
robots (honeypot) and floods (rate limit), and keeps what the citizen typed on error."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from surveys_fixtures import *  # noqa: F403  (the survey fixtures)
from surveys_fixtures import full_answers

from parindex.web.surveys.models import SurveyResponse, SurveyStatus
from parindex.web.surveys.services.invitations import invitation_codes_generate
from parindex.web.surveys.services.questionnaire import survey_status_set


@pytest.fixture(autouse=True)
def empty_cache(db):  # the cache is in the database
    cache.clear()
    yield
    cache.clear()


def post_data(answers: dict[str, object], **extra: str) -> dict[str, object]:
    data: dict[str, object] = {
        k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()
    }
    data.update(extra)
    return data


def url(s) -> str:
    return reverse("surveys:public", args=[s.slug])


def test_the_form_is_anonymous_small_and_accessible(client, survey) -> None:
    response = client.get(url(survey))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(response.content) < 60_000
    assert "<script" not in html and "stylesheet" not in html
    assert "<fieldset" in html and "<legend>" in html
    assert 'type="radio" name="access_sat" value="5"' in html
    assert "Rất hài lòng" in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="code"' in html


def test_a_complete_answer_with_a_code_is_stored_and_thanked(client, survey) -> None:
    code = invitation_codes_generate(survey=survey, count=1, actor=None)[0].code
    response = client.post(url(survey), post_data(full_answers(), code=code))
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[survey.slug])
    stored = SurveyResponse.objects.get(survey=survey)
    assert stored.source == "web" and stored.unit_code == "ttphvhcc"
    assert stored.answers["improve"] == [full_answers()["improve"][0]]
    assert "fb_sat" not in stored.answers
    assert client.get(response["Location"]).status_code == 200


def test_malformed_answers_get_a_message_per_question_and_keep_the_rest(client, survey) -> None:
    code = invitation_codes_generate(survey=survey, count=1, actor=None)[0].code
    answers = full_answers(access_sat="9", comment="Chờ lâu quá")
    del answers["proc_sat"]
    answers["improve"] = ("thai_do", "giam_phi", "nang_luc", "co_so_vat_chat")
    response = client.post(url(survey), post_data(answers, code=code))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="e-access_sat"' in html and "Lựa chọn không hợp lệ" in html
    assert 'id="e-proc_sat"' in html and "Vui lòng trả lời câu hỏi này." in html
    assert 'id="e-improve"' in html and "Chọn quá số mục cho phép." in html
    assert "Có 3 câu cần sửa" in html
    assert "Chờ lâu quá" in html  # what was typed is kept
    assert 'name="cs_sat" value="4" checked' in html
    assert f'value="{code}"' in html
    assert not SurveyResponse.objects.exists()


def test_a_feedback_answer_is_required_only_from_who_gave_feedback(client, survey) -> None:
    code = invitation_codes_generate(survey=survey, count=1, actor=None)[0].code
    response = client.post(url(survey), post_data(full_answers(fb_given="co"), code=code))
    assert response.status_code == 400
    assert 'id="e-fb_sat"' in response.content.decode()


def test_a_used_or_unknown_code_is_refused(client, survey) -> None:
    code = invitation_codes_generate(survey=survey, count=1, actor=None)[0].code
    assert client.post(url(survey), post_data(full_answers(), code=code)).status_code == 302
    again = client.post(url(survey), post_data(full_answers(), code=code))
    assert again.status_code == 400
    assert "Mã mời này đã được dùng" in again.content.decode()
    wrong = client.post(url(survey), post_data(full_answers(), code="ZZZZ2222"))
    assert wrong.status_code == 400 and "Mã mời không đúng" in wrong.content.decode()
    missing = client.post(url(survey), post_data(full_answers()))
    assert missing.status_code == 400 and "Vui lòng nhập mã mời" in missing.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_the_honeypot_stores_nothing(client, survey) -> None:
    code = invitation_codes_generate(survey=survey, count=1, actor=None)[0].code
    response = client.post(url(survey), post_data(full_answers(), code=code, website="http://spam"))
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_an_open_survey_takes_one_response_per_session(client, open_survey) -> None:
    assert client.post(url(open_survey), post_data(full_answers())).status_code == 302
    again = client.post(url(open_survey), post_data(full_answers()))
    assert again.status_code == 400 and "đã được gửi từ trình duyệt này" in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_an_open_survey_limits_responses_per_address(settings, open_survey) -> None:
    settings.PARINDEX_SURVEY_IP_LIMIT = 2
    for _ in range(2):
        assert Client().post(url(open_survey), post_data(full_answers())).status_code == 302
    refused = Client().post(url(open_survey), post_data(full_answers()))
    assert refused.status_code == 400 and "quá nhiều phiếu" in refused.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9").post(url(open_survey), post_data(full_answers()))
    assert other.status_code == 302
    assert SurveyResponse.objects.count() == 3


def test_the_address_limit_is_shared_and_counts_only_complete_answers(settings, open_survey):
    settings.PARINDEX_SURVEY_IP_LIMIT = 3
    settings.PARINDEX_TRUSTED_PROXIES = ["127.0.0.1"]
    kiosk = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "10.3.3.3"}
    assert Client(**kiosk).post(url(open_survey), {"access_sat": "9"}).status_code == 400
    # cookie-less posts, as from several workers: the count is in the shared cache
    codes = [
        Client(**kiosk).post(url(open_survey), post_data(full_answers())).status_code
        for _ in range(5)
    ]
    assert codes == [302, 302, 302, 400, 400]
    assert SurveyResponse.objects.count() == 3
    neighbour = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.3.3.4")
    assert neighbour.post(url(open_survey), post_data(full_answers())).status_code == 302


def test_the_form_is_csrf_protected(open_survey) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url(open_survey), post_data(full_answers())).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_unit_and_service_in_the_address_are_fixed(client, open_survey) -> None:
    cell = reverse("surveys:public_cell", args=[open_survey.slug, "so_tu_phap", "ho_tich"])
    page = client.get(cell).content.decode()
    assert "Sở Tư pháp" in page and 'name="unit"' not in page
    answers = full_answers()
    del answers["unit"], answers["service"]
    assert client.post(cell, post_data(answers, unit="ttphvhcc")).status_code == 302
    stored = SurveyResponse.objects.get()
    assert (stored.unit_code, stored.service_code) == ("so_tu_phap", "ho_tich")
    bad = reverse("surveys:public_unit", args=[open_survey.slug, "nowhere"])
    assert client.get(bad).status_code == 404


def test_drafts_are_hidden_and_closed_surveys_say_so(client, survey) -> None:
    survey_status_set(survey=survey, status=SurveyStatus.CLOSED, actor=None)
    closed = client.get(url(survey))
    assert closed.status_code == 200 and "đã kết thúc" in closed.content.decode()
    assert client.post(url(survey), post_data(full_answers())).status_code == 200
    survey_status_set(survey=survey, status=SurveyStatus.DRAFT, actor=None)
    assert client.get(url(survey)).status_code == 404
    assert not SurveyResponse.objects.exists()


def test_english_switch(client, survey) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": url(survey)})
    html = client.get(url(survey)).content.decode()
    assert "Very satisfied" in html and "How satisfied are you with access" in html
    assert ">Send</button>" in html and "Invitation code (printed on your result slip)" in html
