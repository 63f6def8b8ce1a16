"""The versions page names each change in words, with dates and points as people write them."""

from __future__ import annotations

import io

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from lxml import html as lxml_html
from openpyxl import load_workbook
from plans_fixtures import *  # noqa: F403 (fixtures: plan, issued, today)

from parindex.plans import set_target
from parindex.web.plans import services

pytestmark = pytest.mark.django_db


def rows(html: str) -> list[str]:
    """The change table's rows, each as its cells' text joined by ' | '."""
    table = lxml_html.fromstring(html).xpath("//table")[1]  # the first lists the versions
    return [
        " | ".join(" ".join(td.text_content().split()) for td in tr.xpath("td"))
        for tr in table.xpath(".//tbody/tr")
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["Số văn bản |  | 12", "Ngày ban hành |  | 26/02/2021"]),
        ("en", ["Document number |  | 12", "Issue date |  | 26/02/2021"]),
    ],
)
def test_issuing_shows_the_number_and_date_in_words(as_user, issued, language, expected):
    client = as_user("secretariat")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("plans:versions", args=[issued.pk])).content.decode()
    assert rows(html) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["Lĩnh vực 6 › Chỉ tiêu 6.1.3 › Điểm mục tiêu | 1 | 0,9"]),
        ("en", ["Area 6 › Target 6.1.3 › Target points | 1 | 0.9"]),
    ],
)
def test_a_changed_target_is_named_by_area_target_and_field(
    as_user, plan, users, language, expected
):
    edited = set_target(services.plan_current(plan), "6.1.3", points="0.9")
    services.plan_save(plan=plan, content=edited, version=1, actor=users["secretariat"])
    client = as_user("secretariat")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("plans:versions", args=[plan.pk])).content.decode()
    assert rows(html) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", [(2, "Ban hành: số 12/KH-UBND"), (1, "Tạo dự thảo từ phiếu đánh giá")]),
        ("en", [(2, "Issued: No. 12/KH-UBND"), (1, "Drafted from the assessment")]),
    ],
)
def test_the_notes_the_application_wrote_read_in_the_readers_language(
    as_user, issued, language, expected
):
    client = as_user("secretariat")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("plans:versions", args=[issued.pk])
    table = lxml_html.fromstring(client.get(url).content.decode()).xpath("//table")[0]
    listed = [[td.text_content().strip() for td in tr.xpath("td")] for tr in table.xpath(".//tr")]
    assert [(int(r[0]), r[3]) for r in listed if r] == expected
    export = client.get(f"{url}?format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [(r[0], r[3]) for r in sheet.iter_rows(min_row=2, values_only=True)] == expected
    # the record keeps the note as written
    assert issued.versions.get(number=2).note == "Ban hành: số 12/KH-UBND"
