"""Who sees which dashboard: the province's people, a unit's own line, nothing for outsiders."""

from __future__ import annotations

import io

import openpyxl
import pytest
from dashboards_data import SHARES_2020, departments
from django.urls import reverse

from parindex.web.accounts.models import Role
from parindex.web.accounts.services import user_create
from parindex.web.organisations.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

PAGES = ["province", "internal", "national"]


def urls(demo) -> dict[str, str]:
    found = {name: reverse(f"dashboards:{name}", args=[demo.unit.pk]) for name in PAGES}
    for name in PAGES:
        found[f"{name}.xlsx"] = reverse("dashboards:export", args=[demo.unit.pk, name])
    return found


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", 200),
        ("secretariat", 200),  # Sở Nội vụ: the province's PAR secretariat
        ("viewer", 200),  # the province's leadership
        ("focal", 200),  # the province's own focal point
        ("head", 200),
        ("appraiser", 404),  # a council member: no dashboards
        ("outsider", 404),  # Yên Bái's focal point
        ("nobody", 404),
    ],
)
def test_permission_matrix_for_the_province_pages(as_user, demo, role, expected) -> None:
    client = as_user(role)
    for name, url in urls(demo).items():
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 404:
            assert demo.unit.name not in response.content.decode()  # nothing disclosed
        elif name.endswith(".xlsx"):
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")
            openpyxl.load_workbook(io.BytesIO(response.content))  # a real workbook
        else:
            assert response.context["province"] == demo.unit, url
            assert response.context["page_name"] == name
            assert demo.unit.name in response.content.decode(), url


def test_anonymous_users_are_sent_to_login(client, demo) -> None:
    response = client.get(reverse("dashboards:province", args=[demo.unit.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_page_of_something_other_than_a_province_is_404(as_user, demo) -> None:
    agency = Unit.objects.get(code="10.SNV")
    client = as_user("admin")
    assert client.get(reverse("dashboards:province", args=[demo.unit.pk])).status_code == 200
    response = client.get(reverse("dashboards:province", args=[agency.pk]))
    assert response.status_code == 404
    assert agency.name not in response.content.decode()


@pytest.fixture
def stc_focal(users, demo):
    unit = Unit.objects.get(code="10.STC")
    return user_create(
        username="stc-own", password="x", unit=unit, roles=[(Role.FOCAL_POINT, unit)]
    )


def test_a_department_focal_point_sees_only_its_own_published_line(client, demo, stc_focal):
    departments(demo, 2020, SHARES_2020)
    client.force_login(stc_focal)
    for name in ("province", "national"):
        assert client.get(reverse(f"dashboards:{name}", args=[demo.unit.pk])).status_code == 404
    home = client.get(reverse("dashboards:home"))
    assert home.url == reverse("dashboards:internal", args=[demo.unit.pk])
    html = client.get(home.url).content.decode()
    assert "Sở Tài chính" in html
    assert "Sở Nội vụ" not in html and "Sở Tư pháp" not in html
    assert '<th scope="row" class="num">4</th><td>Sở Tài chính</td>' in html  # 4th of 7
    export = client.get(reverse("dashboards:export", args=[demo.unit.pk, "internal"]))
    assert export.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    names = {c for ws in book.worksheets for r in ws.iter_rows(values_only=True) for c in r}
    assert "Sở Tài chính" in names and "Sở Nội vụ" not in names


def test_unpublished_results_are_seen_by_the_secretariat_only(as_user, client, demo, stc_focal):
    departments(demo, 2020, SHARES_2020, publish=False)
    url = reverse("dashboards:internal", args=[demo.unit.pk])
    html = as_user("secretariat").get(url).content.decode()
    assert "Sở Nội vụ" in html and "chưa công bố" in html
    for role in ("viewer", "focal", "admin"):
        html = as_user(role).get(url).content.decode()
        if role == "admin":
            assert "Sở Nội vụ" in html  # administrators see everything
        else:
            assert "ranking-department" not in html and "Chưa có kết quả đã công bố." in html
    client.force_login(stc_focal)
    html = client.get(url).content.decode()
    assert "ranking-department" not in html


def test_a_commune_user_of_another_province_gets_404(client, demo) -> None:
    yen_bai = Unit.objects.get(kind=UnitKind.PROVINCE, code="15", valid_from=None)
    commune = Unit.objects.create(kind=UnitKind.COMMUNE, code="YB-1", name="Xã Y", parent=yen_bai)
    user = user_create(username="yb", password="x", unit=commune, roles=[(Role.VIEWER, commune)])
    client.force_login(user)
    own = client.get(reverse("dashboards:home"))  # its own province's internal index
    assert own.status_code == 302
    assert own.url == reverse("dashboards:internal", args=[yen_bai.pk])
    response = client.get(reverse("dashboards:internal", args=[demo.unit.pk]))
    assert response.status_code == 404
    assert demo.unit.name not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "shown"),
    [("secretariat", True), ("viewer", True), ("focal", True), ("appraiser", False)],
)
def test_the_header_links_to_the_dashboards_only_for_those_who_may_open_them(
    as_user, demo, role, shown
) -> None:
    page = as_user(role).get(reverse("assessments:list")).content.decode()
    link = f'<a href="{reverse("dashboards:home")}">Bảng điều khiển</a>'
    assert (link in page) is shown
