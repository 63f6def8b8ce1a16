"""Text typed by a user or brought by an imported file reaches Excel as text, never a formula."""

from __future__ import annotations

import io

import openpyxl
from django.urls import reverse

from parindex.web.dossiers.results import Grid, workbook

ATTACK = "=cmd|' /C calc'!A0"


def _cells(content: bytes) -> dict[object, str]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        c.value: c.data_type
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.value is not None
    }


def test_a_campaign_name_is_text_in_the_scorecard_and_campaign_exports(as_user, demo) -> None:
    campaign = demo.campaign
    campaign.name = ATTACK
    campaign.save(update_fields=["name"])
    scorecard = _cells(as_user("focal").get(reverse("assessments:export", args=[demo.pk])).content)
    assert scorecard[f"{demo.unit.name} · {ATTACK}"] == "s"
    assert "f" not in scorecard.values()
    listing = as_user("secretariat").get(reverse("assessments:campaigns_export"))
    assert listing.status_code == 200
    assert _cells(listing.content)[ATTACK] == "s"


def test_agency_names_from_an_imported_log_are_text() -> None:
    table = Grid("agency", ["agency_name", "received"], [[ATTACK, 3], ["Sở Tư pháp", 4]])
    cells = _cells(workbook([table], {"agency_name": "Cơ quan", "received": "Tiếp nhận"}))
    assert cells[ATTACK] == "s"
    assert "f" not in cells.values()
