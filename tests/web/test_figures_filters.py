"""The formatter's template filters: builtins of every template, in the page's language."""

import datetime
from decimal import Decimal

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from parindex.web.assessments.models import InputValue

TEMPLATE = (
    "{{ n|count }}|{{ p|points }}|{{ stored|points }}|{{ r|percent }}|{{ d|pp }}|{{ s|signed }}|"
    "{{ day|day }}|{{ at|moment }}|{{ op|sign }}|{{ none|points }}|{{ text|points }}"
)
CONTEXT = {
    "n": 183500,
    "p": Decimal("0.5000"),
    "stored": "82.598",
    "r": Decimal("97.51779"),
    "d": Decimal("1.25"),
    "s": Decimal("-0.0372"),
    "day": datetime.date(2021, 2, 5),
    "at": datetime.datetime(2021, 3, 31, 2, 5, tzinfo=datetime.UTC),
    "op": ">=",
    "none": None,
    "text": "—",
}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "vi",
            "183.500|0,5|82,598|97,52%|+1,25 điểm phần trăm|-0,0372|05/02/2021|"
            "31/03/2021 09:05|≥||—",
        ),
        (
            "en",
            "183,500|0.5|82.598|97.52%|+1.25 percentage points|-0.0372|05/02/2021|"
            "31/03/2021 09:05|≥||—",
        ),
    ],
)
def test_every_template_formats_figures_without_loading_a_library(language, expected) -> None:
    template = engines["django"].from_string(TEMPLATE)
    with translation.override(language), timezone.override("Asia/Ho_Chi_Minh"):
        assert template.render(CONTEXT) == expected


@pytest.mark.django_db
def test_the_item_history_dates_read_dd_mm_yyyy_in_english_too(as_user, demo) -> None:
    row = InputValue.objects.get(assessment=demo, node_code="7.1.3")
    client = as_user("focal")
    client.post(
        reverse("assessments:node_update", args=[demo.pk, "7.1.3"]),
        {"rate": "90", "version-rate": str(row.version)},
    )
    url = reverse("assessments:item_history", args=[demo.pk, "7.1.3"])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    today = timezone.localtime().strftime("%d/%m/%Y")
    assert today in html
    assert "a.m." not in html and "p.m." not in html  # not Django's English m/d/Y P


@pytest.mark.parametrize(
    ("text", "filter_", "shown"),
    [
        ("2021-01-02", "day", "02/01/2021"),
        ("2021-01-02", "moment", "02/01/2021"),
        ("2026-12-03T07:10:09+00:00", "moment", "03/12/2026 14:10"),
        ("2026-12-03T07:10:09+00:00", "day", "03/12/2026"),
        ("not a date", "day", "not a date"),
    ],
)
def test_an_iso_text_kept_as_json_reads_as_a_date(text, filter_, shown) -> None:
    template = engines["django"].from_string("{{ v|" + filter_ + " }}")
    with timezone.override("Asia/Ho_Chi_Minh"):
        assert template.render({"v": text}) == shown
