"""A yes/no or choice answer reads as words in the reader's language wherever it is shown.

The database keeps what the rule reads (``true``, the Vietnamese choice); the self-assessment
page's controls, its read-only view, the appraisal page and the item's history show "Có" /
"Yes" and the choice's label in the page's language.
"""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from framework_campaigns import appraised, framework_campaign
from lxml import html as lxml_html

from parindex.core.model import InputSpec
from parindex.presentation.answers import answer_text
from parindex.web.assessments.models import InputValue
from parindex.web.assessments.services.inputs import assessment_input_set

pytestmark = pytest.mark.django_db

CHOICE = InputSpec(
    "channels", "choice", choices=("từ 3 hình thức trở lên", "không thực hiện"),
    choices_en=("3 channels or more", "none"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "raw", "vi", "en"),
    [
        (InputSpec("issued", "yes_no"), "true", "Có", "Yes"),
        (InputSpec("issued", "yes_no"), "false", "Không", "No"),
        (CHOICE, "không thực hiện", "không thực hiện", "none"),
        (InputSpec("on_time", "count"), "183500", "183.500", "183,500"),
        (InputSpec("rate", "percent"), "98.7", "98,7", "98.7"),
        (InputSpec("on_time", "count"), "", "", ""),
    ],
)
def test_an_answer_in_words(spec, raw, vi, en) -> None:
    assert (answer_text(spec, raw, "vi"), answer_text(spec, raw, "en")) == (vi, en)


@pytest.fixture
def department(demo, users):
    """The Department of Home Affairs' assessment on the example framework, inputs filled."""
    assessment = framework_campaign("par-department-example", users)
    assessment_input_set(
        assessment=assessment,
        node_code="1.4.2",
        values={"channels": "1 - 2 hình thức"},
        versions={"channels": 1},
        actor=None,
    )
    return assessment


def _page(client, url: str, language: str):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


@pytest.mark.parametrize(
    ("language", "yes", "chosen", "labels"),
    [
        ("vi", "Có", "1 - 2 hình thức", ["từ 3 hình thức trở lên", "1 - 2 hình thức"]),
        ("en", "Yes", "1 or 2 channels", ["3 channels or more", "1 or 2 channels"]),
    ],
)
def test_the_focal_point_picks_answers_by_their_words_the_value_kept_is_the_rules(
    department, as_user, language, yes, chosen, labels
) -> None:
    page = _page(as_user("focal-snv"), f"/assessments/{department.pk}/", language)
    issued = page.get_element_by_id("n-1-1-1-issued")
    assert [(o.get("value"), o.text) for o in issued.findall("option")][1:] == [
        ("true", yes),
        ("false", "No" if language == "en" else "Không"),
    ]
    assert issued.xpath("option[@selected]")[0].get("value") == "true"
    channels = page.get_element_by_id("n-1-4-2-channels")
    options = [(o.get("value"), (o.text or "")) for o in channels.findall("option")][1:]
    assert [label for _value, label in options][:2] == labels
    assert options[1][0] == "1 - 2 hình thức"  # the value posted is the framework's choice
    assert channels.xpath("option[@selected]")[0].text == chosen
    stored = InputValue.objects.get(assessment=department, node_code="1.4.2", input_name="channels")
    assert stored.value == "1 - 2 hình thức"


@pytest.mark.parametrize(
    ("language", "yes", "chosen"),
    [("vi", "Có", "1 - 2 hình thức"), ("en", "Yes", "1 or 2 channels")],
)
def test_read_only_answers_and_history_are_words(
    department, as_user, language, yes, chosen
) -> None:
    client = as_user("secretariat")  # reads the department's self-assessment, does not edit
    page = _page(client, f"/assessments/{department.pk}/", language)
    shown = {
        dt.text_content().strip(): dt.getnext().text_content().split()
        for dt in page.xpath("//article[@id='n-1-1-1' or @id='n-1-4-2']//dl/div/dt")
    }
    assert shown == {
        "Plan issued on time" if language == "en" else "Đã ban hành kế hoạch đúng hạn": [yes],
        "Communication channels" if language == "en" else "Số hình thức tuyên truyền": (
            chosen.split()
        ),
    }
    history = _page(client, f"/assessments/{department.pk}/nodes/1.4.2/history/", language)
    cells = [td.text_content().strip() for td in history.xpath("//td")]
    first = "3 channels or more" if language == "en" else "từ 3 hình thức trở lên"
    assert first in cells and chosen in cells


@pytest.mark.parametrize(
    ("language", "yes", "chosen"),
    [("vi", "Có", "1 - 2 hình thức"), ("en", "Yes", "1 or 2 channels")],
)
def test_the_council_reads_the_answers_as_words(
    department, users, as_user, language, yes, chosen
) -> None:
    appraised(department, users)
    page = _page(as_user("appraiser"), f"/assessments/{department.pk}/appraisal/", language)
    answers = {
        article.get("id"): [dd.text_content().split() for dd in article.xpath(".//dl//dd")]
        for article in page.xpath("//article[@id='n-1-1-1' or @id='n-1-4-2']")
    }
    quarter = "0,25" if language == "vi" else "0.25"  # the self-score, then the answer
    assert answers == {"n-1-1-1": [["1"], [yes]], "n-1-4-2": [[quarter], chosen.split()]}
