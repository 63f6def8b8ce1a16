"""Hostile input is refused, never a server error (regressions of a security review and of the
fuzzers in test_fuzz_routes.py and test_fuzz_api.py); every error under /api/ is JSON."""

from __future__ import annotations

import json

import pytest
from dbstate import assert_unchanged
from django.test import Client
from django.urls import reverse
from django.views.defaults import ERROR_PAGE_TEMPLATE

from parindex.web.api import pages as api_pages
from parindex.web.api.models import ApiToken
from parindex.web.api.services import api_token_create
from parindex.web.assessments.models import InputValue
from parindex.web.dossiers import services as dossiers
from parindex.web.dossiers.forms import MappingForm
from parindex.web.organisations.models import UnitKind
from parindex.web.plans.models import Plan, PlanVersion

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"  # beyond a 64-bit id: SQLite raised OverflowError
BAD_REQUEST_PAGE = (ERROR_PAGE_TEMPLATE % {"title": "Bad Request (400)", "details": ""}).encode()


def _error(code: str, message: str, details: list | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or []}}


@pytest.fixture
def bearer(users):
    def client(name: str) -> Client:
        _token, plain = api_token_create(user=users[name], name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")

    return client


# --- the pages ---------------------------------------------------------------------------


def test_dossier_preview_ignores_a_mapping_choice_that_is_not_an_id(
    as_user, users, demo, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.PARINDEX_DOSSIERS_ROOT = None
    province = demo.unit if demo.unit.kind == UnitKind.PROVINCE else demo.unit.parent
    upload = dossiers.dossier_upload(
        province=province,
        name="nk.csv",
        content=[b"Ma HS;Ngay nhan\nA1;03/01/2020\n"],
        actor=users["secretariat"],
    ).upload
    url = reverse("dossiers:preview", args=[province.pk, upload.pk])
    for choice in ("abc", HUGE, "²"):
        response = as_user("secretariat").get(url, {"mapping": choice})
        assert response.status_code == 200
        assert response.context["form"].initial == MappingForm.initial_from({})


@pytest.mark.parametrize(
    "path", ["/assessments/%00/", "/assessments/{pk}/nodes/%00/history/", "/khao-sat/%00/"]
)
def test_a_nul_in_the_path_is_a_bad_request(path, as_user, demo):
    response = as_user("focal").get(path.format(pk=demo.pk))
    assert response.status_code == 400
    assert response.content == BAD_REQUEST_PAGE  # Django's plain page: nothing rendered


def test_a_nul_in_the_query_string_is_a_bad_request(as_user, demo):
    response = as_user("focal").get(reverse("assessments:detail", args=[demo.pk]), {"x": "a\x00"})
    assert response.status_code == 400
    assert response.content == BAD_REQUEST_PAGE  # Django's plain page: nothing rendered


def test_an_id_beyond_64_bits_is_not_found_and_changes_nothing(as_user, demo):
    client = as_user("secretariat")
    assert client.get(f"/assessments/{HUGE}/").status_code == 404
    remove = f"/assessments/campaigns/{demo.campaign_id}/units/{HUGE}/remove/"
    assert client.post(remove).status_code == 404
    assert demo.campaign.assessments.count() == 1


@pytest.mark.parametrize("value", ["abc", "²", HUGE, '{"a": [}'])
def test_posted_ids_that_are_not_ids_are_not_found(value, as_user, demo):
    client = as_user("secretariat")
    assert client.post(reverse("plans:generate"), {"assessment": value}).status_code == 404
    area = reverse("assessments:campaign_appraiser_area", args=[demo.campaign_id])
    assert client.post(area, {"appraiser": value, "node_code": "1"}).status_code == 404
    assert Plan.objects.count() == 0


def test_revoking_a_token_that_is_not_an_id_is_not_found(as_user, users):
    token, _plain = api_token_create(user=users["focal"], name="giữ")
    response = as_user("focal").post(reverse("api:tokens"), {"revoke": "abc"})
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_the_admin_refuses_an_empty_to_field(as_user, demo):
    client = as_user("admin")
    url = reverse("admin:assessments_campaign_delete", args=[demo.campaign_id])
    assert client.get(url, {"_to_field": ""}).status_code == 400
    assert client.post(url, {"_to_field": "", "post": "yes"}).status_code == 400
    assert demo.campaign.assessments.count() == 1


def test_plan_versions_cannot_be_added_in_the_admin(as_user, users):
    posted = {"number": "1", "content": "{}", "note": "viết tay", "by": users["admin"].pk}
    client = as_user("admin")
    with assert_unchanged(PlanVersion):
        response = client.post(reverse("admin:plans_planversion_add"), posted)
    assert response.status_code == 403
    assert b"<h1>403 Forbidden</h1>" in response.content


# --- the API ---------------------------------------------------------------------------


def test_a_lone_surrogate_in_a_json_body_is_malformed_json(bearer, demo):
    before = list(InputValue.objects.values_list("pk", "value", "version"))
    response = bearer("focal").put(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        b'{"values": {"rate": "\\ud800"}, "versions": {"rate": 1}}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == _error(
        "malformed_json",
        "Nội dung gửi lên không phải JSON hợp lệ.",
        [{"message": "lone surrogate in a string"}],
    )
    assert list(InputValue.objects.values_list("pk", "value", "version")) == before


def test_json_nested_beyond_the_parser_is_refused_as_too_large_or_malformed(bearer, demo):
    response = bearer("focal").put(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        "[" * 50_000,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_too_large_or_malformed"


def test_an_api_filter_beyond_64_bits_is_a_bad_parameter(bearer):
    response = bearer("focal").get(reverse("api:assessments"), {"campaign": HUGE})
    assert response.status_code == 400
    assert response.json() == _error(
        "bad_parameter",
        "Tham số không hợp lệ.",
        [{"parameter": "campaign", "value": HUGE, "message": "Cần một số nguyên."}],
    )


def test_an_api_id_beyond_64_bits_is_not_found(bearer):
    response = bearer("secretariat").get(f"/api/v1/campaigns/{HUGE}")
    assert response.status_code == 404
    assert response.json() == _error("not_found", "Không tìm thấy.")


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def test_api_refused_host_is_json(production, client):
    response = client.get(reverse("api:campaigns"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json() == _error("bad_request", "Yêu cầu không hợp lệ.")


def test_api_nul_in_the_address_is_json(production, bearer):
    response = bearer("focal").get("/api/v1/frameworks/%00@1")
    assert response.status_code == 400
    assert response.json() == _error("bad_request", "Yêu cầu không hợp lệ.")


def test_api_unauthenticated_is_json(production, client):
    response = client.get(reverse("api:campaigns"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response["WWW-Authenticate"] == 'Bearer realm="parindex"'


def test_api_csrf_failure_on_the_tokens_page_is_json(production, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["focal"])
    response = client.post(reverse("api:tokens"), {"name": "x"})
    assert response.status_code == 403
    assert response.json() == _error("forbidden", "Bạn không có quyền thực hiện thao tác này.")
    assert not ApiToken.objects.exists()


def test_api_unknown_address_is_json(production, client):
    response = client.post("/api/v2/anything")
    assert response.status_code == 404
    assert response.json() == _error("not_found", "Không tìm thấy.")


def test_api_method_refused_by_a_page_is_json(production, client):
    response = client.post(reverse("api:docs"))
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == _error(
        "method_not_allowed", "Phương thức POST không được hỗ trợ ở địa chỉ này."
    )


def test_api_rate_limited_is_json(production, bearer, settings):
    settings.PARINDEX_API_RATE_PER_MINUTE = 1
    client = bearer("focal")
    client.get(reverse("api:campaigns"))
    response = client.get(reverse("api:campaigns"))
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"


def test_api_server_error_outside_the_view_wrapper_is_json(production, client, monkeypatch):
    def broken(server: str) -> dict:
        raise RuntimeError("boom")

    monkeypatch.setattr(api_pages.openapi, "document", broken)
    client.raise_request_exception = False
    response = client.get(reverse("api:docs"))
    assert response.status_code == 500
    assert response.json() == _error("server_error", "Lỗi máy chủ; sự cố đã được ghi lại.")
    assert b"boom" not in response.content
    json.loads(response.content)  # a whole JSON document, no HTML around it
