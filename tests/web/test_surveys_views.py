"""Survey pages: who sees what, creating, importing, results as hand-computed, exports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from surveys_fixtures import *  # noqa: F403  (the survey fixtures)
from surveys_fixtures import KOBO, full_answers

from parindex.web.surveys.models import Survey, SurveyResponse
from parindex.web.surveys.services.questionnaire import survey_create
from parindex.web.surveys.services.responses import encode_answers
from parindex.web.surveys.services.sampling import quota_set

PERSONAS = ["admin", "secretariat", "focal", "head", "appraiser", "viewer", "outsider", "nobody"]
MANAGE = {"admin": 200, "secretariat": 200} | {p: 403 for p in PERSONAS[2:6]}
MANAGE |= {"outsider": 404, "nobody": 404, "appraiser": 404}
READ = {p: 200 for p in ["admin", "secretariat", "focal", "head", "viewer"]}
READ |= {"appraiser": 404, "outsider": 404, "nobody": 404}
RESULTS_QUERIES = 9  # session, user, roles, survey, responses, last year, assessments, applied…


# what each page shows when allowed: its heading, or the file it downloads
SHOWN = {
    "codes": "<h1>Mã mời · SIPAS 2020</h1>",
    "import": "<h1>Nhập phiếu từ Kobo/ODK/LimeSurvey</h1>",
    "coverage_export": 'filename="tien-do-sipas-tinh-lao-cai-2020.xlsx"',
    "form_export": 'filename="xlsform-sipas-tinh-lao-cai-2020.xlsx"',
    "codes_export": 'filename="ma-moi-sipas-tinh-lao-cai-2020.xlsx"',
    "results": "<h1>Kết quả · SIPAS 2020</h1>",
    "results_export": 'filename="ket-qua-sipas-tinh-lao-cai-2020.xlsx"',
}


def check(client, users, url: str, shown: str, statuses: dict[str, int]) -> None:
    """Each persona gets its status, and the page's content (or file) only when allowed."""
    for name in PERSONAS:
        client.force_login(users[name])
        response = client.get(url)
        given = response.get("Content-Disposition", "") + response.content.decode(errors="replace")
        assert response.status_code == statuses[name], (name, url)
        assert (shown in given) is (statuses[name] == 200), (name, url)
    client.logout()


def test_managing_pages_are_for_the_provinces_secretariat(client, users, survey) -> None:
    for name in ["codes", "import", "coverage_export", "form_export", "codes_export"]:
        u = reverse(f"surveys:{name}", args=[survey.pk])
        check(client, users, u, SHOWN[name], MANAGE)


def test_results_are_read_by_the_province_and_hidden_from_outsiders(client, users, survey) -> None:
    for name in ["results", "results_export"]:
        u = reverse(f"surveys:{name}", args=[survey.pk])
        check(client, users, u, SHOWN[name], READ)
    anonymous = client.get(reverse("surveys:results", args=[survey.pk]))
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("accounts:login"))


def test_a_departments_focal_point_reads_only_its_units(client, users, hand_survey) -> None:
    from parindex.web.organisations.models import Unit

    stp = Unit.objects.get(code="10.STP")
    quota_set(survey=hand_survey, unit_code="so_tu_phap", population=10, org_unit=stp, actor=None)
    client.force_login(users["focal-stp"])
    page = client.get(reverse("surveys:results", args=[hand_survey.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kết quả của các cơ quan thuộc đơn vị của bạn." in html
    # Sở Tư pháp's two respondents: access 1/2, procedure 2/2, civil servant 2/2, result 1/2
    assert 'data-code="overall">75,00%' in html
    assert "Trung tâm Phục vụ hành chính công tỉnh" not in html
    client.force_login(users["focal-stc"])
    assert client.get(reverse("surveys:results", args=[hand_survey.pk])).status_code == 404


def test_results_page_shows_the_hand_computed_figures(client, users, hand_survey) -> None:
    client.force_login(users["secretariat"])
    html = client.get(reverse("surveys:results", args=[hand_survey.pk])).content.decode()
    assert 'data-code="overall">60,00%' in html
    for factor in ["access", "procedure", "civil_servant", "result"]:
        assert f'data-code="{factor}">75,00%' in html
    assert 'data-code="feedback">0,00%' in html
    assert "30,06% – 95,44%" in html  # Wilson 95 % for 3 of 4


def test_results_export_opens_in_excel(client, users, hand_survey) -> None:
    client.force_login(users["viewer"])
    response = client.get(reverse("surveys:results_export", args=[hand_survey.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    assert "Tổng hợp" in wb.sheetnames and "Mong đợi" in wb.sheetnames


def test_create_from_the_shipped_form(client, users) -> None:
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("surveys:new"),
        {"title": "SIPAS 2021", "year": 2021, "margin": "0.05", "access": "code", "target": "90"},
    )
    survey = Survey.objects.get(title="SIPAS 2021")
    assert response.status_code == 302 and survey.province.code == "10"
    assert str(survey.target) == "0.9000"


def test_create_from_a_broken_xlsform_lists_the_problems(client, users) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label"])
    ws.append(["select_one nowhere", "q1", "Câu 1"])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("surveys:new"),
        {
            "title": "Hỏng",
            "year": 2021,
            "margin": "0.05",
            "access": "code",
            "form_file": SimpleUploadedFile("bad.xlsx", buf.getvalue()),
        },
    )
    assert response.status_code == 400
    assert "Trang survey, dòng 2, cột type" in response.content.decode()
    assert not Survey.objects.filter(title="Hỏng").exists()
    client.force_login(users["viewer"])
    assert client.get(reverse("surveys:new")).status_code == 403


def test_create_refuses_an_expression_the_public_form_cannot_evaluate(client, users) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label", "relevant"])
    ws.append(["integer", "age", "Tuổi", ""])
    ws.append(["text", "why", "Vì sao?", "${age} > 60"])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(users["secretariat"])
    before = Survey.objects.count()
    response = client.post(
        reverse("surveys:new"),
        {
            "title": "Biểu thức",
            "year": 2021,
            "margin": "0.05",
            "access": "code",
            "form_file": SimpleUploadedFile("expr.xlsx", buf.getvalue()),
        },
    )
    assert response.status_code == 400
    assert (
        "Trang survey, dòng 3, cột relevant: phiếu trực tuyến không tính được điều kiện hiển thị"
        " này; chỉ dùng được ${câu hỏi} = &#x27;mã&#x27;"
    ) in response.content.decode()
    assert "(${age} &gt; 60)" in response.content.decode()
    assert Survey.objects.count() == before


def test_import_page_is_idempotent_and_lists_row_errors(client, users, survey) -> None:
    client.force_login(users["secretariat"])
    target = reverse("surveys:import", args=[survey.pk])
    content = Path(KOBO).read_bytes()
    for _ in range(2):
        r = client.post(target, {"file": SimpleUploadedFile("kobo.csv", content)}, follow=True)
        assert r.status_code == 200
    assert "Tệp này đã được nhập trước đây" in r.content.decode()
    assert SurveyResponse.objects.filter(survey=survey).count() == 30
    lines = content.decode("utf-8-sig").splitlines()
    bad = lines[0] + "\n" + lines[1].replace(";ttphvhcc;", ";khong_co;", 1) + "\n"
    r = client.post(target, {"file": SimpleUploadedFile("bad.csv", bad.encode())})
    assert r.status_code == 400
    assert "Dòng 2, cột respondent/unit: mã đáp án không có trong phiếu" in r.content.decode()


def test_codes_and_coverage_pages(client, users, survey) -> None:
    client.force_login(users["secretariat"])
    r = client.post(reverse("surveys:codes", args=[survey.pk]), {"count": 5}, follow=True)
    assert r.status_code == 200 and survey.codes.count() == 5
    wb = load_workbook(
        io.BytesIO(client.get(reverse("surveys:codes_export", args=[survey.pk])).content)
    )
    assert wb.active.max_row == 6
    client.post(
        reverse("surveys:quota", args=[survey.pk]),
        {"unit_code": "ttphvhcc", "service_code": "", "population": "1000"},
    )
    page = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "<td>1.000</td>" in page and "<td>286</td>" in page
    assert "<td>Trung tâm Phục vụ hành chính công tỉnh</td>" in page
    assert "<code>" not in page and "ttphvhcc" not in page.replace('value="ttphvhcc"', "")


@pytest.mark.parametrize("extra", [0, 5])
def test_list_query_count_is_pinned(client, users, survey, extra, django_assert_num_queries):
    for i in range(extra):
        survey_create(province=survey.province, title=f"S{i}", year=2020 + i, actor=None)
    client.force_login(users["secretariat"])
    with django_assert_num_queries(5):
        r = client.get(reverse("surveys:list"))
    assert r.status_code == 200


def test_nav_link_for_staff_only(client, users) -> None:
    client.force_login(users["secretariat"])
    assert reverse("surveys:list") in client.get(reverse("assessments:list")).content.decode()
    client.force_login(users["nobody"])
    assert reverse("surveys:list") not in client.get(reverse("assessments:list")).content.decode()


def test_results_page_query_count_does_not_grow_with_responses(client, users, hand_survey):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["secretariat"])
    target = reverse("surveys:results", args=[hand_survey.pk])
    client.get(target)
    counts = []
    for extra in (0, 20):
        for i in range(extra):
            SurveyResponse.objects.create(
                survey=hand_survey,
                source="web",
                source_id=f"more-{i}",
                unit_code="so_nnmt",
                answers=encode_answers(full_answers("so_nnmt")),
            )
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(target).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1] == RESULTS_QUERIES


def test_the_log_button_needs_no_typed_n_and_says_when_no_log_is_loaded(
    client, users, survey
) -> None:
    client.force_login(users["secretariat"])
    before = list(survey.quotas.values_list("unit_code", "population", "population_source"))
    r = client.post(reverse("surveys:quota", args=[survey.pk]), {"from_log": "1"}, follow=True)
    assert r.status_code == 200
    assert "Chưa có nhật ký hồ sơ của năm này cho tỉnh." in r.content.decode()
    after = list(survey.quotas.values_list("unit_code", "population", "population_source"))
    assert after == before
    page = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert 'name="unit_code"' in page and "required" not in page.split('name="unit_code"')[1][:80]
