"""Who may do what on the dossier pages: each persona × each view.

Users of the province read results; its secretariat (and administrators) upload and import;
the secretariat and the assessment's focal point apply values while it is editable. Another
province's users, and users of no unit, get 404: the pages' existence is not disclosed.
"""

from __future__ import annotations

import pytest
from dbstate import changes, snapshot
from django.db import transaction
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


XLSX = b"PK\x03\x04"  # an .xlsx export is a zip file


def answers(client, users, request, shows) -> dict[str, tuple[int, bool]]:
    """Each persona's status and whether the answer shows the content (``shows(response)``)."""
    found = {}
    for name in PERSONAS:
        client.force_login(users[name])
        response = request(client)
        found[name] = (response.status_code, shows(response))
    client.logout()
    return found


def writes(client, users, request) -> dict[str, tuple[int, list[str]]]:
    """Each persona's status and what its post changed, each post rolled back after it."""
    found = {}
    for name in PERSONAS:
        client.force_login(users[name])
        with transaction.atomic():
            before = snapshot()
            status = request(client).status_code
            found[name] = (status, changes(before, snapshot()))
            transaction.set_rollback(True)
    client.logout()
    return found


def shown(expected: dict[str, int], ok: int = 200) -> dict[str, tuple[int, bool]]:
    return {name: (code, code == ok) for name, code in expected.items()}


def test_index_results_and_exports_are_for_the_province(client, users, world) -> None:
    pk = world["province"].pk
    for url, marker in [
        (reverse("dossiers:index", args=[pk]), "<h1>Nhật ký hồ sơ TTHC · Tỉnh Lào Cai</h1>"),
        (
            reverse("dossiers:results", args=[pk]),
            "<h1>Kết quả chỉ số từ nhật ký hồ sơ · Tỉnh Lào Cai</h1>",
        ),
        (reverse("dossiers:export", args=[pk, "level"]), XLSX),
        (reverse("dossiers:export", args=[pk, "3.4.1"]), XLSX),
    ]:

        def shows(response, marker=marker) -> bool:
            if isinstance(marker, bytes):
                return response.content.startswith(marker)
            return marker in response.content.decode()

        found = answers(client, users, lambda c, u=url: c.get(u), shows)
        assert found == shown(READ), url


def test_preview_and_job_pages_are_for_the_secretariat(client, users, world) -> None:
    pk = world["province"].pk
    job: ImportJob = world["job"]
    for url, marker in [
        (reverse("dossiers:preview", args=[pk, job.upload_id]), "<h1>Xem trước: "),
        (reverse("dossiers:job", args=[pk, job.pk]), "<h1>Nhập dữ liệu: "),
    ]:
        heading = f"{marker}{job.upload.name}</h1>"
        found = answers(
            client, users, lambda c, u=url: c.get(u), lambda r, h=heading: h in r.content.decode()
        )
        assert found == shown(MANAGE), url


def test_upload_is_for_the_secretariat(client, users, world, tmp_path) -> None:
    url = reverse("dossiers:upload", args=[world["province"].pk])
    path = tmp_path / "another-log.csv"  # not the world's log: a new upload
    generate(path, rows=50, seed=9)

    def post(c):
        with path.open("rb") as fh:
            return c.post(url, {"file": fh})

    found = writes(client, users, post)
    for name, code in MANAGE.items():
        status, changed = found[name]
        if code == 200:  # accepted: the upload is stored, then previewed
            assert status == 302 and any("DossierUpload" in c for c in changed), (name, found)
        else:
            assert (status, changed) == (code, []), name


def test_apply_is_for_the_secretariat_and_the_focal_point(client, users, world) -> None:
    demo = world["demo"]
    url = reverse("dossiers:apply", args=[world["province"].pk, demo.pk])

    def post(c):
        return c.post(url, {"versions": versions_field(services.stored_versions(demo))})

    found = writes(client, users, post)
    expected = {"admin": 302, "secretariat": 302, "focal": 302}
    expected |= {"head": 403, "appraiser": 403, "viewer": 403, "outsider": 404, "nobody": 404}
    assert {name: status for name, (status, _changed) in found.items()} == expected
    for name, (status, changed) in found.items():
        if status == 302:  # applied: the values are written with their provenance
            assert any("AppliedIndicator" in c for c in changed), (name, changed)
        else:
            assert changed == [], name


def test_provenance_detail_follows_the_assessment(client, users, world) -> None:
    url = reverse("dossiers:applied", args=[world["applied"].pk])
    heading = "<h1>Nguồn gốc số liệu: 3.4.1 · Số hồ sơ giải quyết đúng hạn: 1</h1>"
    found = answers(client, users, lambda c: c.get(url), lambda r: heading in r.content.decode())
    assert found == shown(READ)


def test_another_provinces_objects_are_not_found(client, users, world) -> None:
    """A job of Lào Cai addressed under the outsider's province is 404 even for its admin."""
    from parindex.web.organisations.models import Unit, UnitKind

    other = Unit.objects.filter(kind=UnitKind.PROVINCE).exclude(pk=world["province"].pk).first()
    client.force_login(users["admin"])
    own = client.get(reverse("dossiers:job", args=[world["province"].pk, world["job"].pk]))
    heading = f"<h1>Nhập dữ liệu: {world['job'].upload.name}</h1>"
    assert own.status_code == 200 and heading in own.content.decode()
    response = client.get(reverse("dossiers:job", args=[other.pk, world["job"].pk]))
    assert response.status_code == 404
    assert heading not in response.content.decode()


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
