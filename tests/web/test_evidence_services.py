"""Evidence services: uploads, citations, versions, withdrawal, links, reuse, explanations,
the submission gaps and the audit trail."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from test_evidence_files import ALLOWED, exe_bytes, html_bytes, pdf_bytes, xlsx_bytes

from parindex.web.assessments.models import Assessment
from parindex.web.assessments.services.campaigns import campaign_create
from parindex.web.audit.models import AuditEvent
from parindex.web.evidence import services
from parindex.web.evidence.models import Document, DocumentVersion, EvidenceLink, Explanation
from parindex.web.evidence.services import EvidenceError, SubmissionGap, submission_gaps

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(demo, users, data: bytes, name: str = "bao-cao.pdf", **kwargs) -> DocumentVersion:
    return services.document_upload(
        unit=demo.unit,
        title=kwargs.pop("title", "Báo cáo CCHC năm 2020"),
        file=io.BytesIO(data),
        original_name=name,
        actor=users["focal"],
        **kwargs,
    )


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize(("code", "make"), ALLOWED)
def test_upload_of_each_allowed_type_is_stored_with_its_sha256(demo, users, media, code, make):
    data = make()
    version = upload(demo, users, data, name=f"tai-lieu.{code}")
    assert version.file_kind == code
    assert version.sha256 == hashlib.sha256(data).hexdigest()
    assert version.size == len(data)
    assert version.blob == f"evidence/{version.sha256[:2]}/{version.sha256[2:4]}/{version.sha256}"
    with default_storage.open(version.blob, "rb") as f:
        assert f.read() == data
    assert version.document.unit == demo.unit


def test_same_content_twice_is_stored_once(demo, users, media):
    first = upload(demo, users, pdf_bytes())
    second = upload(demo, users, pdf_bytes(), name="khac.pdf")
    assert first.blob == second.blob
    assert len(stored_files(media)) == 1


def test_oversized_upload_is_refused_and_nothing_is_stored(demo, users, media, settings):
    settings.PARINDEX_EVIDENCE_MAX_BYTES = 100
    with pytest.raises(EvidenceError) as info:
        upload(demo, users, pdf_bytes("x" * 200))
    assert info.value.code == "too_large"
    assert info.value.params == {"limit": 100}
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_default_limit_is_20_mib(settings):
    assert services.max_bytes() == 20 * 1024 * 1024


@pytest.mark.parametrize("make", [exe_bytes, html_bytes], ids=["exe", "html"])
def test_wrong_type_disguised_as_pdf_is_refused(demo, users, media, make):
    with pytest.raises(EvidenceError) as info:
        upload(demo, users, make(), name="bao-cao.pdf")
    assert info.value.code == "bad_type"
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_pdf_named_xlsx_is_stored_as_pdf(demo, users):
    version = upload(demo, users, pdf_bytes(), name="so-lieu.xlsx")
    assert version.file_kind == "pdf"
    assert version.content_type == "application/pdf"
    assert version.original_name == "so-lieu.xlsx"
    assert services.download_name(version) == "so-lieu.pdf"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("bao\x00cao.pdf", "baocao.pdf"),
        ("/", "tai-lieu"),
        ("..", "tai-lieu"),
        ("Báo cáo\r\nsố 1.pdf", "Báo cáosố 1.pdf"),
        ("hoa-don\u202efdp.exe", "hoa-donfdp.exe"),
    ],
)
def test_path_tricks_and_control_characters_in_names_are_neutralised(name, expected):
    assert services.clean_filename(name) == expected


def test_very_long_names_are_shortened_keeping_the_extension():
    name = services.clean_filename("a" * 5000 + ".pdf")
    assert len(name) <= services.MAX_NAME
    assert name.endswith(".pdf")


def test_stored_path_never_derives_from_the_users_name(demo, users, media):
    version = upload(demo, users, pdf_bytes(), name="../../etc/passwd.pdf")
    assert ".." not in version.blob
    assert "passwd" not in version.blob
    assert all(str(p).startswith(str(media)) for p in stored_files(media))
    assert version.original_name == "passwd.pdf"


def test_new_version_keeps_the_old_ones_and_moves_the_assessments_links(demo, users):
    first = upload(demo, users, pdf_bytes("v1"), assessment=demo, node_code="3.4.1")
    second = services.document_version_add(
        document=first.document,
        file=io.BytesIO(pdf_bytes("v2")),
        original_name="bao-cao-v2.pdf",
        actor=users["focal"],
        assessment=demo,
    )
    assert second.number == 2
    assert [v.number for v in first.document.versions.order_by("number")] == [1, 2]
    assert default_storage.exists(first.blob) and default_storage.exists(second.blob)
    assert EvidenceLink.objects.get(assessment=demo, node_code="3.4.1").version == second


def test_withdraw_is_a_soft_flag_and_keeps_the_file(demo, users):
    version = upload(demo, users, pdf_bytes(), assessment=demo, node_code="3.4.1")
    services.document_withdraw(document=version.document, reason="Nhầm tệp", actor=users["focal"])
    document = Document.objects.get(pk=version.document.pk)
    assert document.is_withdrawn
    assert document.withdrawn_by == users["focal"]
    assert document.withdrawn_reason == "Nhầm tệp"
    assert default_storage.exists(version.blob)
    assert DocumentVersion.objects.filter(pk=version.pk).exists()
    with pytest.raises(EvidenceError, match="reason_required"):
        services.document_withdraw(
            document=upload(demo, users, xlsx_bytes()).document, reason=" ", actor=None
        )


def test_citation_is_validated(demo, users):
    version = services.document_cite(
        unit=demo.unit,
        number=" 114/BC-UBND ",
        issued_on=datetime.date(2020, 12, 10),
        issuer="UBND tỉnh Lào Cai",
        title="Báo cáo kết quả CCHC năm 2020",
        actor=users["focal"],
        assessment=demo,
        node_code="1.R",
    )
    assert version.document.number == "114/BC-UBND"
    assert not version.has_file
    for number in ["30/2020/NĐ-CP", "766/QĐ-TTg", "123/UBND-NC"]:
        assert services.citation_validate(
            number=number, issued_on=datetime.date(2020, 1, 1), issuer="x"
        )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for number, issued_on, code in [
        ("BC-UBND", datetime.date(2020, 1, 1), "bad_number"),
        ("114/BC UBND<script>", datetime.date(2020, 1, 1), "bad_number"),
        ("", datetime.date(2020, 1, 1), "number_required"),
        ("114/BC-UBND", tomorrow, "future_date"),
        ("114/BC-UBND", None, "date_required"),
    ]:
        with pytest.raises(EvidenceError) as info:
            services.citation_validate(number=number, issued_on=issued_on, issuer="UBND")
        assert info.value.code == code


def test_one_document_supports_several_sub_criteria(demo, users):
    version = upload(demo, users, pdf_bytes(), assessment=demo, node_code="3.4.1")
    services.evidence_link(assessment=demo, node_code="3.4.2", version=version, actor=None)
    assert set(version.document.links.values_list("node_code", flat=True)) == {"3.4.1", "3.4.2"}
    with pytest.raises(EvidenceError, match="already_linked"):
        services.evidence_link(assessment=demo, node_code="3.4.2", version=version, actor=None)


def test_link_refuses_unknown_nodes_other_units_and_withdrawn_documents(demo, users):
    version = upload(demo, users, pdf_bytes())
    with pytest.raises(EvidenceError, match="unknown_node"):
        services.evidence_link(assessment=demo, node_code="9.9.9", version=version, actor=None)
    other = Document.objects.create(
        unit=users["outsider"].unit, kind="citation", title="x", number="1/QĐ-UBND"
    )
    other_version = DocumentVersion.objects.create(document=other, number=1)
    with pytest.raises(EvidenceError, match="other_unit"):
        services.evidence_link(
            assessment=demo, node_code="3.4.1", version=other_version, actor=None
        )
    services.document_withdraw(document=version.document, reason="cũ", actor=None)
    with pytest.raises(EvidenceError, match="withdrawn"):
        services.evidence_link(assessment=demo, node_code="3.4.1", version=version, actor=None)


def test_reuse_from_last_year_copies_links_to_the_same_codes(demo, users):
    version = upload(demo, users, pdf_bytes(), assessment=demo, node_code="3.4.1")
    withdrawn = upload(demo, users, xlsx_bytes(), assessment=demo, node_code="3.4.2")
    services.document_withdraw(document=withdrawn.document, reason="cũ", actor=None)
    campaign = campaign_create(
        name="Tự đánh giá năm 2021",
        framework_version=demo.campaign.framework_version,
        year=2021,
        organiser=demo.campaign.organiser,
        units=[demo.unit],
    )
    next_year = Assessment.objects.get(campaign=campaign, unit=demo.unit)
    assert services.evidence_reuse_previous(assessment=next_year, actor=users["focal"]) == 1
    link = EvidenceLink.objects.get(assessment=next_year)
    assert (link.node_code, link.version) == ("3.4.1", version)
    # Running it again adds nothing.
    assert services.evidence_reuse_previous(assessment=next_year, actor=users["focal"]) == 0
    with pytest.raises(EvidenceError, match="no_previous"):
        services.evidence_reuse_previous(assessment=demo, actor=None)


def test_explanation_versions_are_kept_and_conflicts_refused(demo, users):
    first = services.explanation_set(
        assessment=demo, node_code="8.2", text="Chưa có số liệu", version=0, actor=users["focal"]
    )
    assert first is not None and first.version == 1
    with pytest.raises(services.ExplanationConflictError):
        services.explanation_set(
            assessment=demo, node_code="8.2", text="Bản khác", version=0, actor=users["focal"]
        )
    second = services.explanation_set(
        assessment=demo, node_code="8.2", text="Đã bổ sung", version=1, actor=users["focal"]
    )
    assert second.version == 2
    assert list(
        Explanation.objects.filter(assessment=demo, node_code="8.2").values_list("text", flat=True)
    ) == ["Đã bổ sung", "Chưa có số liệu"]
    assert (
        services.explanation_set(
            assessment=demo, node_code="8.2", text="Đã bổ sung", version=2, actor=None
        )
        is None
    )


def test_submission_gaps_of_the_demo_lists_every_claimed_item(demo):
    gaps = submission_gaps(demo)
    codes = [gap.node_code for gap in gaps]
    assert "3.4.1" in codes
    assert all(gap.missing == "evidence" for gap in gaps)
    assert isinstance(gaps[0], SubmissionGap)
    framework = demo.campaign.framework_version.framework()
    assert all(framework[c].scored_by == "self" and framework[c].is_leaf for c in codes)
    order = [n.code for n in framework.leaves()]
    assert codes == sorted(codes, key=order.index)
    not_self = [n.code for n in framework.leaves() if n.scored_by != "self"]
    assert not set(codes) & set(not_self)


def test_evidence_or_explanation_closes_a_gap_and_withdrawal_reopens_it(demo, users):
    version = upload(demo, users, pdf_bytes(), assessment=demo, node_code="3.4.1")
    services.explanation_set(
        assessment=demo, node_code="3.4.2", text="Chờ số liệu", version=0, actor=None
    )
    codes = {gap.node_code for gap in submission_gaps(demo)}
    assert "3.4.1" not in codes and "3.4.2" not in codes
    services.document_withdraw(document=version.document, reason="sai", actor=None)
    services.explanation_set(assessment=demo, node_code="3.4.2", text="", version=1, actor=None)
    codes = {gap.node_code for gap in submission_gaps(demo)}
    assert {"3.4.1", "3.4.2"} <= codes


def test_an_unclaimed_item_is_not_a_gap(demo):
    from parindex.web.assessments.models import InputValue

    InputValue.objects.filter(assessment=demo, node_code="3.4.1").delete()
    assert "3.4.1" not in {gap.node_code for gap in submission_gaps(demo)}


def test_every_change_writes_an_audit_event(demo, users):
    actor = users["focal"]
    version = upload(demo, users, pdf_bytes("a"), assessment=demo, node_code="3.4.1")
    services.document_version_add(
        document=version.document,
        file=io.BytesIO(pdf_bytes("b")),
        original_name="b.pdf",
        actor=actor,
        assessment=demo,
    )
    cited = services.document_cite(
        unit=demo.unit,
        number="114/BC-UBND",
        issued_on=datetime.date(2020, 12, 10),
        issuer="UBND tỉnh",
        title="Báo cáo",
        actor=actor,
    )
    link = services.evidence_link(assessment=demo, node_code="3.4.2", version=cited, actor=actor)
    services.evidence_unlink(link=link, actor=actor)
    services.explanation_set(assessment=demo, node_code="8.2", text="Lý do", version=0, actor=actor)
    services.document_withdraw(document=version.document, reason="Thay", actor=actor)
    events = AuditEvent.objects.filter(action__startswith="e", actor=actor).order_by("id")
    actions = [e.action for e in events]
    assert actions == [
        "evidence.upload",
        "evidence.link",
        "evidence.version",
        "evidence.relink",
        "evidence.cite",
        "evidence.link",
        "evidence.unlink",
        "explanation.set",
        "evidence.withdraw",
    ]
    unlink = events.get(action="evidence.unlink")
    assert unlink.field == "3.4.2/_evidence" and "114/BC-UBND" in unlink.before
    explained = events.get(action="explanation.set")
    assert (explained.before, explained.after) == ("", "Lý do")
    assert events.get(action="evidence.withdraw").after == "Thay"


def test_a_closed_assessment_refuses_links_and_explanations(demo, users):
    version = upload(demo, users, pdf_bytes())
    type(demo).objects.filter(pk=demo.pk).update(status="published")
    demo.refresh_from_db()
    with pytest.raises(EvidenceError, match="locked"):
        services.evidence_link(assessment=demo, node_code="3.4.1", version=version, actor=None)
    with pytest.raises(EvidenceError, match="locked"):
        services.explanation_set(
            assessment=demo, node_code="3.4.1", text="x", version=0, actor=None
        )
