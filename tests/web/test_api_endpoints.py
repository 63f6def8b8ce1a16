"""The API's endpoints × personas, and what they answer: the same rules as the pages."""

import json

import pytest
from dbstate import assert_unchanged
from django.test import Client
from django.urls import reverse

from parindex import cli
from parindex.demo import LAO_CAI_2020
from parindex.web.api.models import ApiToken
from parindex.web.api.services import TOKEN_PREFIX, api_token_create, token_allowed, token_digest
from parindex.web.assessments.models import Assessment, AssessmentAppraiser, InputValue
from parindex.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ROLES = ["admin", "secretariat", "focal", "head", "appraiser", "viewer", "outsider", "nobody"]
SEES = {"admin", "secretariat", "focal", "head", "appraiser", "viewer"}
EDITS = {"admin", "focal"}


@pytest.fixture
def api(users):
    """A client authenticated with a fresh bearer token of a persona: ``api('focal')``."""

    def client(name: str) -> Client:
        if token_allowed(users[name]):
            _token, plain = api_token_create(user=users[name], name="test")
        else:  # a user without a role gets no new token; this one outlived its roles
            plain = TOKEN_PREFIX + name + "-kept-after-its-roles-went"
            ApiToken.objects.create(
                user=users[name], name="test", digest=token_digest(plain), prefix=plain[:10]
            )
        return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")

    return client


def urls(demo: Assessment) -> dict[str, str]:
    return {
        "campaigns": reverse("api:campaigns"),
        "campaign": reverse("api:campaign", args=[demo.campaign_id]),
        "assessments": reverse("api:assessments"),
        "assessment": reverse("api:assessment", args=[demo.pk]),
        "scorecard": reverse("api:scorecard", args=[demo.pk]),
        "inputs": reverse("api:inputs", args=[demo.pk]),
        "framework": reverse("api:framework", args=["par-province-1149", "2020.1"]),
    }


def put_rate(client: Client, demo: Assessment, rate: str = "95", version: int = 1):
    return client.put(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        json.dumps({"values": {"rate": rate}, "versions": {"rate": version}}),
        content_type="application/json",
    )


@pytest.mark.parametrize("role", ROLES)
def test_read_matrix(role, api, demo) -> None:
    client = api(role)
    expected = 200 if role in SEES else 404
    for name, url in urls(demo).items():
        response = client.get(url)
        status = 200 if name in ("campaigns", "assessments") else expected
        assert response.status_code == status, (name, response.content)
        assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("role", ROLES)
def test_write_matrix(role, api, demo) -> None:
    expected = 200 if role in EDITS else 403 if role in SEES else 404
    response = put_rate(api(role), demo)
    assert response.status_code == expected, response.content
    if expected != 200:
        assert response.json()["error"]["code"] in ("forbidden", "not_found")
        assert InputValue.objects.get(assessment=demo, node_code="7.1.3").version == 1


def test_every_endpoint_needs_credentials(client, demo) -> None:
    for url in urls(demo).values():
        response = client.get(url)
        assert response.status_code == 401, url
        assert (
            list(response.json()) == ["error"]
            and response.json()["error"]["code"] == "unauthorized"
        )
    rate = InputValue.objects.get(assessment=demo, node_code="7.1.3", input_name="rate")
    with assert_unchanged(rate):
        refused = put_rate(client, demo)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthorized"


def test_other_units_see_empty_lists(api, demo) -> None:
    client = api("outsider")
    assert client.get(reverse("api:campaigns")).json() == {"campaigns": []}
    assert client.get(reverse("api:assessments")).json() == {"assessments": []}


def test_appraiser_sees_only_what_is_assigned(api, users, demo) -> None:
    AssessmentAppraiser.objects.filter(user=users["appraiser"]).delete()
    client = api("appraiser")
    assert client.get(reverse("api:assessment", args=[demo.pk])).status_code == 404
    assert client.get(reverse("api:campaigns")).json() == {"campaigns": []}


def test_campaign_list_has_status_counts_and_vietnamese_text(api, demo) -> None:
    response = api("secretariat").get(reverse("api:campaigns"))
    assert "Tự đánh giá Chỉ số CCHC tỉnh Lào Cai năm 2020".encode() in response.content
    (campaign,) = response.json()["campaigns"]
    assert campaign["framework"] == "par-province-1149@2020.1"
    assert campaign["year"] == 2020
    assert campaign["assessments"] == 1
    assert campaign["status_counts"]["draft"] == 1
    assert sum(campaign["status_counts"].values()) == 1
    assert campaign["deadlines"]["self_assessment"] is not None


def test_campaign_detail_lists_visible_assessments(api, demo) -> None:
    data = api("viewer").get(reverse("api:campaign", args=[demo.campaign_id])).json()
    assert [a["id"] for a in data["assessments"]] == [demo.pk]
    assert data["assessments"][0]["unit"]["name"] == "Tỉnh Lào Cai"


def test_assessment_list_filters(api, demo) -> None:
    client = api("admin")
    url = reverse("api:assessments")
    assert len(client.get(url, {"campaign": demo.campaign_id}).json()["assessments"]) == 1
    assert client.get(url, {"campaign": demo.campaign_id + 999}).json()["assessments"] == []
    assert len(client.get(url, {"unit": demo.unit_id}).json()["assessments"]) == 1
    bad = client.get(url, {"unit": "lao-cai"})
    assert bad.status_code == 400
    assert bad.json()["error"]["details"][0]["parameter"] == "unit"


def test_assessment_detail(api, demo) -> None:
    data = api("head").get(reverse("api:assessment", args=[demo.pk])).json()
    assert data["status"] == "draft"
    assert data["framework"] == "par-province-1149@2020.1"
    assert data["unit"]["code"] == demo.unit.code
    assert data["editable"] is False
    assert set(data["deadlines"]) == {
        "self_assessment",
        "appraisal",
        "explanation",
        "appeal",
        "publication",
    }
    assert data["links"]["scorecard"] == reverse("api:scorecard", args=[demo.pk])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_scorecard_equals_the_cli_json_for_the_demo(lang, api, demo, capsys) -> None:
    assert cli.main(["score", str(LAO_CAI_2020), "--format", "json", "--lang", lang]) == 0
    expected = json.loads(capsys.readouterr().out)
    data = api("focal").get(reverse("api:scorecard", args=[demo.pk]), {"lang": lang}).json()
    assert data["self"] == {"score": 61.4203, "max": 65}
    assert data["unit"] == demo.unit.code  # the database's unit code; the file names the unit
    assert data == {**expected, "unit": data["unit"]}


def test_scorecard_refuses_an_unknown_language(api, demo) -> None:
    response = api("focal").get(reverse("api:scorecard", args=[demo.pk]), {"lang": "fr"})
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["parameter"] == "lang"


def test_inputs_list_values_and_versions(api, demo) -> None:
    data = api("viewer").get(reverse("api:inputs", args=[demo.pk])).json()
    nodes = {n["code"]: n for n in data["nodes"]}
    assert data["editable"] is False
    (rate,) = nodes["7.1.3"]["inputs"]
    assert rate["name"] == "rate" and rate["version"] == 1 and rate["value"] is not None
    assert "1.BNV" not in nodes  # ministry-scored: not an input of the unit


def test_put_updates_the_score_and_writes_the_audit_event(api, demo) -> None:
    before = api("focal").get(reverse("api:scorecard", args=[demo.pk])).json()["self"]["score"]
    response = put_rate(api("focal"), demo, rate="0")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["changed"] == ["rate"]
    assert data["versions"] == {"rate": 2}
    assert data["self"]["score"] < before
    row = InputValue.objects.get(assessment=demo, node_code="7.1.3", input_name="rate")
    assert (row.value, row.version) == ("0", 2)
    event = AuditEvent.objects.filter(action="input.set", field="7.1.3/rate").latest("id")
    assert event.after == "0" and event.actor.username == "focal"
    after = api("focal").get(reverse("api:scorecard", args=[demo.pk])).json()["self"]["score"]
    assert after == data["self"]["score"]


def test_patch_changes_only_what_is_sent_and_put_clears_the_rest(api, demo) -> None:
    node = _two_input_node(demo)
    code, (first, second) = node
    rows = {r.input_name: r for r in InputValue.objects.filter(assessment=demo, node_code=code)}
    url = reverse("api:node_inputs", args=[demo.pk, code])
    client = api("focal")
    body = {"values": {first: rows[first].value}, "versions": {first: rows[first].version}}
    patched = client.patch(url, json.dumps(body), content_type="application/json")
    assert patched.status_code == 200 and patched.json()["changed"] == []
    replaced = client.put(url, json.dumps(body), content_type="application/json")
    assert replaced.status_code == 409  # PUT clears `second`, whose version was not sent
    body["versions"][second] = rows[second].version
    replaced = client.put(url, json.dumps(body), content_type="application/json")
    assert replaced.status_code == 200
    assert replaced.json()["changed"] == [second]
    assert not InputValue.objects.filter(assessment=demo, node_code=code, input_name=second)


def _two_input_node(demo):
    framework = demo.campaign.framework_version.framework()
    stored = {(r.node_code, r.input_name) for r in InputValue.objects.filter(assessment=demo)}
    for leaf in framework.leaves():
        names = [i.name for i in leaf.inputs]
        complete = all((leaf.code, n) in stored for n in names[:2])
        if leaf.scored_by == "self" and len(names) >= 2 and complete:
            return leaf.code, names[:2]
    raise AssertionError("the demo has no sub-criterion with two stored inputs")


def test_json_numbers_are_read_exactly(api, demo) -> None:
    response = api("focal").patch(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        '{"values": {"rate": 97.5}, "versions": {"rate": 1}}',
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    row = InputValue.objects.get(assessment=demo, node_code="7.1.3", input_name="rate")
    assert row.value == "97.5"


def test_version_conflict_is_409_with_the_current_value(api, demo) -> None:
    assert put_rate(api("focal"), demo, rate="90", version=1).status_code == 200
    response = put_rate(api("admin"), demo, rate="80", version=1)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict"
    assert error["details"] == [
        {"node": "7.1.3", "input": "rate", "current_value": "90", "current_version": 2}
    ]
    assert InputValue.objects.get(assessment=demo, node_code="7.1.3").value == "90"


def test_bad_values_are_400_naming_node_and_input(api, demo) -> None:
    response = api("focal").patch(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        json.dumps({"values": {"rate": "nhiều", "speed": "1"}, "versions": {"rate": 1}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    found = {(d["node"], d["input"], d["code"]) for d in error["details"]}
    assert found == {("7.1.3", "speed", "unknown_input")}
    response = api("focal").patch(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        json.dumps({"values": {"rate": "nhiều"}, "versions": {"rate": 1}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    (detail,) = response.json()["error"]["details"]
    assert (detail["node"], detail["input"], detail["code"]) == ("7.1.3", "rate", "bad_value")
    assert "nhiều" in detail["message"]


def test_bad_versions_and_unknown_fields_are_400(api, demo) -> None:
    response = api("focal").patch(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        json.dumps({"values": {"rate": "1"}, "versions": {"rate": "one"}, "extra": 1}),
        content_type="application/json",
    )
    assert response.status_code == 400
    codes = {d["code"] for d in response.json()["error"]["details"]}
    assert codes == {"bad_version", "unknown_field"}


def test_unknown_node_is_404_and_ministry_items_403(api, demo) -> None:
    client = api("focal")
    body = json.dumps({"values": {}, "versions": {}})
    unknown = client.put(
        reverse("api:node_inputs", args=[demo.pk, "9.9.9"]), body, content_type="application/json"
    )
    assert unknown.status_code == 404
    ministry = client.put(
        reverse("api:node_inputs", args=[demo.pk, "1.BNV"]), body, content_type="application/json"
    )
    assert ministry.status_code == 403
    assert ministry.json()["error"]["code"] == "not_self_assessed"


def test_submitted_assessment_is_locked(api, demo) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status="submitted")
    response = put_rate(api("focal"), demo)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "locked"


def test_malformed_json_is_400(api, demo) -> None:
    response = api("focal").put(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        '{"values": {"rate": ',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"


def test_a_body_that_is_not_an_object_is_400(api, demo) -> None:
    response = api("focal").put(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        "[1, 2]",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_body"


def test_wrong_content_type_is_415(api, demo) -> None:
    response = api("focal").put(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]), "rate=90", content_type="text/plain"
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_oversized_body_is_413(api, demo) -> None:
    body = json.dumps({"values": {"rate": "9" * 70_000}, "versions": {}})
    response = api("focal").put(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]), body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_wrong_method_is_405_with_allow(api, demo) -> None:
    client = api("focal")
    response = client.post(reverse("api:campaigns"))
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json()["error"]["code"] == "method_not_allowed"
    response = client.get(reverse("api:node_inputs", args=[demo.pk, "7.1.3"]))
    assert response.status_code == 405
    assert response["Allow"] == "PATCH, PUT"


def test_unknown_api_address_is_a_json_404(client, demo) -> None:
    for url in ["/api/v1/nothing", "/api/v2/campaigns", "/api/v1/assessments/abc"]:
        response = client.post(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_unexpected_error_is_a_json_500(api, demo, monkeypatch) -> None:
    from parindex.web.api import views

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.selectors, "assessment_score", broken)
    response = api("focal").get(reverse("api:scorecard", args=[demo.pk]))
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"
    assert "boom" not in response.content.decode()


def test_framework_is_the_cli_export(api, demo) -> None:
    from parindex.presentation.serialize import framework_dict

    data = api("appraiser").get(urls(demo)["framework"]).json()
    assert data == framework_dict(demo.campaign.framework_version.framework())
    missing = api("admin").get(reverse("api:framework", args=["par-province-1149", "1999"]))
    assert missing.status_code == 404


def test_after_the_deadline_writes_are_403_deadline_passed(api, demo, clock) -> None:
    import datetime

    clock.now = demo.campaign.self_assessment_due + datetime.timedelta(days=1)
    response = put_rate(api("focal"), demo)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "deadline_passed"


def test_contributing_agency_writes_only_its_part(api, demo) -> None:
    # The demo assigns area 3 to Văn phòng UBND tỉnh, whose focal point is focal-vp.
    framework = demo.campaign.framework_version.framework()
    leaf = next(
        n
        for n in framework.leaves()
        if n.code.startswith("3.") and n.scored_by == "self" and n.inputs
    )
    client = api("focal-vp")
    assert client.get(reverse("api:assessment", args=[demo.pk])).json()["editable"] is True
    name = leaf.inputs[0].name
    row = InputValue.objects.filter(assessment=demo, node_code=leaf.code, input_name=name).first()
    body = {
        "values": {name: row.value if row else ""},
        "versions": {name: row.version if row else 0},
    }
    own = client.patch(
        reverse("api:node_inputs", args=[demo.pk, leaf.code]),
        json.dumps(body),
        content_type="application/json",
    )
    assert own.status_code == 200, own.content
    assert put_rate(client, demo).status_code == 403  # 7.1.3: Sở Thông tin và Truyền thông's
    assert put_rate(api("focal-stttt"), demo).status_code == 200


def test_values_of_the_wrong_type_are_400_all_at_once(api, demo) -> None:
    response = api("focal").patch(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        json.dumps({"values": {"rate": [90]}, "versions": {"rate": -1}, "comment": 5}),
        content_type="application/json",
    )
    assert response.status_code == 400
    found = {
        (d.get("input") or d.get("field"), d["code"]) for d in response.json()["error"]["details"]
    }
    assert found == {("rate", "bad_type"), ("rate", "bad_version"), ("comment", "bad_type")}
