"""A contributing agency sees and writes only its areas, through every door (security review).

Sở Tài chính (``focal-stc``) prepares area 6 of Lào Cai's assessment: the write services
refuse it elsewhere, and the export, an item's history, evidence files and the API's inputs
and scorecard show it area 6 alone. The rules live in the services; the doors translate.
"""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from test_evidence_files import pdf_bytes

from parindex.web.api.services import api_token_create
from parindex.web.assessments.models import InputValue
from parindex.web.assessments.permissions import under
from parindex.web.assessments.services.errors import NotAllowedError
from parindex.web.assessments.services.inputs import assessment_input_set
from parindex.web.assessments.services.selectors import assessment_score
from parindex.web.audit.models import AuditEvent
from parindex.web.dossiers.models import AppliedIndicator
from parindex.web.dossiers.services import dossier_inputs_apply
from parindex.web.evidence.services import document_upload, evidence_link

pytestmark = pytest.mark.django_db

AREA = {"6"}  # Sở Tài chính's part of the demo


def snapshot(demo) -> tuple:
    """What a refused write must leave as it was: inputs, their versions, the audit trail."""
    inputs = sorted(
        InputValue.objects.filter(assessment=demo).values_list(
            "node_code", "input_name", "value", "version"
        )
    )
    return inputs, AuditEvent.objects.count(), AppliedIndicator.objects.count()


def api_client(client_class, users, name: str):
    _token, plain = api_token_create(user=users[name], name="test")
    return client_class(HTTP_AUTHORIZATION=f"Bearer {plain}")


def area_codes(demo, self_only: bool = False) -> list[str]:
    framework = demo.campaign.framework_version.framework()
    nodes = framework.leaves() if self_only else framework.walk()
    return [
        n.code for n in nodes if under(n.code, AREA) and (not self_only or n.scored_by == "self")
    ]


# --- writes: the services refuse -------------------------------------------------------------


def test_input_service_refuses_another_agencys_area_and_writes_nothing(demo, users) -> None:
    before = snapshot(demo)
    with pytest.raises(NotAllowedError):
        assessment_input_set(
            assessment=demo,
            node_code="7.1.3",
            values={"rate": "90"},
            versions={"rate": 1},
            actor=users["focal-stc"],
        )
    assert snapshot(demo) == before


@pytest.mark.parametrize("name", ["secretariat", "head", "viewer", "appraiser"])
def test_input_service_refuses_typing_by_anyone_but_a_preparer(name, demo, users) -> None:
    before = snapshot(demo)
    with pytest.raises(NotAllowedError):
        assessment_input_set(
            assessment=demo,
            node_code="7.1.3",
            values={"rate": "90"},
            versions={"rate": 1},
            actor=users[name],
        )
    assert snapshot(demo) == before


def test_the_secretariat_feeds_inputs_from_a_data_source(demo, users) -> None:
    result = assessment_input_set(
        assessment=demo,
        node_code="7.1.3",
        values={"rate": "90"},
        versions={"rate": 1},
        actor=users["secretariat"],
        feed=True,
    )
    assert result.changed == ["rate"] and result.versions == {"rate": 2}
    assert InputValue.objects.get(assessment=demo, node_code="7.1.3").value == "90"


@pytest.mark.parametrize("name", ["head", "viewer", "focal-vp", "appraiser"])
def test_dossier_apply_refuses_who_may_not_feed_and_writes_nothing(name, demo, users) -> None:
    before = snapshot(demo)
    with pytest.raises(NotAllowedError):
        dossier_inputs_apply(province=demo.unit, assessment=demo, versions={}, actor=users[name])
    assert snapshot(demo) == before


def test_api_refuses_another_agencys_area_and_writes_nothing(client, demo, users) -> None:
    api = api_client(type(client), users, "focal-stc")
    before = snapshot(demo)
    response = api.put(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        json.dumps({"values": {"rate": "95"}, "versions": {"rate": 1}}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert snapshot(demo) == before


# --- reads: only its areas -------------------------------------------------------------------


def test_export_holds_only_the_agencys_areas(as_user, demo) -> None:
    response = as_user("focal-stc").get(reverse("assessments:export", args=[demo.pk]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [r[0] for r in rows[2:-1]] == area_codes(demo)
    score, maximum = assessment_score(assessment=demo)["6"].part("self")
    assert rows[-1] == (None, "Tổng", float(maximum), float(score), None, None, None, None)


def test_export_of_the_provinces_focal_point_holds_everything(as_user, demo) -> None:
    response = as_user("focal").get(reverse("assessments:export", args=[demo.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    framework = demo.campaign.framework_version.framework()
    assert [r[0] for r in rows[2:-1]] == [n.code for n in framework.walk()]


def test_item_history_outside_the_agencys_areas_is_forbidden(as_user, demo) -> None:
    client = as_user("focal-stc")
    refused = client.get(reverse("assessments:item_history", args=[demo.pk, "7.1.3"]))
    assert refused.status_code == 403
    assert "7.1.3" not in refused.content.decode()
    own = client.get(reverse("assessments:item_history", args=[demo.pk, "6.1.1"]))
    assert own.status_code == 200 and "6.1.1" in own.content.decode()


def test_evidence_files_are_downloaded_only_from_the_agencys_areas(
    client, demo, users, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"

    def linked(code: str, text: str):
        version = document_upload(
            unit=demo.unit,
            title=f"Báo cáo {code}",
            file=io.BytesIO(pdf_bytes(text)),
            original_name=f"{code}.pdf",
            actor=users["focal"],
        )
        evidence_link(assessment=demo, node_code=code, version=version, actor=users["focal"])
        return reverse("evidence:download", args=[version.pk])

    own, other = linked("6.1.1", "so-tai-chinh"), linked("7.1.3", "so-thong-tin")
    client.force_login(users["focal-stc"])
    response = client.get(own)
    assert response.status_code == 200
    assert b"so-tai-chinh" in b"".join(response.streaming_content)
    assert client.get(other).status_code == 404
    client.force_login(users["secretariat"])
    assert client.get(other).status_code == 200


def test_api_inputs_list_only_the_agencys_items(client, demo, users) -> None:
    response = api_client(type(client), users, "focal-stc").get(
        reverse("api:inputs", args=[demo.pk])
    )
    assert response.status_code == 200
    body = response.json()
    assert [n["code"] for n in body["nodes"]] == area_codes(demo, self_only=True)
    assert body["editable"] is True


def test_api_scorecard_shows_only_the_agencys_areas_and_their_totals(client, demo, users) -> None:
    response = api_client(type(client), users, "focal-stc").get(
        reverse("api:scorecard", args=[demo.pk])
    )
    assert response.status_code == 200
    body = response.json()
    assert [n["code"] for n in body["nodes"]] == area_codes(demo)
    area = assessment_score(assessment=demo)["6"]
    self_score, self_max = area.part("self")
    assert body["total"] == {"score": float(area.score), "max": float(area.max)}
    assert body["self"] == {"score": float(self_score), "max": float(self_max)}


def test_api_scorecard_of_the_provinces_focal_point_is_whole(client, demo, users) -> None:
    body = (
        api_client(type(client), users, "focal")
        .get(reverse("api:scorecard", args=[demo.pk]))
        .json()
    )
    framework = demo.campaign.framework_version.framework()
    assert [n["code"] for n in body["nodes"]] == [n.code for n in framework.walk()]
    assert body["total"]["max"] == float(framework.max)
