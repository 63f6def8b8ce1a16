"""List and detail pages pin their query counts, so N+1 regressions fail."""

import pytest
from django.urls import reverse

from parindex.web.assessments.services.campaigns import campaign_create

pytestmark = pytest.mark.django_db


def test_assessment_list_query_count_does_not_grow_with_assessments(
    as_user, demo, users, django_assert_num_queries
) -> None:
    client = as_user("secretariat")
    url = reverse("assessments:list")
    # session, user, memberships, assessments, unread notifications (header)
    with django_assert_num_queries(5):
        client.get(url)
    campaign_create(
        name="Chỉ số CCHC các sở 2020",
        framework_version=demo.campaign.framework_version,
        year=2020,
        organiser=demo.unit,
        units=list(demo.unit.children.all()),
    )
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.content.decode().count("/assessments/") >= 8


def test_detail_query_count_is_constant(as_user, demo, django_assert_num_queries) -> None:
    client = as_user("focal")
    url = reverse("assessments:detail", args=[demo.pk])
    # session, user, memberships, assessment, inputs, comments, unread notifications (header),
    # the folded evidence panels' titles and statuses, read once for all rows (the library is
    # read only when a panel is opened), and the values applied from the dossier log, read
    # once for all rows
    with django_assert_num_queries(11):
        client.get(url)
