"""National results import: all or nothing, errors by row and column, idempotent re-import."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from dbstate import assert_unchanged
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.national import NationalImportError, NationalResult
from parindex.web.assessments.models import Campaign
from parindex.web.audit.models import AuditEvent
from parindex.web.dashboards import services
from parindex.web.dashboards.demo import INTERNAL_CAMPAIGN, dashboards_demo_load
from parindex.web.dashboards.models import NationalResultRow, NationalResultSet

pytestmark = pytest.mark.django_db

HEADER = "Tỉnh/thành phố,Năm,Điểm thẩm định,Điểm điều tra XHH,Tổng điểm,Xếp hạng\n"
GOOD = (
    HEADER
    + 'Tỉnh Lào Cai,2019,"52,90","29,95","82,85",15\n'
    + 'Tỉnh Yên Bái,2019,"50,00","30,00","80,00",20\n'
)


def test_a_file_is_imported_and_read_back_as_national_results(demo, users) -> None:
    outcome = services.national_results_import(
        data=GOOD.encode(), file_name="kq-2019.csv", actor=users["secretariat"]
    )
    assert outcome.created and outcome.result_set.rows_count == 2
    assert outcome.result_set.imported_by == users["secretariat"]
    found = services.national_results(2019)
    assert found[0] == NationalResult(
        province="10",
        year=2019,
        total=Decimal("82.85"),
        appraisal=Decimal("52.90"),
        survey=Decimal("29.95"),
        rank=15,
        name="Tỉnh Lào Cai",
        row=2,
    )
    assert NationalResultRow.objects.get(year=2019, rank=15).province == demo.unit
    assert AuditEvent.objects.filter(action="national_results.import").count() == 1


def test_the_same_file_again_changes_nothing(demo, users) -> None:
    first = services.national_results_import(data=GOOD.encode(), file_name="a.csv", actor=None)
    again = services.national_results_import(data=GOOD.encode(), file_name="b.csv", actor=None)
    assert not again.created and again.result_set == first.result_set
    assert NationalResultSet.objects.count() == 1 and NationalResultRow.objects.count() == 2


def test_a_later_file_for_the_same_year_replaces_its_rows(demo) -> None:
    services.national_results_import(data=GOOD.encode(), file_name="a.csv", actor=None)
    fixed = GOOD.replace('"50,00","30,00","80,00",20', '"50,50","30,00","80,50",20')
    outcome = services.national_results_import(data=fixed.encode(), file_name="b.csv", actor=None)
    assert outcome.replaced == 2
    assert [r.total for r in services.national_results(2019)] == [
        Decimal("82.85"),
        Decimal("80.50"),
    ]


def test_every_problem_is_reported_by_row_and_column_and_nothing_is_imported(demo) -> None:
    bad = (
        HEADER
        + 'Tỉnh Lào Cai,2019,"52,90","29,95","82,85",15\n'
        + 'Tỉnh Không Có,2019,"50","30","80",20\n'
        + 'Tỉnh Yên Bái,2019,"năm mươi","30","80",21\n'
        + 'Tỉnh Hà Giang,2019,"50","30","81",22\n'
    )
    with pytest.raises(NationalImportError) as error:
        services.national_results_import(data=bad.encode(), file_name="bad.csv", actor=None)
    got = [(p.row, p.column, p.code) for p in error.value.problems]
    assert got == [
        (3, "Tỉnh/thành phố", "unknown_province"),
        (4, "Điểm thẩm định", "bad_number"),
        (5, "Tổng điểm", "total_mismatch"),
    ]
    assert not NationalResultSet.objects.exists() and not NationalResultRow.objects.exists()


def test_results_from_2025_are_matched_to_the_34_provinces(demo) -> None:
    data = HEADER + 'Tỉnh Lào Cai,2025,"55","30","85",3\n'
    services.national_results_import(data=data.encode(), file_name="2025.csv", actor=None)
    row = NationalResultRow.objects.get(year=2025)
    assert row.province.code == "15" and row.province.valid_from is not None  # the merged one


def test_a_file_mixing_periods_is_refused(demo) -> None:
    data = GOOD + 'Tỉnh Lào Cai,2025,"55","30","85",3\n'
    with pytest.raises(NationalImportError) as error:
        services.national_results_import(data=data.encode(), file_name="mixed.csv", actor=None)
    assert [p.code for p in error.value.problems] == ["mixed_periods"]


def test_demo_results_are_marked_and_load_once(demo) -> None:
    dashboards_demo_load()
    dashboards_demo_load()
    assert NationalResultSet.objects.filter(demo=True).count() == 2
    internal = Campaign.objects.get(name=INTERNAL_CAMPAIGN)
    assert "minh họa" in internal.name and internal.published_at is not None
    assert internal.assessments.count() == 7
    assert NationalResultRow.objects.filter(year=2019).count() == 63
    assert NationalResultRow.objects.filter(year=2025).count() == 34
    lao_cai = NationalResultRow.objects.get(year=2019, province=demo.unit)
    assert (lao_cai.appraisal, lao_cai.survey, lao_cai.total, lao_cai.rank) == (
        Decimal("52.90"),
        Decimal("29.95"),
        Decimal("82.85"),
        15,
    )


def test_lineage_shows_the_merged_province_with_its_predecessors(demo) -> None:
    dashboards_demo_load()
    years = services.province_lineage(demo.unit, services.national_results())
    before = years[0]
    assert before.year == 2019 and before.merged and before.result is None
    assert sorted(p.province for p in before.predecessors) == ["10", "15"]
    assert years[-1].year == 2025 and not years[-1].merged and years[-1].result.province == "15"


# --- the import page ---------------------------------------------------------------------

IMPORT = "dashboards:national_import"


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_upload_preview_then_confirm(as_user, demo) -> None:
    client = as_user("secretariat")
    data = xlsx(
        [
            ["KẾT QUẢ CHỈ SỐ CCHC NĂM 2019"],
            ["Tỉnh/thành phố", "Điểm thẩm định", "Điểm điều tra XHH", "Tổng điểm", "Xếp hạng"],
            ["Lào Cai", 52.9, 29.95, 82.85, 15],
        ]
    )
    upload = SimpleUploadedFile("kq.xlsx", data)
    response = client.post(reverse(IMPORT), {"file": upload, "year": "2019"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="import-preview"' in html
    assert "Tỉnh Lào Cai (10)" in html and not NationalResultRow.objects.exists()
    # the preview writes the points as the page's language does (not "82.85" on a Vietnamese page)
    assert (
        '<td class="num">52,9</td><td class="num">29,95</td><td class="num">82,85</td>'
        '<td class="num">15</td>'
    ) in html
    sha = response.context["sha256"]
    response = client.post(reverse(IMPORT), {"confirm": sha})
    assert response.status_code == 302
    assert response.url == reverse("dashboards:national", args=[demo.unit.pk])
    assert NationalResultRow.objects.get().total == Decimal("82.85")


def test_upload_with_errors_lists_them_by_row_and_column(as_user, demo) -> None:
    data = HEADER + 'Tỉnh Lào Cai,2019,"52,90","29,95","82,85",15\nTỉnh Xa Lạ,2019,1,2,3,2\n'
    upload = SimpleUploadedFile("kq.csv", data.encode())
    html = as_user("secretariat").post(reverse(IMPORT), {"file": upload}).content.decode()
    assert 'id="import-problems"' in html and 'id="import-preview"' not in html
    assert "Không tìm thấy tỉnh, thành phố «Tỉnh Xa Lạ»." in html
    assert '<td class="num">3</td><td>Tỉnh/thành phố</td>' in html
    assert not NationalResultRow.objects.exists()


def test_confirm_without_a_preview_imports_nothing(as_user, demo) -> None:
    response = as_user("secretariat").post(reverse(IMPORT), {"confirm": "0" * 64})
    assert response.status_code == 302 and not NationalResultSet.objects.exists()


def test_only_files_named_xlsx_or_csv_are_accepted(as_user, demo) -> None:
    upload = SimpleUploadedFile("kq.pdf", b"%PDF-1.4")
    html = as_user("secretariat").post(reverse(IMPORT), {"file": upload}).content.decode()
    assert "Chỉ nhận tệp .xlsx hoặc .csv." in html


@pytest.mark.parametrize(
    ("role", "code"),
    [("admin", 200), ("secretariat", 200), ("viewer", 403), ("focal", 403), ("outsider", 403)],
)
def test_only_the_secretariat_and_administrators_import(as_user, demo, role, code) -> None:
    client = as_user(role)
    response = client.get(reverse(IMPORT))
    assert response.status_code == code
    heading = "<h1>Nhập kết quả Chỉ số CCHC toàn quốc</h1>"
    assert (heading in response.content.decode()) is (code == 200)
    if code == 403:
        data = HEADER + 'Tỉnh Lào Cai,2019,"52,90","29,95","82,85",15\n'
        upload = SimpleUploadedFile("kq.csv", data.encode())
        with assert_unchanged(NationalResultSet, NationalResultRow):
            assert client.post(reverse(IMPORT), {"file": upload}).status_code == 403
            assert client.post(reverse(IMPORT), {"confirm": "0" * 64}).status_code == 403


def test_a_thousand_problems_are_counted_as_the_formatter_groups_them(as_user, demo) -> None:
    data = HEADER + "".join(f"Tỉnh Xa Lạ {i},2019,1,2,3,2\n" for i in range(1000))
    upload = SimpleUploadedFile("kq.csv", data.encode())
    response = as_user("secretariat").post(reverse(IMPORT), {"file": upload})
    html = response.content.decode()
    assert len(response.context["problems"]) == 1000
    assert "Tệp có 1.000 lỗi, chưa nhập dòng nào" in html
