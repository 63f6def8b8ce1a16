"""Who may do what with a province's plans: the matrix of issue 5 through real URLs.

secretariat/admin: everything on their province's plans; viewer: reads everything; a focal
point: the issued plan, and reports only on items its agency leads (403 elsewhere); another
province's users: 404.
"""

from __future__ import annotations

import pytest
from dbstate import assert_unchanged
from django.urls import reverse
from plans_fixtures import *  # noqa: F403 (fixtures: plan, issued, today)
from plans_fixtures import agency

from parindex.web.plans.models import ItemReport, Plan

pytestmark = pytest.mark.django_db

EVERYONE = ["admin", "secretariat", "viewer", "focal", "head", "focal-vp", "outsider", "nobody"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("secretariat", 200),
        ("viewer", 200),
        ("focal", 404),  # a draft is not shown to the agencies
        ("focal-vp", 404),
        ("head", 404),
        ("outsider", 404),
        ("nobody", 404),
    ],
)
def test_a_draft_is_read_by_the_secretariat_and_leadership_only(
    as_user,
    plan,
    who,
    status,
) -> None:
    client = as_user(who)
    shown = status == 200
    page = client.get(plan.get_absolute_url())
    assert page.status_code == status
    assert (f"<title>{plan.title} · PAR INDEX</title>" in page.content.decode()) is shown
    versions = client.get(reverse("plans:versions", args=[plan.pk]))
    assert versions.status_code == status
    assert ("<h1>Lịch sử phiên bản</h1>" in versions.content.decode()) is shown
    assert (plan.title in versions.content.decode()) is shown
    docx = client.get(reverse("plans:document", args=[plan.pk, "docx"]))
    assert docx.status_code == status
    assert docx.get("Content-Disposition") == (
        f'attachment; filename="ke-hoach-cchc-2021-{plan.pk}.docx"' if shown else None
    )
    assert docx.content.startswith(b"PK\x03\x04") is shown  # a Word file only when allowed


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("secretariat", 200),
        ("viewer", 200),
        ("focal", 200),
        ("head", 200),
        ("appraiser", 200),
        ("focal-vp", 200),
        ("outsider", 404),
        ("nobody", 404),
    ],
)
def test_an_issued_plan_is_read_by_everyone_of_the_province(
    as_user,
    issued,
    who,
    status,
) -> None:
    response = as_user(who).get(issued.get_absolute_url())
    assert response.status_code == status
    html = response.content.decode()
    assert (f"<title>{issued.title} · PAR INDEX</title>" in html) is (status == 200)
    assert ("Số 12/" in html) is (status == 200)  # the issued number, never to another province


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin", 200), ("secretariat", 200), ("viewer", 403), ("outsider", 404)],
)
def test_only_the_secretariat_edits(as_user, plan, who, status) -> None:
    url = reverse("plans:area_edit", args=[plan.pk, "3"])
    assert as_user(who).get(url).status_code == status
    posted = as_user(who).post(url, {"version": "1", "points:3.4.1": "1"})
    assert posted.status_code == (302 if status == 200 else status)
    plan.refresh_from_db()
    assert plan.version == (2 if status == 200 else 1)


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("outsider", 404)])
def test_approve_issue_and_deadlines_are_the_secretariat_s(as_user, plan, who, status) -> None:
    client = as_user(who)
    assert client.post(reverse("plans:approve", args=[plan.pk])).status_code == status
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_a_focal_point_cannot_approve_or_edit_an_issued_plan(as_user, issued) -> None:
    client = as_user("focal-vp")
    with assert_unchanged(issued, issued.periods.all()):
        assert client.post(reverse("plans:approve", args=[issued.pk])).status_code == 403
        assert client.get(reverse("plans:area_edit", args=[issued.pk, "3"])).status_code == 403
        deadline = reverse("plans:deadline", args=[issued.pk, "Q1"])
        assert client.post(deadline, {"deadline": "2021-04-01"}).status_code == 403


def test_only_the_secretariat_drafts_plans(as_user, demo) -> None:
    url = reverse("plans:generate")
    for who, status in (("viewer", 403), ("focal", 403), ("outsider", 404)):
        client = as_user(who)
        with assert_unchanged(Plan):
            assert client.post(url, {"assessment": demo.pk}).status_code == status, who
    drafted = as_user("secretariat").post(url, {"assessment": demo.pk})
    assert drafted.status_code == 302
    assert Plan.objects.get(assessment=demo).get_absolute_url() == drafted.url


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretariat", 200),
        ("viewer", 200),
        ("focal-vp", 200),
        ("focal-stp", 200),
        ("head", 403),  # a role in the province, but neither overview nor an agency
        ("outsider", 404),
    ],
)
def test_period_page(as_user, issued, who, status) -> None:
    url = reverse("plans:period", args=[issued.pk, "Q1"])
    response = as_user(who).get(url)
    assert response.status_code == status
    html = response.content.decode()
    assert ("<h1>Báo cáo kỳ Quý I năm 2021</h1>" in html) is (status == 200)
    # an agency's focal point sees the items its agency leads; the overview readers do not
    mine = '<h2 id="mine">Các mục cơ quan bạn chủ trì</h2>' in html
    assert mine is (who in ("focal-vp", "focal-stp"))


@pytest.mark.parametrize(
    ("who", "linked"),
    [("secretariat", True), ("focal-vp", True), ("head", False), ("appraiser", False)],
)
def test_the_plan_links_a_period_only_for_those_who_may_open_it(
    as_user, issued, who, linked
) -> None:
    client = as_user(who)
    url = reverse("plans:period", args=[issued.pk, "Q1"])
    html = client.get(issued.get_absolute_url()).content.decode()
    assert "<td>Quý I 2021</td>" in html or f'<a href="{url}">Quý I 2021</a>' in html
    assert (f'<a href="{url}">Quý I 2021</a>' in html) is linked
    assert client.get(url).status_code == (200 if linked else 403)


@pytest.mark.parametrize(
    ("who", "status"),
    [("secretariat", 200), ("admin", 200), ("viewer", 200), ("focal-vp", 403), ("outsider", 404)],
)
def test_the_consolidated_word_report(as_user, issued, who, status) -> None:
    url = reverse("plans:export", args=[issued.pk, "Q1", "docx"])
    response = as_user(who).get(url)
    assert response.status_code == status
    shown = status == 200
    assert response.get("Content-Disposition") == (
        'attachment; filename="bao-cao-ke-hoach-2021-Q1.docx"' if shown else None
    )
    assert response.content.startswith(b"PK\x03\x04") is shown


def _post(client, row, users, who: str, key: str):
    return client.post(
        reverse("plans:report", args=[row.pk, "Q1"]),
        {
            "item_key": key,
            "agency": agency(users, who).pk,
            "version": "0",
            "status": "done",
            "note": "x",
        },
    )


def test_a_focal_point_reports_only_on_items_its_agency_leads(
    as_user,
    users,
    issued,
    today,
) -> None:
    assert _post(as_user("focal-stp"), issued, users, "focal-stp", "3.4.1").status_code == 403
    assert _post(as_user("focal-stp"), issued, users, "focal-stp", "2.R").status_code == 302
    # posting for another agency than one's own is refused too
    assert _post(as_user("focal-stp"), issued, users, "focal-vp", "3.R").status_code == 403
    assert _post(as_user("secretariat"), issued, users, "focal-vp", "3.R").status_code == 403
    assert list(ItemReport.objects.values_list("item_key", flat=True)) == ["2.R"]


def test_another_province_s_report_form_is_not_found(as_user, users, issued, today) -> None:
    client = as_user("outsider")
    with assert_unchanged(ItemReport):
        assert _post(client, issued, users, "focal-vp", "3.R").status_code == 404


@pytest.mark.parametrize("who", EVERYONE)
def test_the_nav_link_shows_to_who_may_see_plans(as_user, demo, who) -> None:
    body = as_user(who).get(reverse("plans:list")).content.decode()
    link = 'href="/plans/"' in body
    assert link == (who != "nobody")
