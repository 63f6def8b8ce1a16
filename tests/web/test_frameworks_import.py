"""The secretariat brings in the real criteria itself: any layout, every problem at once on
the page, nothing stored from a bad file, the uploaded file kept with the draft version."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from frameworks_files import (
    IDENTITY,
    excel_table_file,
    ministry_rows,
    tree,
    word_file,
    workbook_file,
    yaml_file,
)
from lxml import html as lxml_html

from parindex.frameworks import find
from parindex.web.assessments.models import FrameworkStatus, FrameworkVersion
from parindex.web.audit.models import AuditEvent
from parindex.web.frameworks.models import FrameworkUpload

URL = "/frameworks/import/"


def post(client, name: str, data: bytes, **fields):
    return client.post(URL, {"file": SimpleUploadedFile(name, data), **fields})


def state() -> tuple[int, int, int]:
    return (
        FrameworkVersion.objects.count(),
        FrameworkUpload.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("name", "build", "identity"),
    [
        ("bo-tieu-chi.yaml", yaml_file, False),
        ("bo-tieu-chi.xlsx", workbook_file, False),
        ("bang-tieu-chi.docx", word_file, True),
        ("bang-tu-cham.xlsx", excel_table_file, True),
    ],
)
def test_each_layout_imports_to_the_same_tree_as_a_draft_with_its_file(
    as_user, name, build, identity
) -> None:
    client = as_user("secretariat")
    data = build()
    response = post(client, name, data, **(IDENTITY if identity else {}))
    version = FrameworkVersion.objects.get(code="par-province-1149", version="2026.1")
    assert response.status_code == 302
    assert response["Location"] == f"/frameworks/{version.pk}/"
    assert version.status == FrameworkStatus.DRAFT and not version.frozen
    assert tree(version.framework()) == tree(find("par-province-1149"))
    upload = version.uploads.get()
    assert (upload.name, bytes(upload.content), upload.uploaded_by.username) == (
        name,
        data,
        "secretariat",
    )
    assert version.plan_defaults().framework == "par-province-1149"
    page = client.get(f"/frameworks/{version.pk}/")
    assert page.status_code == 200
    assert "Bản nháp" in page.content.decode()


def test_a_table_without_its_identity_asks_for_it_and_stores_nothing(as_user) -> None:
    client = as_user("secretariat")
    before = state()
    response = post(client, "bang.docx", word_file())
    assert response.status_code == 200
    assert response.content.decode().count("Bảng tiêu chí không ghi mục này: hãy nhập.") == 6
    assert state() == before


def test_every_problem_of_a_table_is_on_the_page_in_vietnamese_and_nothing_is_stored(
    as_user,
) -> None:
    rows = [list(r) for r in ministry_rows(find("par-province-1149"))]
    rows[2][2] = "1.5.0"  # a maximum that is not a number
    rows[4][3] = "9"  # a self-score above the maximum (5)
    client = as_user("secretariat")
    before = state()
    response = post(client, "bang.docx", word_file(rows), **IDENTITY)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tệp có 2 lỗi; chưa lưu gì:" in page
    assert (
        "bang.docx, bảng 2, dòng 4, cột «Điểm tối đa»: «1.5.0» không phải là số; "
        "viết điểm dạng 1,5 hoặc 1.5"
    ) in page
    assert (
        "bang.docx, bảng 2, dòng 6, cột «Điểm tự đánh giá»: điểm tự đánh giá 9 lớn hơn điểm "
        "tối đa 5"
    ) in page
    assert state() == before


def test_problems_are_in_english_when_the_interface_is(as_user) -> None:
    rows = [list(r) for r in ministry_rows(find("par-province-1149"))]
    rows[2][2] = "abc"
    client = as_user("secretariat")
    client.cookies["django_language"] = "en"
    response = post(client, "bang.docx", word_file(rows), **IDENTITY)
    page = html.unescape(response.content.decode())
    assert "bang.docx, table 2, row 4, column 'Điểm tối đa': 'abc' is not a number" in page


def test_bad_yaml_is_reported_and_stores_nothing(as_user) -> None:
    client = as_user("secretariat")
    before = state()
    response = post(client, "x.yaml", b"this: is: not: yaml: [")
    assert response.status_code == 200
    assert "x.yaml" in response.content.decode()
    assert state() == before


def test_an_unknown_file_kind_is_refused_in_vietnamese(as_user) -> None:
    client = as_user("secretariat")
    response = post(client, "bang.pdf", b"%PDF-1.4")
    assert "bang.pdf: chỉ nhận tệp .yaml, .xlsx hoặc .docx" in response.content.decode()


def test_reimporting_a_frozen_version_is_refused_a_change_is_a_new_version(as_user) -> None:
    frozen = FrameworkVersion.objects.get(code="par-province-1149", version="2020.1")
    assert frozen.frozen
    client = as_user("secretariat")
    before = state()
    text = yaml_file("2020.1").replace(b"2026, 2027", b"2020, 2021")
    response = post(
        client, "lai.yaml", text.replace("Bộ tiêu chí".encode(), "Bộ chỉ tiêu".encode(), 1)
    )
    assert "đã khóa: hãy nhập với số phiên bản mới" in response.content.decode()
    assert state() == before
    frozen.refresh_from_db()
    assert frozen.sha256 == FrameworkVersion.objects.get(pk=frozen.pk).sha256


def test_a_frozen_version_takes_a_file_that_only_changes_its_english(as_user, demo) -> None:
    frozen = FrameworkVersion.objects.get(code="par-province-1149", version="2020.1")
    old_sha = frozen.sha256
    text = frozen.yaml_text.replace(
        'title_en: "Direction and management of PAR"',
        'title_en: "Direction and management of public administration reform"',
    ).replace('unit: "%"}', 'unit: "%", unit_en: "percent"}', 1)
    client = as_user("secretariat")
    response = post(client, "dich.yaml", text.encode("utf-8"))
    assert response.status_code == 302
    assert response["Location"] == f"/frameworks/{frozen.pk}/"
    frozen.refresh_from_db()
    assert (frozen.frozen, frozen.status, frozen.yaml_text) == (True, FrameworkStatus.ACTIVE, text)
    assert frozen.sha256 != old_sha
    assert frozen.framework()["1"].title_en == (
        "Direction and management of public administration reform"
    )
    event = AuditEvent.objects.get(action="framework.translate")
    assert (event.object_id, event.before, event.after) == (str(frozen.pk), old_sha, frozen.sha256)
    assert AuditEvent.objects.filter(action="framework.upload").latest("at").after == (
        "dich.yaml (yaml, translated)"
    )
    demo.refresh_from_db()
    assert demo.campaign.framework_version_id == frozen.pk  # the campaign keeps its version
    page = client.get(response["Location"]).content.decode()
    assert "chỉ được cập nhật phần tiếng Anh" in page


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # English and one Vietnamese word
        (
            'title: "Công tác chỉ đạo, điều hành cải cách hành chính"\n'
            '    title_en: "Direction and management of PAR"',
            'title: "Công tác chỉ đạo, điều hành CCHC"\n'
            '    title_en: "Direction and management of public administration reform"',
        ),
        # English and the years
        (
            'title_en: "Provincial PAR INDEX criteria"\nlegal_basis: "QĐ 1149/QĐ-BNV ngày'
            ' 30/12/2020"\nlegal_basis_en: "Decision 1149/QĐ-BNV of 30/12/2020"\nversion:'
            ' "2020.1"\nyears: [2020, 2021]',
            'title_en: "PAR INDEX criteria of provinces"\nlegal_basis: "QĐ 1149/QĐ-BNV ngày'
            ' 30/12/2020"\nlegal_basis_en: "Decision 1149/QĐ-BNV of 30/12/2020"\nversion:'
            ' "2020.1"\nyears: [2020, 2021, 2022]',
        ),
    ],
    ids=["a Vietnamese word", "the years"],
)
def test_a_frozen_version_refuses_any_change_beside_its_english(as_user, old, new) -> None:
    frozen = FrameworkVersion.objects.get(code="par-province-1149", version="2020.1")
    assert old in frozen.yaml_text
    text = frozen.yaml_text.replace(old, new)
    client = as_user("secretariat")
    before, sha = state(), frozen.sha256
    response = post(client, "lai.yaml", text.encode("utf-8"))
    assert "đã khóa: hãy nhập với số phiên bản mới" in response.content.decode()
    assert state() == before
    frozen.refresh_from_db()
    assert frozen.sha256 == sha and not AuditEvent.objects.filter(action="framework.translate")


def test_the_version_page_counts_the_texts_without_english(as_user, demo) -> None:
    data = yaml_file().replace(b'\n    title_en: "Direction and management of PAR"', b"")
    secretariat = as_user("secretariat")
    response = post(secretariat, "thieu-tieng-anh.yaml", data)
    version = FrameworkVersion.objects.get(code="par-province-1149", version="2026.1")
    assert version.framework()["1"].title_en == ""
    page = lxml_html.fromstring(secretariat.get(response["Location"]).content.decode())
    assert (
        page.get_element_by_id("english-missing")
        .text_content()
        .startswith("Nội dung chưa có tiếng Anh: 1 (trang tiếng Anh hiện tiếng Việt ở đó).")
    )
    secretariat.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = lxml_html.fromstring(secretariat.get(response["Location"]).content.decode())
    assert (
        page.get_element_by_id("english-missing")
        .text_content()
        .startswith("Texts without English: 1 (English pages show the Vietnamese there).")
    )
    shipped_page = secretariat.get(f"/frameworks/{demo.campaign.framework_version_id}/")
    assert 'id="english-missing"' not in shipped_page.content.decode()


def test_reimporting_a_draft_replaces_it_and_keeps_both_files(as_user) -> None:
    client = as_user("secretariat")
    post(client, "a.docx", word_file(), **IDENTITY)
    rows = [list(r) for r in ministry_rows(find("par-province-1149"))]
    rows[1][1] = "Kế hoạch cải cách hành chính (sửa)"
    response = post(client, "b.docx", word_file(rows), **IDENTITY)
    version = FrameworkVersion.objects.get(code="par-province-1149", version="2026.1")
    assert response.status_code == 302
    assert version.framework()[rows[1][0]].title == "Kế hoạch cải cách hành chính (sửa)"
    assert [u.name for u in version.uploads.all()] == ["b.docx", "a.docx"]
