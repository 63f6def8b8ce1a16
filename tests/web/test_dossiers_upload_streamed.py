"""The dossier upload is streamed into the uploads folder: hashed on the way, never left as a
temporary, refused over the maximum size with the exact reason; the job page states what the
import read, used and left out, and its reading date."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from parindex.web.dossiers import raw, services
from parindex.web.dossiers.models import DossierUpload, ImportJob, JobStatus
from parindex.web.dossiers.uploading import CHUNK
from parindex.web.organisations.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

HEADER = "Mã HS;Cơ quan;Cấp;Ngày nhận;Hạn trả;Ngày có kết quả\n"
MIB = 1024 * 1024


def log_bytes(rows: int, start: int = 0) -> bytes:
    lines = (
        f"H{i:08d};Sở Tư pháp;Cấp tỉnh;{1 + i % 28:02d}/03/2020;{1 + i % 28:02d}/04/2020;"
        f"{1 + i % 28:02d}/03/2020\n"
        for i in range(start, start + rows)
    )
    return (HEADER + "".join(lines)).encode()


@pytest.fixture
def folders(settings, tmp_path) -> dict[str, Path]:
    """A private media root, and Django's own spool folder (which must stay empty)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARINDEX_DOSSIERS_ROOT = None
    spool = tmp_path / "spool"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # Django's handlers would spool anything
    return {"spool": spool}


@pytest.fixture
def province(demo) -> Unit:
    return demo.unit if demo.unit.kind == UnitKind.PROVINCE else demo.unit.parent


def everything_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def post(client, province: Unit, name: str, body: bytes, **headers: str):
    url = reverse("dossiers:upload", args=[province.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, body)}, headers=headers)


def test_a_file_of_several_megabytes_is_streamed_to_its_place_and_no_temporary_remains(
    as_user, province, folders
) -> None:
    body = log_bytes(60_000)  # ~3,6 MB: several chunks of the handler
    assert len(body) > 3 * CHUNK
    response = post(as_user("secretariat"), province, "nhat-ky.csv", body)
    upload = DossierUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:preview", args=[province.pk, upload.pk])
    assert (upload.size, upload.sha256) == (len(body), hashlib.sha256(body).hexdigest())
    assert services.upload_path(upload).read_bytes() == body
    uploads = services.uploads_dir(province)
    assert everything_in(uploads) == [f"{upload.sha256}/nhat-ky.csv"]  # no .upload-* left
    assert everything_in(folders["spool"]) == []  # Django's spool was never used


def test_the_scripted_upload_gets_the_next_page_as_json(as_user, province, folders) -> None:
    body = log_bytes(100)
    response = post(as_user("secretariat"), province, "a.csv", body, accept="application/json")
    upload = DossierUpload.objects.get()
    assert response.status_code == 200
    assert response.json() == {
        "location": reverse("dossiers:preview", args=[province.pk, upload.pk])
    }


def test_a_file_of_exactly_the_maximum_is_taken_one_byte_more_is_refused(
    as_user, province, folders, settings
) -> None:
    settings.PARINDEX_DOSSIERS_MAX_UPLOAD_MB = 1
    client = as_user("secretariat")
    exact = (log_bytes(20_000)[: MIB - 1]) + b"\n"
    assert len(exact) == MIB
    assert post(client, province, "exact.csv", exact).status_code == 302
    assert DossierUpload.objects.get().size == MIB

    over = exact + b"x"
    refused = post(client, province, "over.csv", over)
    assert refused.status_code == 413
    assert "Tệp quá lớn: tối đa 1 MB." in refused.content.decode()
    assert DossierUpload.objects.count() == 1
    assert [p.name for p in services.uploads_dir(province).glob(".upload-*")] == []


def test_a_body_announced_over_the_maximum_is_not_written_at_all(
    as_user, province, folders, settings
) -> None:
    settings.PARINDEX_DOSSIERS_MAX_UPLOAD_MB = 1
    response = post(
        as_user("secretariat"), province, "big.csv", log_bytes(40_000), accept="application/json"
    )
    assert response.status_code == 413
    assert response.json() == {"errors": ["Tệp quá lớn: tối đa 1 MB."]}
    assert not DossierUpload.objects.exists()
    assert everything_in(services.province_dir(province)) == []


def test_the_refusal_is_in_english_for_an_english_reader(
    as_user, province, folders, settings
) -> None:
    settings.PARINDEX_DOSSIERS_MAX_UPLOAD_MB = 1
    client = as_user("secretariat")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = post(client, province, "big.csv", log_bytes(40_000), accept="application/json")
    assert response.json() == {"errors": ["File too large: at most 1 MB."]}


def test_a_refused_file_type_leaves_no_temporary(as_user, province, folders) -> None:
    response = post(as_user("secretariat"), province, "bao-cao.pdf", log_bytes(30_000))
    assert response.status_code == 400
    assert "Chỉ nhận tệp CSV, XLSX hoặc Parquet." in response.content.decode()
    assert not DossierUpload.objects.exists()
    assert everything_in(services.province_dir(province)) == []


def test_a_body_cut_short_stores_nothing(as_user, province, folders) -> None:
    """The client went away mid-file: the multipart body never reaches its last boundary."""
    client = as_user("secretariat")
    whole = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("a.csv", log_bytes(30_000))})
    cut = whole[: len(whole) // 2]
    url = reverse("dossiers:upload", args=[province.pk])
    response = client.generic("POST", url, cut, content_type=MULTIPART_CONTENT)
    assert response.status_code == 400
    assert not DossierUpload.objects.exists()
    assert everything_in(services.province_dir(province)) == []


def test_an_upload_by_someone_who_may_not_manage_is_not_read(as_user, province, folders) -> None:
    response = post(as_user("focal"), province, "a.csv", log_bytes(10))
    assert response.status_code == 403
    assert not services.province_dir(province).exists()


def test_the_job_page_states_the_reading_date_and_every_count(
    as_user, users, province, folders
) -> None:
    bad = "H00000010;Sở Tư pháp;Cấp tỉnh;31/02/2020".encode()  # file row 12
    body = log_bytes(1200).replace("H00000010;Sở Tư pháp;Cấp tỉnh;11/03/2020".encode(), bad)
    done = services.dossier_upload(
        province=province, name="log.csv", content=[body], actor=users["secretariat"]
    )
    job = services.import_job_create(upload=done.upload, mapping={}, max_bad_rows=1, actor=None)
    job = services.import_job_run(job.pk)
    assert job.status == JobStatus.DONE
    page = as_user("secretariat").get(job.get_absolute_url()).content.decode()
    assert "Ngày đọc số liệu: <strong>28/03/2020</strong>" in page
    assert "đọc 1.200 dòng, dùng 1.199, bỏ ra 1 (dòng 12)." in page
    assert "1 dòng lỗi được bỏ ra, trong mức chấp nhận 1 dòng." in page
    assert "Đã nhập: 1.199 hồ sơ mới, 0 hồ sơ cập nhật, 0 hồ sơ không đổi." in page
    assert (
        '<tr><td>12</td><td translate="no">Ngày nhận</td><td>ngày không hợp lệ</td>'
        "<td>31/02/2020</td>"
    ) in page


def test_a_refused_import_says_the_tolerance_was_exceeded_and_the_store_is_unchanged(
    as_user, users, province, folders
) -> None:
    body = log_bytes(50).replace(";Cấp tỉnh;05/03/2020".encode(), b";;05/03/2020")  # rows 6 and 34
    done = services.dossier_upload(province=province, name="x.csv", content=[body], actor=None)
    job = services.import_job_create(upload=done.upload, mapping={}, max_bad_rows=1, actor=None)
    job = services.import_job_run(job.pk)
    assert job.status == JobStatus.FAILED
    assert services.province_store(province).is_empty()
    page = as_user("secretariat").get(job.get_absolute_url()).content.decode()
    assert "Nhập dữ liệu thất bại; dữ liệu đã lưu không thay đổi." in page
    assert "2 dòng lỗi trên 50 dòng, vượt mức chấp nhận 1 dòng: tệp bị từ chối." in page
    assert "đọc 50 dòng, dùng 0, bỏ ra 2." in page
    assert '<tr><td>6</td><td translate="no">Cấp</td><td>thiếu dữ liệu bắt buộc</td>' in page
    assert '<tr><td>34</td><td translate="no">Cấp</td><td>thiếu dữ liệu bắt buộc</td>' in page


def test_a_running_job_shows_the_rows_read_against_the_rows_estimated_from_the_file_size(
    as_user, users, province, folders
) -> None:
    body = log_bytes(3000)
    done = services.dossier_upload(province=province, name="x.csv", content=[body], actor=None)
    job = services.import_job_create(upload=done.upload, mapping={}, actor=None)
    now = datetime.datetime.now(datetime.UTC)
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, result={"rows_estimated": 3001}
    )
    # A streaming reader reports the rows it has read without knowing the total.
    services._Progress(job.pk, estimate=3001)("read", 1500, 0)
    assert ImportJob.objects.values_list("done", "total").get(pk=job.pk) == (1500, 3001)
    page = as_user("secretariat").get(job.get_absolute_url(), headers={"HX-Request": "true"})
    text = page.content.decode()
    assert "đã đọc 1.500/3.001 dòng" in text and "49%" in text
    assert "Tệp có khoảng 3.001 dòng (ước tính theo dung lượng tệp)." in text


def test_the_rows_estimate_is_exact_for_a_small_csv_and_close_for_a_large_one(tmp_path) -> None:
    small = tmp_path / "small.csv"
    small.write_bytes(log_bytes(999))
    assert raw.rows_estimate(small) == 1000  # the header and 999 rows
    large = tmp_path / "large.csv"
    large.write_bytes(log_bytes(40_000))
    assert abs(raw.rows_estimate(large) - 40_001) <= 40  # the lines' length varies a little
    assert raw.rows_estimate(tmp_path / "x.xlsx") is None


def test_the_preview_lists_each_bad_row_and_what_the_tolerance_must_be(
    as_user, province, folders
) -> None:
    bad = "H00000003;Sở Tư pháp;Cấp nào đó;04/03/2020".encode()  # file row 5
    body = log_bytes(40).replace("H00000003;Sở Tư pháp;Cấp tỉnh;04/03/2020".encode(), bad)
    client = as_user("secretariat")
    post(client, province, "log.csv", body)
    upload = DossierUpload.objects.get()
    page = client.get(reverse("dossiers:preview", args=[province.pk, upload.pk])).content.decode()
    assert "Ngày đọc số liệu: <strong>28/03/2020</strong>" in page
    assert "đọc 40 dòng, dùng 39, bỏ ra 1 (dòng 5)." in page
    assert '<tr><td>5</td><td translate="no">Cấp</td><td>giá trị không nhận biết được' in page
    assert (
        "Việc nhập sẽ bị từ chối (dữ liệu đã lưu không thay đổi) nếu số dòng lỗi chấp nhận"
        " nhỏ hơn 1." in page
    )


def test_the_runner_notes_the_estimate_before_reading(users, province, folders, monkeypatch):
    done = services.dossier_upload(
        province=province, name="x.csv", content=[log_bytes(500)], actor=None
    )
    job = services.import_job_create(upload=done.upload, mapping={}, actor=None)
    seen: list[object] = []
    original = services._Progress.__call__

    def spy(self, stage, n, total):
        seen.append(ImportJob.objects.get(pk=job.pk).result.get("rows_estimated"))
        original(self, stage, n, total)

    monkeypatch.setattr(services._Progress, "__call__", spy)
    assert services.import_job_run(job.pk).status == JobStatus.DONE
    assert seen and set(seen) == {501}  # the header and 500 rows, while the job ran


def test_an_upload_on_a_clock_hours_ahead_of_the_disk_keeps_its_own_temporary(
    as_user, province, folders, clock
) -> None:
    """The sweep of dead uploads' temporaries goes by the clock; the upload's own is kept."""
    clock.now = clock.now + datetime.timedelta(hours=3)
    body = log_bytes(200)
    response = post(as_user("secretariat"), province, "a.csv", body)
    assert response.status_code == 302
    assert services.upload_path(DossierUpload.objects.get()).read_bytes() == body


def test_a_second_file_in_the_same_post_is_ignored_and_the_first_is_stored(
    as_user, province, folders
) -> None:
    first, second = log_bytes(100), log_bytes(50, start=500)
    url = reverse("dossiers:upload", args=[province.pk])
    files = [SimpleUploadedFile("a.csv", first), SimpleUploadedFile("b.csv", second)]
    response = as_user("secretariat").post(url, {"file": files})
    assert response.status_code == 302
    upload = DossierUpload.objects.get()
    assert services.upload_path(upload).read_bytes() == first
    assert [p.name for p in services.uploads_dir(province).glob(".upload-*")] == []
