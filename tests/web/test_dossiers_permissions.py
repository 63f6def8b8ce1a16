"""Who may do what on the dossier pages: each persona × each view.

Users of the province read results; its secretariat (and administrators) upload and import;
the secretariat and the assessment's focal point apply values while it is editable. Another
province's users, and users of no unit, get 404: the pages' existence is not disclosed.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from test_dossiers_import import dossier_root, import_log, province  # noqa: F401

from parindex.indicators import generate
from parindex.web.dossiers import services
from parindex.web.dossiers.forms import versions_field
from parindex.web.dossiers.models import AppliedIndicator, ImportJob

PERSONAS = ["admin", "secretariat", "focal", "head", "appraiser", "viewer", "outsider", "nobody"]
READ = {p: 200 for p in PERSONAS[:6]} | {"outsider": 404, "nobody": 404}
MANAGE = (
    {"admin": 200, "secretariat": 200}
    | {p: 403 for p in PERSONAS[2:6]}
    | {
        "outsider": 404,
        "nobody": 404,
    }
)


@pytest.fixture
def world(users, demo, province, dossier_root, tmp_path):  # noqa: F811
    """A province with an imported log, its job, and one value applied to the demo assessment."""
    path = tmp_path / "log.csv"
    generate(path, rows=300, seed=3)
    job = import_log(users, province, path)
    applied = AppliedIndicator.objects.create(
        assessment=demo, node_code="3.4.1", input_name="on_time", value="1", provenance={}
    )
    return {"job": job, "applied": applied, "demo": demo, "province": province}


def statuses(client, users, request) -> dict[str, int]:
    found = {}
    for name in PERSONAS:
        client.force_login(users[name])
        found[name] = request(client).status_code
    client.logout()
    return found


def test_index_results_and_exports_are_for_the_province(client, users, world) -> None:
    pk = world["province"].pk
    for url in [
        reverse("dossiers:index", args=[pk]),
        reverse("dossiers:results", args=[pk]),
        reverse("dossiers:export", args=[pk, "level"]),
        reverse("dossiers:export", args=[pk, "3.4.1"]),
    ]:
        assert statuses(client, users, lambda c, u=url: c.get(u)) == READ, url


def test_preview_and_job_pages_are_for_the_secretariat(client, users, world) -> None:
    pk = world["province"].pk
    job: ImportJob = world["job"]
    for url in [
        reverse("dossiers:preview", args=[pk, job.upload_id]),
        reverse("dossiers:job", args=[pk, job.pk]),
    ]:
        assert statuses(client, users, lambda c, u=url: c.get(u)) == MANAGE, url


def test_upload_is_for_the_secretariat(client, users, world, tmp_path) -> None:
    url = reverse("dossiers:upload", args=[world["province"].pk])
    path = tmp_path / "log.csv"

    def post(c):
        with path.open("rb") as fh:
            return c.post(url, {"file": fh})

    expected = {p: (302 if code == 200 else code) for p, code in MANAGE.items()}
    assert statuses(client, users, post) == expected


def test_apply_is_for_the_secretariat_and_the_focal_point(client, users, world) -> None:
    demo = world["demo"]
    url = reverse("dossiers:apply", args=[world["province"].pk, demo.pk])

    def post(c):
        return c.post(url, {"versions": versions_field(services.stored_versions(demo))})

    assert statuses(client, users, post) == {
        "admin": 302,
        "secretariat": 302,
        "focal": 302,
        "head": 403,
        "appraiser": 403,
        "viewer": 403,
        "outsider": 404,
        "nobody": 404,
    }


def test_provenance_detail_follows_the_assessment(client, users, world) -> None:
    url = reverse("dossiers:applied", args=[world["applied"].pk])
    assert statuses(client, users, lambda c: c.get(url)) == READ


def test_another_provinces_objects_are_not_found(client, users, world) -> None:
    """A job of Lào Cai addressed under the outsider's province is 404 even for its admin."""
    from parindex.web.organisations.models import Unit, UnitKind

    other = Unit.objects.filter(kind=UnitKind.PROVINCE).exclude(pk=world["province"].pk).first()
    client.force_login(users["admin"])
    url = reverse("dossiers:job", args=[other.pk, world["job"].pk])
    assert client.get(url).status_code == 404


def test_anonymous_users_are_sent_to_login(client, world) -> None:
    pk = world["province"].pk
    for url in [reverse("dossiers:home"), reverse("dossiers:index", args=[pk])]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_home_sends_a_one_province_user_to_it(client, users, world) -> None:
    client.force_login(users["viewer"])
    response = client.get(reverse("dossiers:home"))
    assert response["Location"] == reverse("dossiers:index", args=[world["province"].pk])
    client.force_login(users["nobody"])
    assert "Bạn chưa thuộc tỉnh nào" in client.get(reverse("dossiers:home")).content.decode()


def test_pages_are_translated_to_english(client, users, world) -> None:
    client.force_login(users["secretariat"])
    client.cookies["django_language"] = "en"
    body = client.get(reverse("dossiers:results", args=[world["province"].pk])).content.decode()
    assert "Indicators from the dossier log" in body and "By month and level" in body
