"""The dossier import preview on a phone (390 px wide): the page needs no sideways scrolling
and the preview's tables fit the screen, their long cells (the national dossier codes,
"000.00.12.H33-200302-000001") wrapping rather than widening them."""

from __future__ import annotations

import pytest

from parindex.web.dossiers.models import DossierUpload
from parindex.web.organisations.models import UnitKind

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
HEADER = "Mã HS;Cơ quan;Cấp;Ngày nhận;Hạn trả;Ngày có kết quả\n"

#: each table of the page: its own width and the width of the screen
TABLES = """() => [...document.querySelectorAll('main table')].map(t => ({
  cls: t.className, width: t.getBoundingClientRect().width,
  right: t.getBoundingClientRect().right, screen: innerWidth}))"""


def test_the_dossier_preview_fits_a_phone(
    browser, live_server, demo, login, settings, tmp_path, shot
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARINDEX_DOSSIERS_ROOT = None
    province = demo.unit if demo.unit.kind == UnitKind.PROVINCE else demo.unit.parent
    log = tmp_path / "nhat-ky-2020.csv"
    rows = [
        f"000.00.12.H33-200302-{i:06d};Sở Tài nguyên và Môi trường tỉnh Lào Cai;Cấp tỉnh;"
        "02/03/2020;02/04/2020;05/03/2020\n"
        for i in range(30)
    ]
    rows[4] = rows[4].replace("Cấp tỉnh;", "Cấp không có trong danh mục;")  # one bad row
    log.write_text(HEADER + "".join(rows), encoding="utf-8")
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        login(page, "secretariat")
        page.goto(f"/dossiers/{province.pk}/")
        page.set_input_files("#id_file", str(log))
        page.click("#upload-form button[type=submit]")
        page.wait_for_url(f"**/dossiers/{province.pk}/uploads/*/")
        assert DossierUpload.objects.count() == 1
        assert "Sở Tài nguyên và Môi trường tỉnh Lào Cai" in page.inner_text("main")
        shot(page, "phone-dossier-preview")
        widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        assert widths[0] <= widths[1], f"the preview scrolls sideways: {widths}"
        tables = page.evaluate(TABLES)
        assert any(t["cls"] == "preview" for t in tables), tables
        wide = [t for t in tables if t["right"] > t["screen"] + 1]
        assert wide == [], f"tables wider than the screen: {wide}"
    finally:
        context.close()
