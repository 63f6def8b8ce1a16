"""A national results file built to explode is one problem on the import page; nothing imported."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bombs import office_bomb
from parindex.core.limits import CODE
from parindex.national import NationalImportError
from parindex.web.dashboards import services
from parindex.web.dashboards.models import NationalResultRow, NationalResultSet

pytestmark = pytest.mark.django_db


def test_national_results_service_refuses_a_zip_bomb_and_imports_nothing(demo, users):
    with pytest.raises(NationalImportError) as excinfo:
        services.national_results_import(
            data=office_bomb(), file_name="kq.xlsx", actor=users["secretariat"], year=2019
        )

    (problem,) = excinfo.value.problems
    assert (problem.code, problem.params["limit"]) == (CODE, "zip_total_bytes")
    assert not NationalResultSet.objects.exists() and not NationalResultRow.objects.exists()


def test_national_import_page_says_the_file_is_too_large_or_damaged(as_user, demo):
    response = as_user("secretariat").post(
        reverse("dashboards:national_import"),
        {"file": SimpleUploadedFile("kq.xlsx", office_bomb()), "year": "2019"},
    )

    html = response.content.decode()
    assert 'id="import-problems"' in html and 'id="import-preview"' not in html
    assert "Tệp quá lớn hoặc bị hỏng." in html
    assert "dashboards_national_import" not in as_user("secretariat").session
    assert not NationalResultSet.objects.exists() and not NationalResultRow.objects.exists()
