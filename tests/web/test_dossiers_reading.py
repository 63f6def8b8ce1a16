"""The dossier pages say what their figures rest on: reading date, rows used and left out."""

from __future__ import annotations

from django.urls import reverse
from test_dossiers_import import (  # noqa: F401
    dossier_root,
    import_log,
    log_csv,
    province,
    upload_file,
)

from parindex.indicators import open_dataset
from parindex.web.dossiers import services
from parindex.web.dossiers.models import DossierUpload

HEADER = "Mã hồ sơ;Cơ quan tiếp nhận;Cấp;Ngày tiếp nhận;Ngày có kết quả;Trạng thái\n"


def test_results_page_states_the_reading_date_and_rows(
    as_user,
    users,
    province,  # noqa: F811
    dossier_root,  # noqa: F811
    log_csv,  # noqa: F811
) -> None:
    import_log(users, province, log_csv)
    ds = open_dataset(services.province_store(province))
    when, rule = ds.reading_date()
    assert rule == "export"
    response = as_user("viewer").get(reverse("dossiers:results", args=[province.pk]))
    body = response.content.decode()
    assert f"Ngày đọc số liệu: <strong>{when:%d/%m/%Y}</strong>" in body
    assert "ngày của tệp xuất" in body
    reading = response.context["reading"]
    assert (reading["rows_used"], reading["rows_left_out"]) == (3000, 0)


def test_preview_counts_every_bad_row_of_the_file_not_only_those_shown(
    as_user,
    province,  # noqa: F811
    dossier_root,  # noqa: F811
    tmp_path,
) -> None:
    rows = [f"H{i};Sở Tư pháp;Cấp tỉnh;05/03/2020;06/03/2020;Đã giải quyết" for i in range(30)]
    rows[25] = "H25;Sở Tư pháp;Cấp tỉnh;05/03/2020;;Đã trả kết quả"  # row 27: no date
    rows.append("H31;Sở Tư pháp;Cấp tỉnh;05/03/2020;;Đã hủy")
    path = tmp_path / "log.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    client = as_user("secretariat")
    upload_file(client, province, path)
    upload = DossierUpload.objects.get()
    page = client.get(reverse("dossiers:preview", args=[province.pk, upload.pk]))
    assert page.status_code == 200
    reading = page.context["page"].reading
    assert (reading["rows_read"], reading["rows_used"], reading["rows_left_out"]) == (31, 30, 1)
    assert reading["left_out_rows"] == [27]
    body = page.content.decode()
    assert "đọc 31 dòng, dùng 30, bỏ ra 1" in body
    assert (
        "<tr><td>27</td>" in body and "trạng thái đã giải quyết nhưng thiếu ngày có kết quả" in body
    )


def test_preview_of_a_tcvn3_file_names_the_encoding(
    as_user,
    province,  # noqa: F811
    dossier_root,  # noqa: F811
    tmp_path,
) -> None:
    path = tmp_path / "abc.csv"
    path.write_bytes(
        b"M\xb8 h\xe5 s\xac;C\xac quan;C\xa9p;Ng\xb5y ti\xd5p nh\xadn\nA;S\xab;T\xacnh;1\n"
    )
    client = as_user("secretariat")
    upload_file(client, province, path)
    upload = DossierUpload.objects.get()
    body = client.get(reverse("dossiers:preview", args=[province.pk, upload.pk])).content
    text = body.decode()
    assert "bảng mã cũ" in text and "TCVN3 (ABC)" in text
