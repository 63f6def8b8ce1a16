"""``manage.py load_demo`` lists every demo account in the same words."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_load_demo_names_each_account_s_role_in_words(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    with translation.override("vi"):  # a page asked in English before must not leak into it
        call_command("load_demo", stdout=out)
    lines = {line.split()[0]: line for line in out.getvalue().splitlines()[1:]}
    assert lines["secretariat"] == "  secretariat  parindex-demo  Thường trực CCHC (Sở Nội vụ)"
    assert (
        lines["focal-vp"]
        == "  focal-vp     parindex-demo  Đầu mối của đơn vị (Văn phòng UBND tỉnh)"
    )
    assert "focal point" not in out.getvalue()
