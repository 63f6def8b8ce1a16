"""Input values as people read them where they cannot be edited (the page of a viewer, a
submitted assessment, the appraisal page), and as the parser reads them back where they can."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from parindex.web.assessments.models import AssessmentStatus
from parindex.web.assessments.views.display import shown_value

pytestmark = pytest.mark.django_db


def shown_inputs(html: str, code: str) -> list[str]:
    """The read-only inputs of sub-criterion ``code`` as '<dt>…</dt><dd>…</dd>' pairs."""
    row = html.split(f'id="n-{code.replace(".", "-")}"', 1)[1]
    block = row.split('<dl class="inputs">', 1)[1].split("</dl>", 1)[0]
    return re.findall(r"<dt>[^<]*</dt><dd>[^<]*</dd>", block)


def test_a_viewer_reads_counts_grouped_with_their_unit(as_user, demo) -> None:
    html = as_user("viewer").get(reverse("assessments:detail", args=[demo.pk])).content.decode()
    assert shown_inputs(html, "3.4.1")[0] == (
        "<dt>Số hồ sơ giải quyết đúng hạn</dt><dd>180.840 hồ sơ</dd>"
    )
    assert shown_inputs(html, "7.1.3") == [
        "<dt>Tỷ lệ văn bản trao đổi dưới dạng điện tử</dt><dd>82,598%</dd>"
    ]
    assert 'value="180840"' not in html and ">180840<" not in html


def test_in_english_the_same_value_reads_the_english_way(as_user, demo) -> None:
    client = as_user("viewer")
    html = client.get(
        reverse("assessments:detail", args=[demo.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert (
        shown_inputs(html, "3.4.1")[0]
        == "<dt>Dossiers resolved on time</dt><dd>180,840 dossiers</dd>"
    )
    assert shown_inputs(html, "7.1.3")[0].endswith("<dd>82.598%</dd>")


def test_an_editable_input_keeps_the_value_the_parser_reads(as_user, demo) -> None:
    html = as_user("focal").get(reverse("assessments:detail", args=[demo.pk])).content.decode()
    assert (
        '<input type="text" inputmode="decimal" id="n-3-4-1-on_time" name="on_time" '
        'value="180840" autocomplete="off"'
    ) in html
    assert 'name="rate" value="82.598"' in html


def test_the_appraisal_page_shows_the_units_figures_formatted(as_user, demo, advance) -> None:
    appraising = advance(demo, AssessmentStatus.APPRAISING)
    url = reverse("assessments:appraisal", args=[appraising.pk])
    html = as_user("appraiser").get(url).content.decode()
    assert "<div><dt>Số hồ sơ giải quyết đúng hạn</dt><dd>180.840 hồ sơ</dd></div>" in html
    assert "<dd>82,598%</dd>" in html and ">180840<" not in html


@pytest.mark.parametrize(
    ("value", "kind", "unit", "vi", "en"),
    [
        ("185443", "count", "hồ sơ", "185.443 hồ sơ", "185,443 hồ sơ"),
        ("98.7", "percent", "%", "98,7%", "98.7%"),
        ("5428326.5", "money", "triệu đồng", "5.428.326,5 triệu đồng", "5,428,326.5 triệu đồng"),
        ("true", "yes_no", "", "Có", "Yes"),
        ("false", "yes_no", "", "Không", "No"),
        ("", "count", "hồ sơ", "—", "—"),
        ("abc", "number", "", "abc", "abc"),  # a rejected entry shown back as typed
        ("NaN", "number", "", "NaN", "NaN"),
    ],
)
def test_shown_value(value, kind, unit, vi, en) -> None:
    with translation.override("vi"):
        assert shown_value(value, kind, unit, "vi") == vi
    with translation.override("en"):
        assert shown_value(value, kind, unit, "en") == en
