"""The self-assessment page folds each row's evidence panel to its title and status; opening
it loads the whole panel (htmx), which then replaces the folded one."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from test_evidence_files import pdf_bytes

from parindex.web.evidence import services

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def folded(html: str, dom_id: str) -> str:
    """The folded panel's element, from its opening tag to its ``</details>``."""
    start = html.index(f'id="{dom_id}"')
    start = html.rindex("<details", 0, start)
    return html[start : html.index("</details>", start)]


def status(html: str, dom_id: str) -> str:
    return re.search(r'<span class="status[^"]*">([^<]*)</span>', folded(html, dom_id)).group(1)


def test_each_row_shows_its_evidence_status_and_the_panel_loads_when_opened(as_user, demo, users):
    services.document_upload(
        unit=demo.unit,
        title="Báo cáo",
        file=io.BytesIO(pdf_bytes()),
        original_name="bao-cao.pdf",
        actor=users["focal"],
        assessment=demo,
        node_code="3.4.1",
    )
    services.explanation_set(
        assessment=demo, node_code="3.4.2", text="Chưa ban hành", version=0, actor=users["focal"]
    )
    client = as_user("focal")
    html = client.get(demo.get_absolute_url()).content.decode()
    assert status(html, "ev-3-4-1") == "Đã có tài liệu"
    assert status(html, "ev-3-4-2") == "Đã giải trình"
    assert status(html, "ev-3-4-3") == "Chưa có tài liệu"
    panel_url = reverse("evidence:node", args=[demo.pk, "3.4.1"])
    assert f'hx-get="{panel_url}" hx-trigger="toggle once" hx-swap="outerHTML"' in folded(
        html, "ev-3-4-1"
    )
    assert f'<a href="{panel_url}">' in folded(html, "ev-3-4-1")  # without JavaScript
    # the forms and documents are not on the page until a panel is opened
    assert "bao-cao.pdf" not in html
    assert reverse("evidence:upload", args=[demo.pk, "3.4.1"]) not in html
    opened = client.get(panel_url, **HTMX).content.decode()
    assert opened.lstrip().startswith('<section class="evidence-panel" id="ev-3-4-1"')
    assert "bao-cao.pdf" in opened
    assert reverse("evidence:upload", args=[demo.pk, "3.4.1"]) in opened


def test_a_withdrawn_document_no_longer_counts_on_the_next_load(as_user, demo, users):
    version = services.document_upload(
        unit=demo.unit,
        title="Báo cáo",
        file=io.BytesIO(pdf_bytes()),
        original_name="bao-cao.pdf",
        actor=users["focal"],
        assessment=demo,
        node_code="3.4.1",
    )
    client = as_user("focal")
    assert status(client.get(demo.get_absolute_url()).content.decode(), "ev-3-4-1") == (
        "Đã có tài liệu"
    )
    services.document_withdraw(document=version.document, reason="Sai năm", actor=users["focal"])
    assert status(client.get(demo.get_absolute_url()).content.decode(), "ev-3-4-1") == (
        "Chưa có tài liệu"
    )


def test_someone_who_cannot_see_the_evidence_gets_no_folded_panel(demo, users):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = users["outsider"]
    html = Template('{% include "evidence/_node_evidence_summary.html" %}').render(
        Context({"assessment": demo, "code": "3.4.1", "request": request})
    )
    assert html.strip() == ""


def test_the_folded_panel_is_translated(as_user, demo, settings):
    client = as_user("focal")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(demo.get_absolute_url()).content.decode()
    assert "View and update the evidence" in folded(html, "ev-3-4-1")


# The evidence list of a large framework: one area at a time ---------------------------


def test_above_the_limit_the_evidence_list_shows_one_area_and_links_to_the_others(
    as_user, demo, settings
):
    from parindex.web.evidence.services import self_leaf_codes

    codes = self_leaf_codes(demo)
    areas = list(dict.fromkeys(code.split(".")[0] for code in codes))
    client = as_user("focal")
    page = reverse("evidence:assessment", args=[demo.pk])
    html = client.get(page).content.decode()
    assert all(f'id="ev-{c.replace(".", "-")}"' in html for c in codes)  # under the limit
    assert 'aria-current="page"' not in html

    settings.PARINDEX_EVIDENCE_ONE_AREA_ABOVE = len(codes) - 1
    first = client.get(page).content.decode()
    shown = [c for c in codes if f'id="ev-{c.replace(".", "-")}"' in first]
    assert shown == [c for c in codes if c.split(".")[0] == areas[0]]
    assert f'<strong aria-current="page">{areas[0]}. ' in first
    assert f'<a href="?area={areas[1]}">{areas[1]}. ' in first
    other = client.get(page, {"area": areas[1]}).content.decode()
    shown = [c for c in codes if f'id="ev-{c.replace(".", "-")}"' in other]
    assert shown == [c for c in codes if c.split(".")[0] == areas[1]]
    # an unknown area is the first one
    unknown = client.get(page, {"area": "nope"}).content.decode()
    shown = [c for c in codes if f'id="ev-{c.replace(".", "-")}"' in unknown]
    assert shown == [c for c in codes if c.split(".")[0] == areas[0]]


def test_a_gap_links_to_its_panel_on_its_areas_page(as_user, demo, settings):
    from parindex.web.evidence.services import self_leaf_codes, submission_gaps

    gaps = [g.node_code for g in submission_gaps(demo)]
    assert gaps, "the demo has sub-criteria without evidence"
    settings.PARINDEX_EVIDENCE_ONE_AREA_ABOVE = len(self_leaf_codes(demo)) - 1
    html = as_user("focal").get(reverse("evidence:assessment", args=[demo.pk])).content.decode()
    first_area = self_leaf_codes(demo)[0].split(".")[0]
    for code in gaps:
        dom_id = "ev-" + code.replace(".", "-")
        area = code.split(".")[0]
        href = f"#{dom_id}" if area == first_area else f"?area={area}#{dom_id}"
        assert f'<a href="{href}">{code}</a>' in html


def test_a_plain_form_of_an_opened_panel_comes_back_to_it_unfolded(as_user, demo):
    client = as_user("focal")
    page = demo.get_absolute_url()
    opened = client.get(
        reverse("evidence:node", args=[demo.pk, "3.4.1"]),
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
        **HTMX,
    ).content.decode()
    back = f'name="next" value="{page}?evidence=3.4.1"'
    assert back in opened
    response = client.post(
        reverse("evidence:upload", args=[demo.pk, "3.4.1"]),
        {"file": SimpleUploadedFile("bao-cao.pdf", pdf_bytes()), "next": f"{page}?evidence=3.4.1"},
    )
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert '<section class="evidence-panel" id="ev-3-4-1"' in html  # unfolded, with the file
    assert "bao-cao.pdf" in html
    assert "evidence-folded" in folded(html, "ev-3-4-2")


def test_only_self_scored_rows_offer_an_evidence_panel(as_user, demo) -> None:
    """A row the Ministry scores (1.BNV) or a survey scores (DT.R) has no panel: its link
    led to a 404."""
    page = as_user("focal").get(reverse("assessments:detail", args=[demo.pk])).content.decode()
    for code in ("1.BNV", "DT.R"):
        url = reverse("evidence:node", args=[demo.pk, code])
        assert url not in page
        assert as_user("focal").get(url).status_code == 404
    assert reverse("evidence:node", args=[demo.pk, "3.4.1"]) in page
