"""API list endpoints pin their query counts, so N+1 regressions fail."""

import pytest
from django.test import Client
from django.urls import reverse

from parindex.web.api.services import api_token_create
from parindex.web.assessments.services.campaigns import campaign_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretariat(users, demo) -> Client:
    _token, plain = api_token_create(user=users["secretariat"], name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    client.get(reverse("api:campaigns"))  # notes the token's first use (one write)
    return client


def more_campaigns(demo) -> None:
    for year in (2021, 2022):
        campaign_create(
            name=f"Chỉ số CCHC các sở {year}",
            framework_version=demo.campaign.framework_version,
            year=year,
            organiser=demo.unit,
            units=list(demo.unit.children.all()),
        )


# The token's rate limit counts in the database cache (the default): savepoint, lock, read,
# write, release, and the previous minute's count. With Redis these are not SQL queries.
RATE = 6


# token and user, memberships, then the endpoint's own queries
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("campaigns", 4 + RATE),  # + status counts, campaigns
        ("assessments", 3 + RATE),  # + assessments with campaign, framework, organiser, unit
    ],
)
def test_list_query_count_does_not_grow(
    name, queries, secretariat, demo, django_assert_num_queries
):
    url = reverse(f"api:{name}")
    with django_assert_num_queries(queries):
        secretariat.get(url)
    more_campaigns(demo)
    with django_assert_num_queries(queries):
        response = secretariat.get(url)
    assert len(response.json()[name]) >= 3


def test_campaign_detail_query_count_does_not_grow(secretariat, demo, django_assert_num_queries):
    more_campaigns(demo)
    campaign = demo.unit.organised_campaigns.order_by("-year").first()
    # token, memberships, status counts, campaign, assessments
    with django_assert_num_queries(5 + RATE):
        response = secretariat.get(reverse("api:campaign", args=[campaign.pk]))
    assert len(response.json()["assessments"]) >= 7


def test_inputs_and_scorecard_query_counts_are_constant(
    secretariat, demo, django_assert_num_queries
):
    # token, memberships, assessment, inputs, comments
    with django_assert_num_queries(5 + RATE):
        secretariat.get(reverse("api:inputs", args=[demo.pk]))
    with django_assert_num_queries(5 + RATE):
        secretariat.get(reverse("api:scorecard", args=[demo.pk]))
