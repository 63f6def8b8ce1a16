"""Contributing agencies prepare their areas of the provincial self-assessment, and only those."""

import pytest
from dbstate import assert_unchanged
from django.urls import reverse

from parindex.web.assessments.models import Contribution, InputValue
from parindex.web.assessments.services.assignments import contribution_assign
from parindex.web.assessments.services.errors import NotAllowedError

pytestmark = pytest.mark.django_db


def edit(client, assessment, code, data):
    return client.post(
        reverse("assessments:node_update", args=[assessment.pk, code]), data, HTTP_HX_REQUEST="true"
    )


def test_demo_assigns_each_area_to_the_seeds_lead_agency(demo) -> None:
    assigned = {
        c.node_code: c.unit.short_name for c in Contribution.objects.filter(assessment=demo)
    }
    assert assigned == {
        "1": "SNV",
        "2": "STP",
        "3": "VP",
        "4": "SNV",
        "5": "SNV",
        "6": "STC",
        "7": "STTTT",
        "8": "SKHDT",
    }


def test_contributing_agency_lists_the_assessment(as_user, demo) -> None:
    html = as_user("focal-stc").get(reverse("assessments:list")).content.decode()
    assert demo.get_absolute_url() in html


def test_contributing_agency_page_shows_only_its_areas(as_user, demo) -> None:
    html = as_user("focal-stc").get(demo.get_absolute_url()).content.decode()
    assert 'id="n-6-head"' in html
    assert 'id="n-3-head"' not in html and 'id="n-7-head"' not in html
    assert f'hx-post="{reverse("assessments:node_update", args=[demo.pk, "6.1.1"])}"' in html


def test_contributing_agency_edits_its_area(as_user, demo) -> None:
    response = edit(
        as_user("focal-stc"),
        demo,
        "6.1.1",
        {
            "disbursed": "5.500.000",
            "planned": "5.641.170",
            "version-disbursed": "1",
            "version-planned": "1",
        },
    )
    assert response.status_code == 200
    row = InputValue.objects.get(assessment=demo, node_code="6.1.1", input_name="disbursed")
    assert row.value == "5500000"


def test_contributing_agency_cannot_edit_another_area(as_user, demo) -> None:
    response = edit(as_user("focal-stc"), demo, "7.1.3", {"rate": "90", "version-rate": "1"})
    assert response.status_code == 403
    assert InputValue.objects.get(assessment=demo, node_code="7.1.3").value == "82.598"


def test_an_agency_with_several_areas_edits_all_of_them(as_user, demo) -> None:
    client = as_user("focal-snv")
    html = client.get(demo.get_absolute_url()).content.decode()
    assert all(f'id="n-{a}-head"' in html for a in ("1", "4", "5"))
    assert 'id="n-6-head"' not in html
    assert edit(client, demo, "1.R", {"points": "7", "version-points": "1"}).status_code == 200


def test_contributing_agency_does_not_submit(as_user, demo, no_gaps) -> None:
    client = as_user("focal-stc")
    with assert_unchanged(demo):
        response = client.post(reverse("assessments:submit", args=[demo.pk]))
    assert response.status_code == 403
    demo.refresh_from_db()
    assert demo.status == "draft"


def test_the_provinces_focal_point_still_edits_everything(as_user, demo) -> None:
    response = edit(as_user("focal"), demo, "7.1.3", {"rate": "90", "version-rate": "1"})
    assert response.status_code == 200
    stored = InputValue.objects.get(assessment=demo, node_code="7.1.3", input_name="rate")
    assert stored.value == "90" and stored.version == 2


def test_only_the_secretariat_assigns_areas(users, demo) -> None:
    with pytest.raises(NotAllowedError):
        contribution_assign(
            assessment=demo, node_code="6", unit=users["focal"].unit, actor=users["focal"]
        )
    contribution_assign(
        assessment=demo, node_code="6", unit=users["focal-snv"].unit, actor=users["secretariat"]
    )
    assert Contribution.objects.get(assessment=demo, node_code="6").unit == users["focal-snv"].unit


def test_reloading_an_older_demo_adds_the_contributions(demo) -> None:
    from parindex.web.accounts.models import User
    from parindex.web.assessments.demo import demo_load

    Contribution.objects.all().delete()
    User.objects.filter(username="focal-stc").delete()
    demo_load()
    assert Contribution.objects.filter(assessment=demo).count() == 8
    assert User.objects.filter(username="focal-stc").exists()
