"""An Office file built to explode is refused as evidence of no allowed type, never opened."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bombs import office_bomb
from parindex.web.evidence import services
from parindex.web.evidence.models import Document
from parindex.web.evidence.services import EvidenceError
from parindex.web.evidence.sniff import sniff

pytestmark = pytest.mark.django_db

PARTS = ["word/document.xml", "xl/worksheets/sheet1.xml"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.parametrize("part", PARTS, ids=["docx", "xlsx"])
def test_evidence_sniffing_takes_an_office_bomb_for_no_allowed_kind(part):
    assert sniff(io.BytesIO(office_bomb(part))) is None


@pytest.mark.parametrize("part", PARTS, ids=["docx", "xlsx"])
def test_evidence_upload_of_an_office_bomb_is_refused_and_nothing_stored(demo, users, media, part):
    with pytest.raises(EvidenceError) as excinfo:
        services.document_upload(
            unit=demo.unit,
            title="Báo cáo",
            file=io.BytesIO(office_bomb(part)),
            original_name="bao-cao.docx",
            actor=users["focal"],
        )

    assert excinfo.value.code == "bad_type"
    assert not Document.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_evidence_upload_page_refuses_an_office_bomb(as_user, demo, media):
    response = as_user("focal").post(
        reverse("evidence:upload", args=[demo.pk, "3.4.1"]),
        {"file": SimpleUploadedFile("bao-cao.docx", office_bomb("word/document.xml"))},
        HTTP_HX_REQUEST="true",
    )

    assert "Định dạng tệp không được chấp nhận" in response.content.decode()
    assert not Document.objects.exists()
