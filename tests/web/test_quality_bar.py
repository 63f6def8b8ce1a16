"""Issue 3's quality bar, across pages: every persona gets the exact answer the permission
rules give (assessments/permissions.py) on every assessment page and workflow action, a refusal
changes nothing, and a password reset goes all the way from the e-mail to a working new
password. Plans, dashboards, surveys, evidence, dossiers and the API: test_quality_bar_staff.py.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from matrix import PERSONAS, Row, mismatches

from parindex.web.assessments.models import AssessmentStatus as S
from parindex.web.assessments.services.appraisal import item_appraise
from parindex.web.organisations.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client, as_user):
    """A client logged in as the persona (``anonymous``: not logged in)."""
    return lambda name: client if name == "anonymous" else as_user(name)


def _url(name: str, *args) -> str:
    return reverse(f"assessments:{name}", args=args)


# Columns (matrix.HEADINGS): adm sec foc hea app vie snv stp vp  stc stt skh out nob ano
#  whole view: admin, secretariat (Sở Nội vụ of the organising province), the province's focal
#  point, head and viewer, the assigned appraiser; contributing agencies (focal-snv: areas
#  1, 4, 5; focal-stp: 2; focal-vp: 3, so 3.4.1; focal-stc: 6; …) see their areas only;
#  outsider (Yên Bái) and nobody see nothing (404); anonymous goes to the login page.
ALL = "200 200 200 200 200 200 200 200 200 200 200 200 404 404 LOG"
COUNCIL_PAGE = "200 200 403 403 200 403 403 403 403 403 403 403 404 404 LOG"
SECRETARIAT_PAGE = "200 200 403 403 403 403 403 403 403 403 403 403 404 404 LOG"
CAMPAIGN_PAGE = "200 200 404 404 404 404 404 404 404 404 404 404 404 404 LOG"
#: a write by the secretariat only, on an assessment everyone listed above sees
SECRETARIAT_ACT = "302 302 403 403 403 403 403 403 403 403 403 403 404 404 LOG"
#: a write on a campaign: not the secretariat, the campaign does not exist (404)
CAMPAIGN_ACT = "302 302 404 404 404 404 404 404 404 404 404 404 404 404 LOG"
#: 3.4.1 is prepared by the unit's focal point and by Văn phòng UBND (area 3)
EDIT_341 = "302 403 302 403 403 403 403 403 302 403 403 403 404 404 LOG"
APPRAISE = "302 403 403 403 302 403 403 403 403 403 403 403 404 404 LOG"


def rows_draft(demo, users) -> list[Row]:
    a, c = demo.pk, demo.campaign_id
    future = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    agency = Unit.objects.get(code="10.SKHCN")
    appraiser = users["appraiser"].pk
    inputs = {
        "on_time": "185.443",
        "total": "185.443",
        "version-on_time": "1",
        "version-total": "1",
    }
    return [
        Row("get", _url("detail", a), ALL),
        Row(
            "get",
            _url("item_history", a, "3.4.1"),
            "200 200 200 200 200 200 403 403 200 403 403 403 404 404 LOG",
        ),
        Row("get", _url("appraisal", a), COUNCIL_PAGE),
        # the unit's preparers answer returned items; the council reads them
        Row(
            "get",
            _url("returned", a),
            "200 200 200 403 200 403 200 200 200 200 200 200 404 404 LOG",
        ),
        Row("get", _url("finalise", a), SECRETARIAT_PAGE),
        Row(
            "get", _url("appeals", a), "200 200 200 200 403 403 403 403 403 403 403 403 404 404 LOG"
        ),
        Row("get", _url("export", a), ALL),
        Row("get", _url("publish", c), CAMPAIGN_PAGE),
        Row("get", _url("ranking", c), CAMPAIGN_PAGE),  # private until publication
        Row("get", _url("ranking_export", c), CAMPAIGN_PAGE),
        Row("get", _url("campaign_manage", c), CAMPAIGN_PAGE),
        Row("post", _url("node_update", a, "3.4.1"), EDIT_341, inputs),
        Row(
            "post", _url("submit", a), "302 403 302 403 403 403 403 403 403 403 403 403 404 404 LOG"
        ),
        Row(
            "post",
            _url("reopen", a),
            SECRETARIAT_ACT,
            {"until": future, "node_code": "", "message": "Mở lại để bổ sung"},
        ),
        Row(
            "post",
            _url("appeal_file", a),
            "302 403 302 302 403 403 403 403 403 403 403 403 404 404 LOG",
            {"node_code": "3.4.1", "reason": "Đề nghị xem lại"},
        ),
        Row(
            "post",
            _url("appeal_decide", a, "3.4.1"),
            SECRETARIAT_ACT,
            {"decision": "accept", "answer": "Đồng ý"},
        ),
        Row("post", _url("publish", c), CAMPAIGN_ACT),
        Row("post", _url("campaign_units_add", c), CAMPAIGN_ACT, {"units": [agency.pk]}),
        Row(
            "post",
            _url("campaign_contribution", c),
            CAMPAIGN_ACT,
            {"assessment": a, "node_code": "2", "unit": agency.pk},
        ),
        Row(
            "post",
            _url("campaign_contribution_remove", c),
            CAMPAIGN_ACT,
            {"assessment": a, "node_code": "2"},
        ),
        Row(
            "post",
            _url("campaign_appraiser_unit", c),
            CAMPAIGN_ACT,
            {"assessment": a, "appraiser": appraiser},
        ),
        Row(
            "post",
            _url("campaign_appraiser_unit_remove", c),
            CAMPAIGN_ACT,
            {"assessment": a, "appraiser": appraiser},
        ),
        Row(
            "post",
            _url("campaign_appraiser_area", c),
            CAMPAIGN_ACT,
            {"node_code": "1", "appraiser": appraiser},
        ),
        Row(
            "post",
            _url("campaign_appraiser_area_remove", c),
            CAMPAIGN_ACT,
            {"node_code": "1", "appraiser": appraiser},
        ),
    ]


def rows_pending(demo, users) -> list[Row]:
    head_only = "302 403 403 302 403 403 403 403 403 403 403 403 404 404 LOG"
    return [
        Row("post", _url("confirm", demo.pk), head_only),
        Row("post", _url("send_back", demo.pk), head_only, {"message": "Bổ sung số liệu"}),
    ]


def rows_submitted(demo, users) -> list[Row]:
    return [Row("post", _url("appraisal_start", demo.pk), SECRETARIAT_ACT)]


def rows_appraising(demo, users) -> list[Row]:
    a = demo.pk
    return [
        Row("get", _url("detail", a), ALL),
        Row("get", _url("appraisal", a), COUNCIL_PAGE),
        Row("get", _url("finalise", a), SECRETARIAT_PAGE),
        # the assigned appraiser (and an administrator) appraises; the secretariat organises
        Row(
            "post",
            _url("item_appraise", a, "3.4.1"),
            APPRAISE,
            {"decision": "accept", "version": "0"},
        ),
        Row(
            "post",
            _url("item_appraise", a, "3.4.1"),
            APPRAISE,
            {"decision": "return", "reason": "Thiếu báo cáo", "version": "0"},
        ),
        Row("post", _url("finalise", a), SECRETARIAT_ACT),
    ]


def rows_returned(demo, users) -> list[Row]:
    a = demo.pk
    return [
        Row(
            "get",
            _url("returned", a),
            "200 200 200 403 200 403 200 200 200 200 200 200 404 404 LOG",
        ),
        Row(
            "post",
            _url("item_explain", a, "3.4.1"),
            EDIT_341,
            {"explanation": "Đã bổ sung báo cáo", "version": "0"},
        ),
    ]


STATES = {
    "draft": (None, rows_draft),
    "pending": (S.PENDING, rows_pending),
    "submitted": (S.SUBMITTED, rows_submitted),
    "appraising": (S.APPRAISING, rows_appraising),
    "returned": (S.APPRAISING, rows_returned),
}


@pytest.fixture
def at_state(demo, users, no_gaps, advance):
    """The demo moved to a matrix state (``returned``: 3.4.1 returned by the appraiser)."""

    def move(state: str):
        status = STATES[state][0]
        if status is not None:
            advance(demo, status)
        if state == "returned":
            item_appraise(
                assessment=demo,
                node_code="3.4.1",
                decision="return",
                reason="Thiếu báo cáo",
                actor=users["appraiser"],
            )
        demo.refresh_from_db()
        return demo

    return move


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_assessment_pages_and_actions_answer_exactly(
    persona, state, at_state, users, client_for
) -> None:
    demo = at_state(state)
    rows = STATES[state][1](demo, users)
    found = mismatches(client_for, rows, persona, watched=[demo, demo.campaign])
    assert not found, "\n".join(found)


def test_password_reset_from_the_email_link_to_a_working_password(client, users) -> None:
    users["focal"].email = "focal@laocai.gov.vn"
    users["focal"].save()
    client.post(reverse("accounts:password_reset"), {"email": "focal@laocai.gov.vn"})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200 and 'name="new_password1"' in form_page.content.decode()
    new = "Mật-khẩu-mới-2026!"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    client.logout()
    assert client.login(username="focal", password=new)
    # the link works once
    again = client.get(link.group(1), follow=True).content.decode()
    assert 'name="new_password1"' not in again


def test_password_reset_does_not_reveal_whether_an_address_exists(client, users) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "ai-do@example.vn"})
    assert response.status_code == 302  # same answer as for a known address
    assert mail.outbox == []


def test_tampered_reset_link_is_refused(client, users) -> None:
    users["focal"].email = "focal@laocai.gov.vn"
    users["focal"].save()
    client.post(reverse("accounts:password_reset"), {"email": "focal@laocai.gov.vn"})
    path = re.search(r"(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    forged = path.rstrip("/")[:-3] + "xyz/"
    page = client.get(forged, follow=True).content.decode()
    assert 'name="new_password1"' not in page
