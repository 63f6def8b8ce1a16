"""The public form's weight on a slow line, and the security of the form, pages and imports:
no external requests, CSRF, honeypot, upload limits, code guessing, HTML and formula injection."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from surveys_fixtures import *  # noqa: F403  (the survey fixtures)
from surveys_fixtures import KOBO, full_answers

from parindex.web.surveys import forms
from parindex.web.surveys.models import ImportBatch, InvitationCode, Survey, SurveyResponse
from parindex.web.surveys.services.invitations import invitation_codes_generate
from parindex.web.surveys.services.responses import responses_import

BUDGET = 30_000  # bytes for the page and everything it loads, on a 2G line ≈ 5 s
INJECTION = '<script>alert("x")</script><img src=x onerror=alert(1)>'
URL_ATTRS = re.compile(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?([^"'\s>]*)""", re.I)


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


def url(s: Survey) -> str:
    return reverse("surveys:public", args=[s.slug])


def assets(html: str) -> list[str]:
    """Every address the page makes the browser fetch or send to."""
    found = URL_ATTRS.findall(html)
    found += re.findall(r"url\(\s*['\"]?([^'\")]*)", html, re.I)
    found += re.findall(r"@import\s+['\"]?([^'\";\s]*)", html, re.I)
    return found


def check_page(response) -> int:
    """The page loads nothing else and calls no other host; returns its size."""
    html = response.content.decode()
    assert "<script" not in html.lower()
    assert "<link" not in html.lower().replace('<link rel="icon" href="data:,">', "")
    assert "<iframe" not in html.lower() and "<img" not in html.lower()
    assert not re.search(r"https?://|//[a-z0-9]", html, re.I), "an external URL"
    for address in assets(html):
        # the language switch and the form post to this server; the icon is inline (none)
        assert address == "data:," or (address.startswith("/") and not address.startswith("//"))
    return len(response.content)


def test_the_public_pages_weigh_under_30_kb_with_no_external_request(client, survey) -> None:
    sizes = {"vi": check_page(client.get(url(survey)))}
    errors = client.post(url(survey), {"access_sat": "9", "code": "X"})
    assert errors.status_code == 400
    sizes["errors"] = check_page(errors)
    cell = reverse("surveys:public_cell", args=[survey.slug, "so_tu_phap", "ho_tich"])
    sizes["cell"] = check_page(client.get(cell))
    sizes["thanks"] = check_page(client.get(reverse("surveys:thanks", args=[survey.slug])))
    client.post(reverse("set_language"), {"language": "en", "next": url(survey)})
    sizes["en"] = check_page(client.get(url(survey)))
    assert max(sizes.values()) < BUDGET, sizes
    # the page names its icon inline, so the browser does not ask for /favicon.ico either
    assert '<link rel="icon" href="data:,">' in client.get(url(survey)).content.decode()


def test_free_text_with_html_is_escaped_on_the_staff_results_page(client, users, survey) -> None:
    code = invitation_codes_generate(survey=survey, count=1, actor=None)[0].code
    answers = full_answers("so_tu_phap", comment=INJECTION + "\nlần hai")
    assert client.post(url(survey), post_data(answers, code=code)).status_code == 302
    assert SurveyResponse.objects.get().answers["comment"].startswith("<script>")  # kept as typed
    for persona in ("secretariat", "viewer"):
        client.force_login(users[persona])
        html = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
        assert INJECTION not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;<br>lần hai" in html
        assert "Ý kiến khác của Ông/Bà (nếu có)" in html and "Sở Tư pháp" in html


def test_html_in_an_imported_cell_is_escaped_in_the_problem_list(client, users, survey) -> None:
    client.force_login(users["secretariat"])
    lines = Path(KOBO).read_text(encoding="utf-8-sig").splitlines()
    bad = lines[0] + "\n" + lines[1].replace(";ttphvhcc;", ";<b>x</b>;", 1) + "\n"
    r = client.post(
        reverse("surveys:import", args=[survey.pk]),
        {"file": SimpleUploadedFile("<i>bad</i>.csv", bad.encode())},
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert "<b>x</b>" not in html and "(&lt;b&gt;x&lt;/b&gt;)" in html
    assert not SurveyResponse.objects.exists() and not ImportBatch.objects.exists()


def test_html_in_a_file_name_is_escaped_on_the_survey_page(client, users, survey) -> None:
    responses_import(
        survey=survey, file_name="<i>kobo</i>.csv", content=Path(KOBO).read_bytes(), actor=None
    )
    client.force_login(users["secretariat"])
    html = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "<i>kobo</i>" not in html and "&lt;i&gt;kobo&lt;/i&gt;.csv" in html


def test_text_in_exports_never_becomes_a_formula(client, users, survey) -> None:
    name = '=HYPERLINK("http://evil.example","x").csv'
    responses_import(survey=survey, file_name=name, content=Path(KOBO).read_bytes(), actor=None)
    client.force_login(users["secretariat"])
    data = client.get(reverse("surveys:batches_export", args=[survey.pk])).content
    cell = load_workbook(io.BytesIO(data)).active["A2"]
    assert (cell.value, cell.data_type) == (name, "s")


def test_uploads_over_the_size_limit_are_refused_and_store_nothing(
    client, users, survey, monkeypatch
) -> None:
    monkeypatch.setattr(forms, "MAX_UPLOAD", 1000)
    client.force_login(users["secretariat"])
    content = Path(KOBO).read_bytes()
    assert len(content) > 1000
    r = client.post(
        reverse("surveys:import", args=[survey.pk]),
        {"file": SimpleUploadedFile("kobo.csv", content)},
    )
    assert r.status_code == 400 and "Tệp quá lớn (tối đa 20 MB)." in r.content.decode()
    assert not SurveyResponse.objects.exists() and not ImportBatch.objects.exists()
    r = client.post(
        reverse("surveys:new"),
        {
            "title": "To",
            "year": 2021,
            "margin": "0.05",
            "access": "code",
            "form_file": SimpleUploadedFile("form.xlsx", b"x" * 2000),
        },
    )
    assert r.status_code == 400 and "Tệp quá lớn" in r.content.decode()
    assert not Survey.objects.filter(title="To").exists()


def test_a_free_text_over_2000_characters_is_refused_at_its_question(client, survey) -> None:
    code = invitation_codes_generate(survey=survey, count=1, actor=None)[0].code
    r = client.post(url(survey), post_data(full_answers(comment="a" * 2001), code=code))
    assert r.status_code == 400 and "Nội dung quá dài (tối đa 2.000 ký tự)." in r.content.decode()
    assert not SurveyResponse.objects.exists()


def test_the_honeypot_does_not_use_up_the_code(client, survey) -> None:
    code = invitation_codes_generate(survey=survey, count=1, actor=None)[0].code
    r = client.post(url(survey), post_data(full_answers(), code=code, website="x"))
    assert r.status_code == 400
    assert InvitationCode.objects.get(code=code).response_id is None
    assert client.post(url(survey), post_data(full_answers(), code=code)).status_code == 302


def test_guessing_codes_is_slowed_but_a_valid_code_is_never_refused(settings, survey) -> None:
    settings.PARINDEX_SURVEY_CODE_FAILURES = 3
    good = invitation_codes_generate(survey=survey, count=1, actor=None)[0].code
    office = Client(REMOTE_ADDR="10.1.1.1")
    for i in range(3):
        r = office.post(url(survey), post_data(full_answers(), code=f"ZZZZZZZ{i + 2}"))
        assert r.status_code == 400 and "Mã mời không đúng" in r.content.decode()
    for i in range(37):  # 40 wrong codes in all
        r = office.post(url(survey), post_data(full_answers(), code=f"YYYYYY{i:02d}"))
        assert r.status_code == 400 and "Đã nhập sai mã mời quá nhiều lần" in r.content.decode()
    assert not SurveyResponse.objects.exists()
    # a citizen at the same office computer with the code printed on the receipt
    r = office.post(url(survey), post_data(full_answers(), code=good))
    assert r.status_code == 302
    assert InvitationCode.objects.get(code=good).response_id == SurveyResponse.objects.get().pk


def test_codes_are_counted_per_client_behind_the_proxy(settings, survey) -> None:
    settings.PARINDEX_SURVEY_CODE_FAILURES = 2
    settings.PARINDEX_TRUSTED_PROXIES = ["127.0.0.1"]
    guesser = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for i in range(3):
        guesser.post(url(survey), post_data(full_answers(), code=f"ZZZZZZZ{i + 2}"))
    citizen = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.2.2.2")
    r = citizen.post(url(survey), post_data(full_answers(), code="ZZZZZZZ9"))
    assert r.status_code == 400 and "Mã mời không đúng" in r.content.decode()


def test_staff_posts_need_the_csrf_token(users, survey) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users["secretariat"])
    posts = {
        "import": {"file": SimpleUploadedFile("kobo.csv", Path(KOBO).read_bytes())},
        "log_map": {"rest": ""},
        "quota": {"unit_code": "ttphvhcc", "population": "5"},
        "codes": {"count": "5"},
        "status": {"status": "closed"},
    }
    for name, data in posts.items():
        r = strict.post(reverse(f"surveys:{name}", args=[survey.pk]), data)
        assert r.status_code == 403, name
    assert not SurveyResponse.objects.exists() and not survey.codes.exists()
    survey.refresh_from_db()
    assert survey.status == "open" and survey.service_map is None
