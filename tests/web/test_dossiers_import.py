"""Uploading a dossier log, previewing it with a column mapping, importing it in the background."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parindex.indicators import generate
from parindex.web.audit.models import AuditEvent
from parindex.web.dossiers import services
from parindex.web.dossiers.models import DossierUpload, ImportJob, JobStatus, SavedMapping
from parindex.web.organisations.models import Unit, UnitKind

MESSY = (
    "BÁO CÁO HỒ SƠ TTHC\n"
    "Mã HS;Cơ quan;Cấp;Ngày nhận;Hạn trả\n"
    "A1;Sở Tư pháp;Cấp tỉnh;03/01/2020;10/01/2020\n"
    "A2;Sở Tư pháp;Cấp tỉnh;31/02/2020;10/01/2020\n"
    "A3;Sở Tư pháp;;05/01/2020;10/01/2020\n"
    "A1;Sở Tư pháp;Cấp tỉnh;06/01/2020;10/01/2020\n"
)


@pytest.fixture
def dossier_root(settings, tmp_path) -> Path:
    """A private media root; jobs wait for the test to run them (their tasks are queued on
    commit, which a test's transaction never reaches)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARINDEX_DOSSIERS_ROOT = None
    return tmp_path


@pytest.fixture
def province(demo) -> Unit:
    return demo.unit if demo.unit.kind == UnitKind.PROVINCE else demo.unit.parent


@pytest.fixture
def log_csv(tmp_path) -> Path:
    """A small synthetic 2020 log (Vietnamese headers, dd/mm/yyyy)."""
    path = tmp_path / "nhat-ky-2020.csv"
    generate(path, rows=3000, seed=7)
    return path


def upload_file(client, province: Unit, path: Path, name: str | None = None):
    f = SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")
    return client.post(reverse("dossiers:upload", args=[province.pk]), {"file": f})


def import_log(users, province: Unit, path: Path, mapping: dict | None = None) -> ImportJob:
    """Upload and import a file through the services, running the job in place."""
    with path.open("rb") as fh:
        up = services.dossier_upload(
            province=province, name=path.name, content=[fh.read()], actor=users["secretariat"]
        )
    job = services.import_job_create(upload=up.upload, mapping=mapping or {}, actor=None)
    return services.import_job_run(job.pk)


def test_upload_stores_the_file_under_its_sha256_and_shows_the_preview(
    as_user, users, province, dossier_root, log_csv
) -> None:
    client = as_user("secretariat")
    response = upload_file(client, province, log_csv)
    upload = DossierUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:preview", args=[province.pk, upload.pk])
    assert len(upload.sha256) == 64
    assert services.upload_path(upload).read_bytes() == log_csv.read_bytes()
    assert AuditEvent.objects.filter(action="dossiers.upload").count() == 1

    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "H01.000000001" in body  # the first dossier, as it will be read
    assert 'id="header-row">1<' in body
    assert page.context["page"].columns["dossier_id"] == "Mã hồ sơ"


def test_reuploading_the_same_file_changes_nothing(
    as_user, users, province, dossier_root, log_csv
) -> None:
    client = as_user("secretariat")
    upload_file(client, province, log_csv)
    again = upload_file(client, province, log_csv, name="copy.csv")
    assert again.status_code == 302
    assert DossierUpload.objects.count() == 1
    assert AuditEvent.objects.filter(action="dossiers.upload").count() == 1

    first = import_log(users, province, log_csv)
    second = import_log(users, province, log_csv)
    assert first.status == second.status == JobStatus.DONE
    assert first.result["rows_new"] == 3000
    assert second.result["outcome"] == "unchanged"
    assert len(services.province_store(province).imports()) == 1


def test_upload_refuses_other_formats_and_files_over_the_limit(
    as_user, province, dossier_root, settings
) -> None:
    client = as_user("secretariat")
    url = reverse("dossiers:upload", args=[province.pk])
    bad = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert bad.status_code == 400
    settings.PARINDEX_DOSSIERS_MAX_UPLOAD_MB = 0
    big = client.post(url, {"file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n")})
    assert big.status_code == 413
    assert "Tệp quá lớn: tối đa 0 MB." in big.content.decode()
    assert not DossierUpload.objects.exists()


def test_changing_the_mapping_rereads_the_preview_and_saves_it_by_name(
    as_user, users, province, dossier_root, tmp_path
) -> None:
    path = tmp_path / "khac.csv"
    path.write_text(
        "Số thứ tự,Mã,Đơn vị,Cấp,Nhận ngày\n1,X1,Sở Y tế,Cấp tỉnh,02/03/2020\n", encoding="utf-8"
    )
    client = as_user("secretariat")
    upload_file(client, province, path)
    upload = DossierUpload.objects.get()
    url = reverse("dossiers:preview", args=[province.pk, upload.pk])
    before = client.get(url)
    assert before.context["page"].error  # "Mã" and "Nhận ngày" are not known headers

    form = {
        "col_dossier_id": "Mã",
        "col_agency_name": "Đơn vị",
        "col_received_date": "Nhận ngày",
        "save_as": "Mẫu Sở Y tế",
        "preview": "1",
    }
    after = client.post(url, form)
    assert after.status_code == 200
    page = after.context["page"]
    assert not page.error
    assert page.columns["dossier_id"] == "Mã"
    assert page.rows[0]["dossier_id"] == "X1"
    assert str(page.rows[0]["received_date"]) == "2020-03-02"
    saved = SavedMapping.objects.get(province=province)
    assert saved.name == "Mẫu Sở Y tế"
    assert saved.mapping["columns"]["dossier_id"] == ["Mã"]

    reused = client.get(url, {"mapping": saved.pk})
    assert reused.context["form"].initial["col_dossier_id"] == "Mã"
    assert not reused.context["page"].error

    started = client.post(url, {**form, "save_as": "", "import": "1"})
    job = ImportJob.objects.get()
    assert started.status_code == 302
    assert started["Location"] == job.get_absolute_url()
    assert job.mapping["columns"]["agency_name"] == ["Đơn vị"]
    assert job.status == JobStatus.QUEUED


def test_the_job_page_polls_and_shows_stage_and_percentage(
    as_user, users, province, dossier_root, log_csv
) -> None:
    client = as_user("secretariat")
    upload_file(client, province, log_csv)
    upload = DossierUpload.objects.get()
    client.post(reverse("dossiers:preview", args=[province.pk, upload.pk]), {"import": "1"})
    job = ImportJob.objects.get()
    url = job.get_absolute_url()

    queued = client.get(url)
    assert 'hx-trigger="every 1s"' in queued.content.decode()
    assert "Đang chờ" in queued.content.decode()

    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, stage="check", done=1500, total=3000
    )
    running = client.get(url, headers={"HX-Request": "true"})
    body = running.content.decode()
    assert "<html" not in body  # only the partial
    assert "Kiểm tra dữ liệu" in body and "50%" in body
    assert 'hx-trigger="every 1s"' in body

    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, stage="")
    stages: list[str] = []
    original = services._Progress.__call__

    def spy(self, stage, done, total):
        stages.append(stage)
        original(self, stage, done, total)

    services._Progress.__call__ = spy  # type: ignore[method-assign]
    try:
        services.import_job_run(job.pk)
    finally:
        services._Progress.__call__ = original  # type: ignore[method-assign]
    assert "check" in stages and "write" in stages
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "100%" in done and "every 1s" not in done
    assert "3000 hồ sơ mới" in done.replace(".", "").replace(",", "")
    assert AuditEvent.objects.filter(action="dossiers.import.done").exists()


def test_a_messy_file_fails_with_every_bad_row_and_leaves_the_store_unchanged(
    as_user, users, province, dossier_root, tmp_path
) -> None:
    path = tmp_path / "messy.csv"
    path.write_text(MESSY, encoding="utf-8")
    job = import_log(users, province, path)
    assert job.status == JobStatus.FAILED
    found = {(p["row"], p["reason"]) for p in job.errors}
    assert (4, "bad_date") in found
    assert (5, "missing") in found
    assert (6, "duplicate_id") in found
    assert services.province_store(province).is_empty()

    page = as_user("secretariat").get(job.get_absolute_url()).content.decode()
    assert "ngày không hợp lệ" in page and "mã hồ sơ trùng" in page
    assert "dữ liệu đã lưu không thay đổi" in page


def test_a_tolerated_bad_row_is_skipped_and_reported(users, province, dossier_root, tmp_path):
    path = tmp_path / "one-bad.csv"
    path.write_text(MESSY.replace("A3;Sở Tư pháp;;", "A3;Sở Tư pháp;Cấp tỉnh;"), encoding="utf-8")
    with path.open("rb") as fh:
        up = services.dossier_upload(
            province=province, name="x.csv", content=[fh.read()], actor=None
        )
    job = services.import_job_create(upload=up.upload, mapping={}, max_bad_rows=2, actor=None)
    job = services.import_job_run(job.pk)
    assert job.status == JobStatus.DONE
    assert job.result["rows_new"] == 2
    assert {p["row"] for p in job.errors} == {4, 6}


def test_xlsx_with_a_title_row_and_parquet_are_read(
    as_user, users, province, dossier_root, tmp_path
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ NĂM 2020"])
    ws.append(["Mã hồ sơ", "Cơ quan tiếp nhận", "Cấp", "Ngày tiếp nhận", "Hạn xử lý"])
    ws.append(["X-1", "Sở Tư pháp", "Cấp tỉnh", "02/03/2020", "09/03/2020"])
    xlsx = tmp_path / "bao-cao.xlsx"
    wb.save(xlsx)
    parquet = tmp_path / "nhat-ky.parquet"
    generate(parquet, rows=500, seed=9)

    client = as_user("secretariat")
    upload_file(client, province, xlsx)
    upload = DossierUpload.objects.get(name="bao-cao.xlsx")
    page = client.get(reverse("dossiers:preview", args=[province.pk, upload.pk]))
    assert page.context["page"].header_row == 2
    assert page.context["page"].rows[0]["dossier_id"] == "X-1"
    assert "Cơ quan tiếp nhận" in page.context["page"].headers

    assert import_log(users, province, parquet).result["rows_new"] == 500
    assert import_log(users, province, xlsx).result["rows_new"] == 1
