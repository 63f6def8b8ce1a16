"""Evidence pages through real URLs: uploads and their abuse, escaping, downloads, the
permission matrix of every view, and the panel other pages include."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from test_evidence_files import ALLOWED, exe_bytes, html_bytes, pdf_bytes

from parindex.web.assessments.models import ItemAppraisal
from parindex.web.audit.models import AuditEvent
from parindex.web.evidence import services
from parindex.web.evidence.models import Document, DocumentVersion, EvidenceLink, Explanation

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def url(name: str, *args) -> str:
    return reverse(f"evidence:{name}", args=args)


def post_file(client, target: str, data: bytes, name: str, **fields):
    return client.post(target, {"file": SimpleUploadedFile(name, data), **fields})


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def message_texts(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def linked(demo, users) -> DocumentVersion:
    """A PDF of the province linked to 3.4.1 of the demo assessment."""
    return services.document_upload(
        unit=demo.unit,
        title="Báo cáo",
        file=io.BytesIO(pdf_bytes()),
        original_name="bao-cao.pdf",
        actor=users["focal"],
        assessment=demo,
        node_code="3.4.1",
    )


@pytest.fixture
def unlinked(demo, users) -> DocumentVersion:
    """A PDF of the province's library, linked nowhere."""
    return services.document_upload(
        unit=demo.unit,
        title="Kế hoạch",
        file=io.BytesIO(pdf_bytes("plan")),
        original_name="ke-hoach.pdf",
        actor=users["focal"],
    )


# Uploads -------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "make"), ALLOWED)
def test_focal_point_uploads_each_allowed_type(as_user, demo, media, code, make):
    data = make()
    response = post_file(
        as_user("focal"), url("upload", demo.pk, "3.4.1"), data, f"tep.{code}", note="ghi chú"
    )
    assert response.status_code == 302
    assert response.url.endswith("#ev-3-4-1")
    link = EvidenceLink.objects.get(assessment=demo, node_code="3.4.1")
    assert link.version.file_kind == code
    assert link.version.sha256 == hashlib.sha256(data).hexdigest()
    assert link.note == "ghi chú"
    assert len(stored_files(media)) == 1


def test_upload_returns_to_the_page_it_came_from(as_user, demo):
    page = f"{reverse('assessments:detail', args=[demo.pk])}#n-3-4-1"
    response = post_file(
        as_user("focal"), url("upload", demo.pk, "3.4.1"), pdf_bytes(), "a.pdf", next=page
    )
    assert response.url == page
    external = post_file(
        as_user("focal"),
        url("upload", demo.pk, "3.4.1"),
        pdf_bytes(),
        "b.pdf",
        next="https://evil.example/",
    )
    assert external.url.startswith(url("assessment", demo.pk))


def test_oversized_upload_is_refused_with_the_limit_and_nothing_stored(
    as_user, demo, media, settings
):
    settings.PARINDEX_EVIDENCE_MAX_BYTES = 2 * 1024 * 1024
    big = pdf_bytes("x" * (3 * 1024 * 1024))
    response = post_file(as_user("focal"), url("upload", demo.pk, "3.4.1"), big, "to.pdf")
    assert response.status_code == 302
    follow = as_user("focal").get(response.url)
    assert any("tối đa 2 MB" in text for text in message_texts(follow))
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_oversized_upload_by_htmx_shows_the_error_in_the_panel(as_user, demo, settings):
    settings.PARINDEX_EVIDENCE_MAX_BYTES = 1024
    response = as_user("focal").post(
        url("upload", demo.pk, "3.4.1"),
        {"file": SimpleUploadedFile("to.pdf", pdf_bytes("x" * 4096))},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp vượt quá dung lượng cho phép (tối đa 0,001 MB)" in html
    assert not Document.objects.exists()


@pytest.mark.parametrize("make", [exe_bytes, html_bytes], ids=["exe", "html"])
def test_executable_or_html_renamed_pdf_is_refused(as_user, demo, media, make):
    response = as_user("focal").post(
        url("upload", demo.pk, "3.4.1"),
        {"file": SimpleUploadedFile("bao-cao.pdf", make())},
        **HTMX,
    )
    assert "Định dạng tệp không được chấp nhận" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_pdf_renamed_xlsx_is_stored_as_pdf_and_downloads_as_pdf(as_user, demo):
    post_file(as_user("focal"), url("upload", demo.pk, "3.4.1"), pdf_bytes(), "so-lieu.xlsx")
    version = DocumentVersion.objects.get()
    assert version.file_kind == "pdf"
    response = as_user("focal").get(url("download", version.pk))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="so-lieu.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "kept"),
    [("../../etc/passwd.pdf", "passwd.pdf"), ("bao\x00cao.pdf", "baocao.pdf")],
)
def test_path_tricks_and_nul_in_names_are_neutralised(as_user, demo, media, name, kept):
    post_file(as_user("focal"), url("upload", demo.pk, "3.4.1"), pdf_bytes(), name)
    version = DocumentVersion.objects.get()
    assert version.original_name == kept
    assert ".." not in version.blob and "\x00" not in version.blob
    assert all(str(p).startswith(str(media)) for p in stored_files(media))


def test_html_in_names_notes_and_explanations_is_escaped(as_user, demo):
    client = as_user("focal")
    post_file(
        client,
        url("upload", demo.pk, "3.4.1"),
        pdf_bytes(),
        f"{SCRIPT}.pdf",
        title=SCRIPT,
        note=SCRIPT,
    )
    client.post(url("explain", demo.pk, "3.4.1"), {"text": SCRIPT, "version": "0"})
    for page in [url("assessment", demo.pk), url("library", demo.unit_id)]:
        html = client.get(page).content.decode()
        assert SCRIPT not in html
        assert ESCAPED in html
    html = as_user("appraiser").get(url("assessment", demo.pk)).content.decode()
    assert SCRIPT not in html and ESCAPED in html


# Citations, links, explanations, versions, withdrawal --------------------------------


def test_citation_through_htmx_and_its_validation_message(as_user, demo):
    client = as_user("focal")
    bad = client.post(
        url("cite", demo.pk, "1.R"),
        {"number": "114 BC", "issued_on": "2020-12-10", "issuer": "UBND", "title": "Báo cáo"},
        **HTMX,
    )
    assert "không đúng dạng" in bad.content.decode()
    assert 'value="114 BC"' in bad.content.decode()
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    late = client.post(
        url("cite", demo.pk, "1.R"),
        {"number": "114/BC-UBND", "issued_on": future, "issuer": "UBND", "title": "Báo cáo"},
        **HTMX,
    )
    assert "không được sau ngày hôm nay" in late.content.decode()
    good = client.post(
        url("cite", demo.pk, "1.R"),
        {"number": "114/BC-UBND", "issued_on": "10/12/2020", "issuer": "UBND", "title": "BC"},
        **HTMX,
    )
    assert "114/BC-UBND" in good.content.decode()
    assert EvidenceLink.objects.get(node_code="1.R").document.issued_on == datetime.date(
        2020, 12, 10
    )


def test_link_an_existing_document_and_unlink_it(as_user, demo, unlinked):
    client = as_user("focal")
    response = client.post(
        url("link", demo.pk, "3.4.2"), {"document": unlinked.document_id, "note": "n"}, **HTMX
    )
    assert "Kế hoạch" in response.content.decode()
    link = EvidenceLink.objects.get(assessment=demo, node_code="3.4.2")
    client.post(url("unlink", demo.pk, link.pk), **HTMX)
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()
    assert Document.objects.filter(pk=unlinked.document_id).exists()


def test_cannot_link_another_units_document(as_user, demo, users):
    other = Document.objects.create(unit=users["outsider"].unit, kind="citation", title="x")
    DocumentVersion.objects.create(document=other, number=1)
    response = as_user("focal").post(url("link", demo.pk, "3.4.1"), {"document": other.pk})
    assert response.status_code == 404
    assert not EvidenceLink.objects.exists()


def test_explanation_form_keeps_versions_and_reports_a_conflict(as_user, demo):
    client = as_user("focal")
    client.post(url("explain", demo.pk, "8.2"), {"text": "Lần 1", "version": "0"}, **HTMX)
    stale = client.post(url("explain", demo.pk, "8.2"), {"text": "Khác", "version": "0"}, **HTMX)
    assert "Người khác vừa lưu giải trình" in stale.content.decode()
    assert "Lần 1" in stale.content.decode()
    client.post(url("explain", demo.pk, "8.2"), {"text": "Lần 2", "version": "1"}, **HTMX)
    rows = Explanation.objects.filter(assessment=demo, node_code="8.2").order_by("version")
    assert [r.text for r in rows] == ["Lần 1", "Lần 2"]


def test_a_refused_explanation_shows_the_text_typed_again(as_user, demo):
    typed = "Giải trình " + "x" * 4000
    response = as_user("focal").post(
        url("explain", demo.pk, "8.2"), {"text": typed, "version": "0"}, **HTMX
    )
    assert response.context["error"].startswith("Nội dung giải trình:")
    assert response.context["explanation_text"] == typed
    assert not Explanation.objects.filter(assessment=demo, node_code="8.2").exists()


def test_new_version_from_the_panel_and_withdrawal_keep_the_history(as_user, demo, linked):
    client = as_user("focal")
    response = client.post(
        url("version", linked.document_id),
        {
            "file": SimpleUploadedFile("v2.pdf", pdf_bytes("v2")),
            "assessment": demo.pk,
            "code": "3.4.1",
        },
    )
    assert response.status_code == 302
    assert linked.document.versions.count() == 2
    assert EvidenceLink.objects.get(node_code="3.4.1").version.number == 2
    html = client.post(
        url("withdraw", linked.document_id),
        {"reason": "Sai năm", "assessment": demo.pk, "code": "3.4.1"},
        **HTMX,
    ).content.decode()
    assert "Đã thu hồi" in html and "Sai năm" in html
    assert "Chưa có tài liệu" in html
    assert client.get(url("download", linked.pk)).status_code == 200


def test_reuse_from_last_year_button(as_user, demo, users, linked):
    from parindex.web.assessments.models import Assessment
    from parindex.web.assessments.services.campaigns import campaign_create

    campaign = campaign_create(
        name="2021",
        framework_version=demo.campaign.framework_version,
        year=2021,
        organiser=demo.campaign.organiser,
        units=[demo.unit],
    )
    next_year = Assessment.objects.get(campaign=campaign)
    response = as_user("focal").post(url("reuse", next_year.pk), follow=True)
    assert any("1 tài liệu" in text for text in message_texts(response))
    assert EvidenceLink.objects.filter(assessment=next_year, node_code="3.4.1").exists()


# Downloads -----------------------------------------------------------------------------


def test_download_headers(as_user, demo, users):
    version = services.document_upload(
        unit=demo.unit,
        title="Báo cáo",
        file=io.BytesIO(pdf_bytes()),
        original_name='Báo cáo "số 1"<b>.pdf',
        actor=users["focal"],
        assessment=demo,
        node_code="3.4.1",
    )
    response = as_user("appraiser").get(url("download", version.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''" in disposition
    assert "<b>" not in disposition and '"số' not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]


def test_citation_has_nothing_to_download(as_user, demo, users):
    version = services.document_cite(
        unit=demo.unit,
        number="1/KH-UBND",
        issued_on=datetime.date(2020, 1, 5),
        issuer="UBND",
        title="Kế hoạch",
        actor=users["focal"],
    )
    response = as_user("focal").get(url("download", version.pk))
    assert response.status_code == 404
    assert not response.has_header("Content-Disposition")
    assert response["Content-Type"].startswith("text/html")


# The permission matrix -----------------------------------------------------------------

READERS = ["admin", "secretariat", "focal", "head", "appraiser", "viewer"]
STRANGERS = ["outsider", "nobody"]


@pytest.mark.parametrize("persona", READERS + STRANGERS)
def test_matrix_assessment_page_and_panel(as_user, demo, persona):
    expected = 200 if persona in READERS else 404
    client = as_user(persona)
    for response, shown in [
        (
            client.get(url("assessment", demo.pk)),
            "<h1>Tài liệu kiểm chứng: Tỉnh Lào Cai · 2020</h1>",
        ),
        (client.get(url("node", demo.pk, "3.4.1")), "<h1>Tỉnh Lào Cai · 2020</h1>"),
        (client.get(url("node", demo.pk, "3.4.1"), **HTMX), "Tài liệu kiểm chứng · 3.4.1"),
    ]:
        assert response.status_code == expected
        assert (shown in response.content.decode()) is (expected == 200), shown


@pytest.mark.parametrize(("persona", "linked"), [("focal", True), ("appraiser", False)])
def test_the_assessment_page_links_the_library_only_for_those_who_may_open_it(
    as_user, demo, persona, linked
):
    client = as_user(persona)
    library = url("library", demo.unit_id)
    page = client.get(url("assessment", demo.pk)).content.decode()
    assert (f'<a href="{library}">Thư viện tài liệu của đơn vị</a>' in page) is linked
    assert client.get(library).status_code == (200 if linked else 404)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", 302),
        ("focal", 302),
        ("secretariat", 403),
        ("head", 403),
        ("appraiser", 403),
        ("viewer", 403),
        ("outsider", 404),
        ("nobody", 404),
    ],
)
def test_matrix_node_actions(as_user, demo, linked, unlinked, persona, expected):
    client = as_user(persona)
    link = EvidenceLink.objects.get(node_code="3.4.1")
    before = (Document.objects.count(), EvidenceLink.objects.count(), Explanation.objects.count())
    responses = [
        post_file(client, url("upload", demo.pk, "3.4.2"), pdf_bytes("m"), "m.pdf"),
        client.post(
            url("cite", demo.pk, "3.4.2"),
            {"number": "5/BC-UBND", "issued_on": "2020-01-01", "issuer": "U", "title": "T"},
        ),
        client.post(url("link", demo.pk, "3.4.3"), {"document": unlinked.document_id}),
        client.post(url("explain", demo.pk, "8.2"), {"text": "x", "version": "0"}),
        client.post(url("unlink", demo.pk, link.pk)),
        client.post(url("reuse", demo.pk)),
    ]
    assert [r.status_code for r in responses] == [expected] * len(responses)
    after = (Document.objects.count(), EvidenceLink.objects.count(), Explanation.objects.count())
    if expected != 302:
        assert after == before


@pytest.mark.parametrize(
    ("persona", "page", "download_linked", "download_unlinked", "change"),
    [
        ("admin", 200, 200, 200, 302),
        ("focal", 200, 200, 200, 302),
        ("head", 200, 200, 200, 403),
        ("viewer", 200, 200, 200, 403),
        ("secretariat", 404, 200, 404, 403),
        ("appraiser", 404, 200, 404, 403),
        ("outsider", 404, 404, 404, 404),
        ("nobody", 404, 404, 404, 404),
    ],
)
def test_matrix_library_downloads_and_document_changes(
    as_user, demo, linked, unlinked, persona, page, download_linked, download_unlinked, change
):
    client = as_user(persona)
    assert client.get(url("library", demo.unit_id)).status_code == page
    assert client.get(url("download", linked.pk)).status_code == download_linked
    assert client.get(url("download", unlinked.pk)).status_code == download_unlinked
    version = post_file(client, url("version", linked.document_id), pdf_bytes("v2"), "v2.pdf")
    withdraw = client.post(url("withdraw", linked.document_id), {"reason": "r"})
    assert (version.status_code, withdraw.status_code) == (change, change)
    library_upload = post_file(client, url("library_upload", demo.unit_id), pdf_bytes("l"), "l.pdf")
    library_cite = client.post(
        url("library_cite", demo.unit_id),
        {"number": "5/BC-UBND", "issued_on": "2020-01-01", "issuer": "U", "title": "T"},
    )
    library_change = 302 if change == 302 else (403 if page == 200 else 404)
    assert (library_upload.status_code, library_cite.status_code) == (
        library_change,
        library_change,
    )
    withdrawn = Document.objects.get(pk=linked.document_id).is_withdrawn
    assert withdrawn == (change == 302)


def test_anonymous_is_sent_to_login(client, demo, linked):
    for target in [url("assessment", demo.pk), url("download", linked.pk)]:
        response = client.get(target)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert client.post(url("upload", demo.pk, "3.4.1")).status_code == 302
    assert not AuditEvent.objects.filter(action="evidence.upload", actor=None).exists()


def test_views_write_audit_events_with_the_user(as_user, demo, users):
    client = as_user("focal")
    post_file(client, url("upload", demo.pk, "3.4.1"), pdf_bytes(), "a.pdf")
    client.post(url("explain", demo.pk, "3.4.1"), {"text": "x", "version": "0"})
    actions = set(
        AuditEvent.objects.filter(actor=users["focal"], action__contains=".").values_list(
            "action", flat=True
        )
    )
    assert {"evidence.upload", "evidence.link", "explanation.set"} <= actions


# The panel other pages include --------------------------------------------------------


def test_the_include_renders_the_panel_from_assessment_and_code(demo, users, linked):
    request = RequestFactory().get("/assessments/1/")
    request.user = users["appraiser"]
    html = Template('{% include "evidence/_node_evidence.html" %}').render(
        Context({"assessment": demo, "code": "3.4.1", "request": request})
    )
    assert 'id="ev-3-4-1"' in html
    assert "bao-cao.pdf" in html
    assert url("download", linked.pk) in html
    assert "<form" not in html  # an appraiser reads; no forms


def test_the_include_shows_nothing_to_someone_who_cannot_see_the_assessment(demo, users):
    request = RequestFactory().get("/")
    request.user = users["outsider"]
    html = Template('{% include "evidence/_node_evidence.html" %}').render(
        Context({"assessment": demo, "code": "3.4.1", "request": request})
    )
    assert html.strip() == ""


def _queries(client, target: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(target).status_code == 200
    return len(captured)


def test_evidence_pages_query_counts_do_not_grow_with_the_number_of_documents(as_user, demo, users):
    client = as_user("focal")
    pages = [url("assessment", demo.pk), url("library", demo.unit_id)]
    codes = ["3.4.1", "3.4.2", "3.4.3", "6.1.1", "6.1.3", "7.1.3"]

    def attach(code: str) -> None:
        version = services.document_upload(
            unit=demo.unit,
            title=code,
            file=io.BytesIO(pdf_bytes(code)),
            original_name=f"{code}.pdf",
            actor=users["focal"],
            assessment=demo,
            node_code=code,
        )
        services.document_version_add(
            document=version.document,
            file=io.BytesIO(pdf_bytes(code + "v2")),
            original_name=f"{code}-v2.pdf",
            actor=users["focal"],
            assessment=demo,
        )
        services.explanation_set(
            assessment=demo, node_code=code, text="x", version=0, actor=users["focal"]
        )

    attach(codes[0])
    for page in pages:
        client.get(page)  # warm the framework cache
    few = [_queries(client, page) for page in pages]
    for code in codes[1:]:
        attach(code)
    assert [_queries(client, page) for page in pages] == few
    assert few[0] <= 20


def test_a_contributing_agency_attaches_evidence_only_to_its_areas(client, demo, users):
    agency = users.get("focal-stc")  # Sở Tài chính prepares area 6 in the demo
    if agency is None:
        pytest.skip("the demo has no contributing agencies")
    client.force_login(agency)
    own = post_file(client, url("upload", demo.pk, "6.1.1"), pdf_bytes("6"), "6.pdf")
    other = post_file(client, url("upload", demo.pk, "3.4.1"), pdf_bytes("3"), "3.pdf")
    assert (own.status_code, other.status_code) == (302, 403)
    assert client.post(url("reuse", demo.pk)).status_code == 403
    assert list(EvidenceLink.objects.values_list("node_code", flat=True)) == ["6.1.1"]
    html = client.get(url("assessment", demo.pk)).content.decode()
    assert url("upload", demo.pk, "6.1.1") in html
    assert url("upload", demo.pk, "3.4.1") not in html


def test_upload_without_a_csrf_token_is_refused(demo, users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["focal"])
    response = post_file(client, url("upload", demo.pk, "3.4.1"), pdf_bytes(), "a.pdf")
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_the_panel_and_its_messages_are_translated_to_english(as_user, demo, settings):
    settings.PARINDEX_EVIDENCE_MAX_BYTES = 2 * 1024 * 1024
    client = as_user("focal")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url("node", demo.pk, "3.4.1")).content.decode()
    assert "Upload a file" in html and "at most 2 MB" in html
    response = client.post(
        url("upload", demo.pk, "3.4.1"),
        {"file": SimpleUploadedFile("a.pdf", exe_bytes())},
        **HTMX,
    )
    assert "File type not accepted" in response.content.decode()


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [("returned", "3.4.1", 302), ("returned", "6.1.1", 403), ("submitted", "3.4.1", 403)],
)
def test_explanations_stay_open_in_the_explanation_round_only(
    as_user, demo, users, status, code, expected
):
    """In the explanation round only the returned item (3.4.1 here) is explained."""
    type(demo).objects.filter(pk=demo.pk).update(status=status)
    ItemAppraisal.objects.create(
        assessment=demo,
        node_code="3.4.1",
        decision="return",
        points=0,
        reason="Thiếu tài liệu",
        appraised_by=users["appraiser"],
        updated_at=timezone.now(),
    )
    response = as_user("focal").post(url("explain", demo.pk, code), {"text": "x"})
    assert response.status_code == expected
    assert Explanation.objects.exists() == (expected == 302)
