"""The explanation round unlocks only the returned items: services refuse changes to the
others (the database unchanged), the views answer 403, and the pages hide their controls."""

from __future__ import annotations

import io
import re

import pytest
from dbstate import assert_unchanged
from django.urls import reverse
from test_evidence_files import pdf_bytes

from parindex.web.assessments import permissions
from parindex.web.assessments.models import Assessment, AssessmentStatus, ItemAppraisal
from parindex.web.assessments.services.appraisal import item_appraise
from parindex.web.assessments.services.workflow import self_leaves
from parindex.web.evidence import services
from parindex.web.evidence.models import Document, EvidenceLink, Explanation
from parindex.web.evidence.services import EvidenceError

pytestmark = pytest.mark.django_db

RETURNED = "7.1.3"
ACCEPTED = "3.4.1"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def report(demo, users):
    """A PDF of the province linked to the accepted item and to the returned one."""
    version = services.document_upload(
        unit=demo.unit,
        title="Báo cáo năm",
        file=io.BytesIO(pdf_bytes()),
        original_name="bao-cao.pdf",
        actor=users["focal"],
        assessment=demo,
        node_code=ACCEPTED,
    )
    services.evidence_link(
        assessment=demo, node_code=RETURNED, version=version, actor=users["focal"]
    )
    return version


@pytest.fixture
def returned(demo, advance, users, report) -> Assessment:
    """Appraised: 7.1.3 returned for explanation, every other item accepted."""
    assessment = advance(demo, AssessmentStatus.APPRAISING)
    for code in self_leaves(assessment):
        decision = "return" if code == RETURNED else "accept"
        reason = "Thiếu báo cáo cả năm" if code == RETURNED else ""
        item_appraise(
            assessment=assessment,
            node_code=code,
            decision=decision,
            reason=reason,
            actor=users["appraiser"],
        )
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.RETURNED
    return assessment


def evidence_url(name: str, *args) -> str:
    return reverse(f"evidence:{name}", args=args)


# --- the rule -------------------------------------------------------------------------------


def test_open_items_by_status(demo, advance, users, report) -> None:
    assert permissions.open_items(demo) is None  # a draft: everything
    appraising = advance(demo, AssessmentStatus.APPRAISING)
    assert permissions.open_items(appraising) == frozenset()
    item_appraise(
        assessment=appraising,
        node_code=RETURNED,
        decision="return",
        reason="Thiếu",
        actor=users["appraiser"],
    )
    appraising.refresh_from_db()
    assert permissions.open_items(appraising) == frozenset({RETURNED})
    focal, head = users["focal"], users["head"]
    assert permissions.can_change_item(focal, appraising, RETURNED)
    assert not permissions.can_change_item(focal, appraising, ACCEPTED)
    assert not permissions.can_change_item(head, appraising, RETURNED)  # not a preparer


# --- services refuse, nothing changes ---------------------------------------------------------


def test_services_refuse_changes_to_an_accepted_item(returned, users, report) -> None:
    focal = users["focal"]
    link = EvidenceLink.objects.get(assessment=returned, node_code=ACCEPTED, version=report)
    refusals = [
        lambda: services.explanation_set(
            assessment=returned, node_code=ACCEPTED, text="Bổ sung", version=0, actor=focal
        ),
        lambda: services.evidence_unlink(link=link, actor=focal),
        lambda: services.document_cite(
            unit=returned.unit,
            number="5/BC-UBND",
            issued_on=report.uploaded_at.date(),
            issuer="UBND tỉnh",
            title="Báo cáo",
            actor=focal,
            assessment=returned,
            node_code=ACCEPTED,
        ),
    ]
    for refused in refusals:
        with assert_unchanged(returned, link), pytest.raises(EvidenceError) as error:
            refused()
        assert (error.value.code, error.value.params) == ("item_locked", {"node": ACCEPTED})


def test_services_allow_the_returned_item(returned, users, report) -> None:
    focal = users["focal"]
    row = services.explanation_set(
        assessment=returned, node_code=RETURNED, text="Đã bổ sung báo cáo", version=0, actor=focal
    )
    assert (row.node_code, row.version, row.text) == (RETURNED, 1, "Đã bổ sung báo cáo")
    link = EvidenceLink.objects.get(assessment=returned, node_code=RETURNED, version=report)
    services.evidence_unlink(link=link, actor=focal)
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()


def test_a_new_version_moves_only_the_returned_items_link(returned, users, report) -> None:
    version = services.document_version_add(
        document=report.document,
        file=io.BytesIO(pdf_bytes("v2")),
        original_name="bao-cao-2.pdf",
        actor=users["focal"],
        assessment=returned,
    )
    numbers = dict(
        EvidenceLink.objects.filter(
            assessment=returned, node_code__in=[ACCEPTED, RETURNED]
        ).values_list("node_code", "version__number")
    )
    assert version.number == 2
    assert numbers == {ACCEPTED: 1, RETURNED: 2}


def test_withdrawing_a_document_behind_an_accepted_item_is_refused(returned, users, report):
    document = Document.objects.get(pk=report.document_id)
    with assert_unchanged(returned, document), pytest.raises(EvidenceError) as error:
        services.document_withdraw(document=document, reason="Nhầm", actor=users["focal"])
    assert (error.value.code, error.value.params) == ("linked_locked", {"node": ACCEPTED})


# --- views answer 403 for the accepted item, work for the returned one ----------------------


def test_evidence_views_refuse_the_accepted_item(as_user, returned, report) -> None:
    client = as_user("focal")
    link = EvidenceLink.objects.get(assessment=returned, node_code=ACCEPTED, version=report)
    posts = [
        (evidence_url("explain", returned.pk, ACCEPTED), {"text": "x"}),
        (evidence_url("unlink", returned.pk, link.pk), {}),
        (
            evidence_url("cite", returned.pk, ACCEPTED),
            {"number": "5/BC-UBND", "issued_on": "2020-01-01", "issuer": "U", "title": "T"},
        ),
        (evidence_url("upload", returned.pk, ACCEPTED), {"file": io.BytesIO(pdf_bytes("x"))}),
    ]
    for target, data in posts:
        with assert_unchanged(returned, link):
            assert client.post(target, data).status_code == 403


def test_returned_item_is_answered_with_evidence_on_one_page(as_user, returned) -> None:
    client = as_user("focal")
    page = reverse("assessments:returned", args=[returned.pk])
    html = client.get(page).content.decode()
    article = html[html.index('id="n-7-1-3"') :]
    reason = article.index("Thiếu báo cáo cả năm")
    panel = article.index('id="ev-7-1-3"')
    form = article.index(reverse("assessments:item_explain", args=[returned.pk, RETURNED]))
    assert reason < panel < form  # the reason, then its evidence, then the answer
    assert evidence_url("cite", returned.pk, RETURNED) in article
    response = client.post(
        evidence_url("cite", returned.pk, RETURNED),
        {
            "number": "12/BC-UBND",
            "issued_on": "2021-01-10",
            "issuer": "UBND tỉnh Lào Cai",
            "title": "Báo cáo bổ sung",
            "next": page,
        },
    )
    assert response.status_code == 302 and response.url == page
    cited = EvidenceLink.objects.get(
        assessment=returned, node_code=RETURNED, document__number="12/BC-UBND"
    )
    assert cited.document.title == "Báo cáo bổ sung"


def _panel(html: str, code: str) -> str:
    start = html.index(f'id="ev-{code.replace(".", "-")}"')
    return html[start : html.index("</section>", start)]


def test_the_assessment_page_shows_controls_only_on_the_returned_item(as_user, returned):
    client = as_user("focal")
    html = client.get(returned.get_absolute_url()).content.decode()

    def opened(code: str) -> str:  # a row's evidence panel is folded; opening it loads it
        url = reverse("evidence:node", args=[returned.pk, code])
        assert f'hx-get="{url}"' in _panel(html, code)
        return client.get(url, HTTP_HX_REQUEST="true").content.decode()

    accepted, open_ = opened(ACCEPTED), opened(RETURNED)
    for control in ("Bỏ gắn", "Tải lên tệp", "Lưu giải trình"):
        assert control not in accepted
        assert control in open_
    # the one document also backs the accepted item: it may not be withdrawn from either
    assert "Thu hồi tài liệu" not in accepted and "Thu hồi tài liệu" not in open_
    assert "chỉ sửa được các tiêu chí bị trả lại" in html
    assert "Chỉ xem" not in html


# --- a refused answer keeps what was typed ----------------------------------------------------


def test_a_refused_explanation_keeps_the_typed_inputs(as_user, returned) -> None:
    client = as_user("focal")
    row = ItemAppraisal.objects.get(assessment=returned, node_code=RETURNED)
    target = reverse("assessments:item_explain", args=[returned.pk, RETURNED])
    long_text = "Giải trình " * 500  # 5.500 characters: over the 4.000 allowed
    with assert_unchanged(returned, row):
        response = client.post(
            target,
            {"explanation": long_text, "rate": "96", "version-rate": "1", "version": row.version},
            follow=True,
        )
    html = response.content.decode()
    assert "Nội dung giải trình dài quá 4000 ký tự" in html
    assert re.search(r'name="rate" value="96"', html)
    assert f">{long_text}</textarea>" in html
    again = client.get(reverse("assessments:returned", args=[returned.pk])).content.decode()
    assert f">{long_text}</textarea>" not in again  # shown once, then what is stored
    assert not Explanation.objects.filter(assessment=returned).exists()


def test_an_upload_to_an_accepted_item_stores_no_file(returned, users, settings) -> None:
    before = sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    with assert_unchanged(returned), pytest.raises(EvidenceError) as error:
        services.document_upload(
            unit=returned.unit,
            title="Bổ sung",
            file=io.BytesIO(pdf_bytes("late")),
            original_name="bo-sung.pdf",
            actor=users["focal"],
            assessment=returned,
            node_code=ACCEPTED,
        )
    assert error.value.code == "item_locked"
    assert sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == before


# --- withdrawing a document that also backs a locked item -----------------------------------


@pytest.fixture
def own_report(returned, users):
    """A second PDF, linked to the returned item only."""
    return services.document_upload(
        unit=returned.unit,
        title="Báo cáo bổ sung",
        file=io.BytesIO(pdf_bytes("own")),
        original_name="bo-sung.pdf",
        actor=users["focal"],
        assessment=returned,
        node_code=RETURNED,
    )


def test_the_returned_items_page_offers_no_withdrawal_of_a_document_behind_an_accepted_item(
    as_user, returned, report, own_report
) -> None:
    html = as_user("focal").get(reverse("assessments:returned", args=[returned.pk]))
    panel = _panel(html.content.decode(), RETURNED)
    shared, own = report.document_id, own_report.document_id
    assert evidence_url("withdraw", shared) not in panel
    assert (
        f"Không thu hồi được: tài liệu còn làm căn cứ cho tiêu chí {ACCEPTED} đang khoá." in panel
    )
    # a document behind the returned item alone may still be withdrawn
    assert evidence_url("withdraw", own) in panel
    assert panel.count("Thu hồi tài liệu") == 1
    assert "Bỏ gắn" in panel  # unlinking it from the returned item stays possible


def test_posting_the_withdrawal_anyway_is_refused_in_words_and_changes_nothing(
    as_user, returned, report
) -> None:
    document = Document.objects.get(pk=report.document_id)
    page = reverse("assessments:returned", args=[returned.pk])
    client = as_user("focal")
    with assert_unchanged(returned, document, Document, EvidenceLink):
        response = client.post(
            evidence_url("withdraw", document.pk),
            {"reason": "Nhầm tài liệu", "assessment": returned.pk, "code": RETURNED, "next": page},
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        f"Tài liệu đang làm căn cứ cho tiêu chí {ACCEPTED} của phiếu đã gửi; "
        "không thu hồi được khi tiêu chí đó đang bị khoá."
    ) in body
    document.refresh_from_db()
    assert document.withdrawn_at is None and document.withdrawn_reason == ""


def test_a_document_behind_the_returned_item_alone_is_withdrawn(
    returned, users, own_report
) -> None:
    document = services.document_withdraw(
        document=own_report.document, reason="Thay bằng bản đúng", actor=users["focal"]
    )
    assert document.withdrawn_at is not None
    assert Document.objects.get(pk=document.pk).withdrawn_reason == "Thay bằng bản đúng"


def test_the_library_offers_no_withdrawal_of_a_document_behind_an_accepted_item(
    as_user, returned, report, own_report
) -> None:
    html = as_user("focal").get(evidence_url("library", returned.unit_id)).content.decode()
    assert evidence_url("withdraw", report.document_id) not in html
    assert evidence_url("withdraw", own_report.document_id) in html
    assert f"tài liệu còn làm căn cứ cho tiêu chí {ACCEPTED} đang khoá" in html
