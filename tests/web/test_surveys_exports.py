"""Excel exports of the survey list and of the import batches: figures and who may download."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from surveys_fixtures import *  # noqa: F403  (the survey fixtures)
from surveys_fixtures import KOBO, lao_cai

from parindex.web.surveys.models import SurveyStatus
from parindex.web.surveys.services.questionnaire import survey_create
from parindex.web.surveys.services.responses import responses_import
from parindex.web.surveys.services.sampling import quota_set

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERSONAS = ["admin", "secretariat", "focal", "head", "appraiser", "viewer", "outsider", "nobody"]


def sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return load_workbook(io.BytesIO(response.content)).active


def rows_of(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_the_survey_list_exports_with_sample_and_responses(as_user, users, hand_survey) -> None:
    quota_set(survey=hand_survey, unit_code="ttphvhcc", population=1000, actor=None)
    quota_set(survey=hand_survey, unit_code="so_tu_phap", population=100, actor=None)
    # a service cell shares its unit's n: it does not add to the survey's sample
    quota_set(
        survey=hand_survey,
        unit_code="so_tu_phap",
        service_code="ho_tich",
        population=50,
        actor=None,
    )
    other = survey_create(province=lao_cai(), title="SIPAS 2021", year=2021, actor=None)
    ws = sheet(as_user("secretariat").get(reverse("surveys:list_export")))
    assert [c.value for c in ws[1]] == [
        "Cuộc khảo sát",
        "Năm",
        "Tỉnh",
        "Trạng thái",
        "Hình thức trả lời",
        "Cỡ mẫu n",
        "Đã thu",
        "Dữ liệu minh họa",
    ]
    found = {r[0]: r for r in rows_of(ws)}
    assert set(found) == {"SIPAS 2020", "SIPAS 2021"}
    # 1000 → 286, 100 → 80 (100 / 1,25), the four hand-computed responses
    assert found["SIPAS 2020"][1:] == (
        2020,
        hand_survey.province.name,
        "Đang thu thập",
        "Một phiếu cho mỗi mã mời",
        286 + 80,
        4,
        None,
    )
    assert found["SIPAS 2021"][3:7] == ("Bản nháp", "Một phiếu cho mỗi mã mời", 0, 0)
    assert other.status == SurveyStatus.DRAFT


def test_the_survey_list_export_holds_only_what_the_user_sees(as_user, users, survey) -> None:
    from parindex.web.organisations.models import Unit, UnitKind

    yen_bai = Unit.objects.get(kind=UnitKind.PROVINCE, code="15", valid_from=None)
    survey_create(province=yen_bai, title="SIPAS Yên Bái", year=2020, actor=None)
    titles = {
        name: {r[0] for r in rows_of(sheet(as_user(name).get(reverse("surveys:list_export"))))}
        for name in ["admin", "secretariat", "viewer", "outsider", "nobody"]
    }
    assert titles["admin"] == {"SIPAS 2020", "SIPAS Yên Bái"}
    assert titles["secretariat"] == titles["viewer"] == {"SIPAS 2020"}
    assert titles["outsider"] == {"SIPAS Yên Bái"}  # a focal point of Yên Bái reads its own
    assert titles["nobody"] == set()


def test_the_survey_list_export_needs_a_login(client) -> None:
    r = client.get(reverse("surveys:list_export"))
    assert r.status_code == 302 and "login" in r["Location"]


@pytest.mark.parametrize("extra", [0, 4])
def test_the_survey_list_export_query_count_is_pinned(
    as_user, survey, extra, django_assert_num_queries
) -> None:
    for i in range(extra):
        survey_create(province=survey.province, title=f"S{i}", year=2021, actor=None)
    client = as_user("secretariat")
    with django_assert_num_queries(4):  # session, user, memberships, the annotated list
        sheet(client.get(reverse("surveys:list_export")))


def test_the_import_batches_export_lists_every_file(as_user, users, survey) -> None:
    content = Path(KOBO).read_bytes()
    first = responses_import(
        survey=survey, file_name="kobo.csv", content=content, actor=users["secretariat"]
    ).batch
    lines = content.decode("utf-8-sig").splitlines(keepends=True)
    second = responses_import(
        survey=survey, file_name="kobo-lai.csv", content="".join(lines[:11]).encode(), actor=None
    ).batch
    ws = sheet(as_user("secretariat").get(reverse("surveys:batches_export", args=[survey.pk])))
    assert [c.value for c in ws[1]][:6] == [
        "Tên tệp",
        "Công cụ",
        "Số dòng",
        "Số phiếu mới",
        "Số phiếu đã có",
        "SHA-256",
    ]
    got = {r[0]: r for r in rows_of(ws)}
    assert got["kobo.csv"][1:7] == ("KoboToolbox", 30, 30, 0, first.sha256, "secretariat")
    assert got["kobo-lai.csv"][1:7] == ("KoboToolbox", 10, 0, 10, second.sha256, None)
    assert got["kobo.csv"][7].year == first.created_at.year
    created = ws.cell(2, 8)
    assert created.number_format == "dd/mm/yyyy hh:mm" and ws.cell(2, 3).number_format == "#,##0"
    page = as_user("secretariat").get(reverse("surveys:detail", args=[survey.pk]))
    assert reverse("surveys:batches_export", args=[survey.pk]) in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        *[("admin", 200), ("secretariat", 200), ("focal", 403), ("head", 403), ("viewer", 403)],
        *[("appraiser", 404), ("outsider", 404), ("nobody", 404)],
    ],
)
def test_only_the_secretariat_downloads_the_import_batches(
    as_user, users, survey, persona, status
) -> None:
    responses_import(
        survey=survey,
        file_name="kobo.csv",
        content=Path(KOBO).read_bytes(),
        actor=users["secretariat"],
    )
    r = as_user(persona).get(reverse("surveys:batches_export", args=[survey.pk]))
    if status == 200:
        assert [row[:3] for row in rows_of(sheet(r))] == [("kobo.csv", "KoboToolbox", 30)]
    else:
        assert r.status_code == status
        assert r["Content-Type"].startswith("text/html")
        assert not r.has_header("Content-Disposition")
        assert b"kobo.csv" not in r.content  # a refusal names no imported file


def test_the_list_page_links_its_export(as_user, survey) -> None:
    html = as_user("viewer").get(reverse("surveys:list")).content.decode()
    assert reverse("surveys:list_export") in html


def test_coverage_export_has_the_unit_by_service_rows(as_user, survey) -> None:
    quota_set(survey=survey, unit_code="so_tu_phap", population=100, actor=None)
    quota_set(
        survey=survey, unit_code="so_tu_phap", service_code="ho_tich", population=40, actor=None
    )
    ws = sheet(as_user("secretariat").get(reverse("surveys:coverage_export", args=[survey.pk])))
    rows = [r[:5] for r in rows_of(ws)]
    # units and services by the questionnaire's labels, never "so_tu_phap" / "ho_tich"
    i = rows.index(("Sở Tư pháp", "Mọi dịch vụ", 100, "Nhập tay", 80))
    assert rows[i + 1] == (
        "Sở Tư pháp",
        "Hộ tịch (khai sinh, kết hôn, khai tử…)",
        40,
        "Nhập tay",
        37,
    )
    line = list(ws.iter_rows(min_row=2))[i]
    assert [c.number_format for c in line[2:8]] == [
        "#,##0",
        "@",
        "#,##0",
        "#,##0",
        "#,##0",
        "0.00%",
    ]
    assert line[7].value == 0 and rows_of(ws)[0][7] == 1  # nothing collected yet; n = 0 is met
