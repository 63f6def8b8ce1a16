"""Applying the dossier log's figures is one more door for impossible inputs: a figure the
framework's relations refuse (more dossiers resolved than the unit says it received) is refused
on the results page in words, and nothing of the apply is stored."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from test_dossiers_import import dossier_root, import_log, log_csv, province  # noqa: F401
from test_dossiers_results import apply_post

from parindex.frameworks import DIRECTORY
from parindex.indicators import apply, inputs_document, open_dataset
from parindex.presentation.numbers import fmt_count
from parindex.web.assessments.models import Assessment, InputValue
from parindex.web.assessments.services.campaigns import campaign_create, framework_version_import
from parindex.web.assessments.services.inputs import assessment_input_set
from parindex.web.audit.models import AuditEvent
from parindex.web.dossiers import services
from parindex.web.dossiers.models import AppliedIndicator

pytestmark = pytest.mark.django_db

RULE = "            rule: {kind: proportional, numerator: on_time, denominator: total}"
#: 3.4.1 also asks for the dossiers received, typed by the unit, and declares resolved ≤ received
RECEIVED = (
    '              received: {kind: count, title: "Số hồ sơ tiếp nhận", '
    'title_en: "Dossiers received", unit: "hồ sơ", unit_en: "dossiers"}\n'
    '            relations: [{left: total, op: "<=", right: received}]\n'
)


@pytest.fixture
def received_10(users, province) -> Assessment:  # noqa: F811
    """A 2020 assessment of the province on a 1149 version declaring resolved ≤ received, where
    the unit typed 10 dossiers received."""
    text = (DIRECTORY / "par-province-1149.yaml").read_text(encoding="utf-8")
    at = text.index(RULE, text.index('code: "3.4.1"'))
    text = text[:at] + RECEIVED + text[at:]
    text = text.replace('version: "2020.1"', 'version: "2020.9"', 1)
    version = framework_version_import(text=text, source="par-province-1149-received.yaml")
    today = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0)
    campaign = campaign_create(
        name="Đánh giá năm 2020 (số hồ sơ tiếp nhận)",
        framework_version=version,
        year=2020,
        organiser=province,
        units=[province],
        self_assessment_due=today + datetime.timedelta(days=30),
        appraisal_due=today + datetime.timedelta(days=60),
    )
    assessment = campaign.assessments.get()
    assessment_input_set(
        assessment=assessment,
        node_code="3.4.1",
        values={"received": "10"},
        versions={},
        actor=users["focal"],
    )
    return assessment


def test_the_log_s_figures_above_what_the_unit_received_are_refused_in_words(
    as_user,
    users,
    province,  # noqa: F811
    dossier_root,  # noqa: F811
    log_csv,  # noqa: F811
    received_10,
) -> None:
    import_log(users, province, log_csv)
    resolved = inputs_document(
        apply(open_dataset(services.province_store(province)), "par-province-1149", 2020)
    )["3.4.1"]["total"]
    assert resolved > 10
    client = as_user("secretariat")
    before = list(InputValue.objects.filter(assessment=received_10).values_list("pk", "value"))
    assert [v for _pk, v in before] == ["10"]
    audits = AuditEvent.objects.count()

    response = apply_post(client, province, received_10)

    back = f"{reverse('dossiers:results', args=[province.pk])}?assessment={received_10.pk}"
    assert response.status_code == 302 and response.url == back
    page = client.get(back).content.decode()
    assert (
        f"Không thể áp dụng: 3.4.1: Tổng số hồ sơ đã giải quyết ({fmt_count(resolved)}) không "
        "được lớn hơn Số hồ sơ tiếp nhận (10)"
    ) in page
    stored = list(InputValue.objects.filter(assessment=received_10).values_list("pk", "value"))
    assert stored == before  # all or nothing: not even 3.4.2, 3.4.3 or 7.2.1
    assert AppliedIndicator.objects.filter(assessment=received_10).count() == 0
    assert AuditEvent.objects.count() == audits
