"""The unit's library is listed once, when a row's "link a document" is opened, not per row."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from parindex.web.evidence import services

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def cite(demo, users, n: int, node_code: str = ""):
    return services.document_cite(
        unit=demo.unit,
        number=f"{n}/BC-UBND",
        issued_on=datetime.date(2020, 12, 1),
        issuer="UBND tỉnh Lào Cai",
        title=f"Báo cáo số {n}",
        actor=users["focal"],
        assessment=demo if node_code else None,
        node_code=node_code,
    )


@pytest.fixture
def library(demo, users):
    """Five documents in the province's library; the first is linked to 3.4.1."""
    return [cite(demo, users, n, "3.4.1" if n == 0 else "") for n in range(5)]


def link_form(pk: int, code: str) -> str:
    return reverse("evidence:link_form", args=[pk, code])


def test_self_assessment_page_does_not_repeat_the_library_per_row(as_user, demo, library):
    html = as_user("focal").get(reverse("assessments:detail", args=[demo.pk])).content.decode()
    assert "Báo cáo số 3" not in html  # no <option> of the library on the page
    # each row's panel is folded and loads itself when opened; the opened panel loads the
    # library only when its link form is opened
    for code in ("3.4.1", "6.1.1"):
        assert f'hx-get="{reverse("evidence:node", args=[demo.pk, code])}"' in html
    assert 'hx-trigger="toggle once"' in html
    panel = as_user("focal").get(reverse("evidence:node", args=[demo.pk, "3.4.1"]), **HTMX)
    assert link_form(demo.pk, "3.4.1") in panel.content.decode()
    assert "Báo cáo số 3" not in panel.content.decode()


def test_opening_the_link_form_lists_the_documents_not_yet_linked(as_user, demo, library):
    html = as_user("focal").get(link_form(demo.pk, "3.4.1"), **HTMX).content.decode()
    assert html.count("/BC-UBND · Báo cáo") == 4
    assert "Báo cáo số 0" not in html  # already linked to 3.4.1
    assert f'action="{reverse("evidence:link", args=[demo.pk, "3.4.1"])}"' in html
    other = as_user("focal").get(link_form(demo.pk, "6.1.1"), **HTMX).content.decode()
    assert other.count("/BC-UBND · Báo cáo") == 5


def test_without_javascript_the_node_page_shows_the_full_form(as_user, demo, library):
    html = as_user("focal").get(reverse("evidence:node", args=[demo.pk, "6.1.1"])).content.decode()
    assert html.count("/BC-UBND · Báo cáo") == 5
    assert link_form(demo.pk, "6.1.1") not in html  # nothing left to load


def test_page_queries_do_not_grow_with_the_library(
    as_user, demo, users, library, django_assert_num_queries
):
    client = as_user("focal")
    url = reverse("assessments:detail", args=[demo.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5, 40):
        cite(demo, users, n)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Báo cáo số 39" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        ("focal", "3.4.1", 200),
        ("focal-vp", "3.4.1", 200),  # area 3 is Văn phòng UBND's
        ("focal-vp", "6.1.1", 403),  # area 6 is not
        ("head", "3.4.1", 403),
        ("viewer", "3.4.1", 403),
        ("appraiser", "3.4.1", 403),
        ("outsider", "3.4.1", 404),
        ("nobody", "3.4.1", 404),
    ],
)
def test_link_form_permission_matrix(as_user, demo, library, role, code, status):
    response = as_user(role).get(link_form(demo.pk, code), **HTMX)
    assert response.status_code == status
    listed = response.content.decode().count("/BC-UBND · Báo cáo")
    assert listed == (4 if status == 200 else 0)  # a refusal discloses none of the library


def test_link_form_of_an_unknown_node_is_not_found(as_user, demo, library):
    response = as_user("focal").get(link_form(demo.pk, "9.9.9"))
    assert response.status_code == 404
    assert "/BC-UBND · Báo cáo" not in response.content.decode()
