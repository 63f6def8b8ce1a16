"""A secretariat uploads a dossier log of several megabytes: the progress bar reaches 100 %, the
preview opens, and the import's page follows the job to its end with the right figures."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django_tasks_db.management.commands.db_worker import Worker

from parindex.web.dossiers import services
from parindex.web.dossiers.models import DossierUpload, ImportJob, JobStatus
from parindex.web.organisations.models import UnitKind

HEADER = "Mã HS;Cơ quan;Cấp;Ngày nhận;Hạn trả;Ngày có kết quả\n"
ROWS = 80_000  # ~4,8 MB: the browser reports the upload's progress as it goes

# Test-only: remember every percentage the page showed, across the navigation that follows.
WATCH = """
document.addEventListener("DOMContentLoaded", () => {
  const el = document.getElementById("upload-percent");
  if (!el) return;
  new MutationObserver(() => {
    const seen = JSON.parse(sessionStorage.getItem("seen") || "[]");
    seen.push(el.textContent);
    sessionStorage.setItem("seen", JSON.stringify(seen));
  }).observe(el, {childList: true, characterData: true, subtree: true});
});
"""


def write_log(path: Path) -> None:
    lines = [
        f"H{i:08d};Sở Tư pháp;Cấp tỉnh;{1 + i % 28:02d}/03/2020;{1 + i % 28:02d}/04/2020;"
        f"{1 + i % 28:02d}/03/2020\n"
        for i in range(ROWS)
    ]
    lines[99] = lines[99].replace("Cấp tỉnh;", "Cấp nào đó;")  # file row 101: unknown level
    path.write_text(HEADER + "".join(lines), encoding="utf-8")


def run_worker() -> None:
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test-worker",
        excluded_queue_names=[],
    ).run()


@pytest.mark.django_db(transaction=True)
def test_dossier_upload_journey(demo, page, login, settings, tmp_path, shot) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARINDEX_DOSSIERS_ROOT = None
    province = demo.unit if demo.unit.kind == UnitKind.PROVINCE else demo.unit.parent
    log = tmp_path / "nhat-ky-2020.csv"
    write_log(log)

    login(page, "secretariat")
    page.add_init_script(WATCH)
    page.goto(f"/dossiers/{province.pk}/")
    assert page.locator("#upload-progress").is_hidden()
    page.set_input_files("#id_file", str(log))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(f"**/dossiers/{province.pk}/uploads/*/")

    seen = page.evaluate("JSON.parse(sessionStorage.getItem('seen') || '[]')")
    shares = [int(s.rstrip("%")) for s in seen]
    assert shares[-1] == 100 and shares == sorted(shares)
    upload = DossierUpload.objects.get()
    assert services.upload_path(upload).read_bytes() == log.read_bytes()
    assert list(services.uploads_dir(province).glob(".upload-*")) == []
    assert "đọc 80.000 dòng, dùng 79.999, bỏ ra 1 (dòng 101)." in page.inner_text("#reading")

    page.fill("#id_max_bad_rows", "1")
    page.click("button[name=import]")
    page.wait_for_url("**/jobs/*/")
    job = ImportJob.objects.get()
    deadline = time.monotonic() + 60
    while ImportJob.objects.get(pk=job.pk).status != JobStatus.DONE:
        assert time.monotonic() < deadline, ImportJob.objects.get(pk=job.pk).error
        run_worker()
        time.sleep(0.2)
    page.wait_for_selector("#job-progress .alert")  # the page's polling saw the end
    progress = page.inner_text("#job-progress")
    assert "Hoàn thành" in progress and "100%" in progress
    assert "Đã nhập: 79.999 hồ sơ mới, 0 hồ sơ cập nhật, 0 hồ sơ không đổi." in progress
    assert "Ngày đọc số liệu: 28/03/2020" in progress
    assert "đọc 80.000 dòng, dùng 79.999, bỏ ra 1 (dòng 101)." in progress
    assert "1 dòng lỗi được bỏ ra, trong mức chấp nhận 1 dòng." in progress
    row = page.locator("table.problems tbody tr").first.inner_text().split("\t")
    assert row[:2] == ["101", "Cấp"] and row[3] == "Cấp nào đó"
    shot(page, "dossier-import-done")
