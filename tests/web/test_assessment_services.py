from decimal import Decimal

import pytest

from parindex.core.errors import InputError
from parindex.web.assessments.models import (
    Assessment,
    AssessmentStatus,
    FrameworkVersion,
    InputValue,
)
from parindex.web.assessments.services.campaigns import campaign_create, framework_version_import
from parindex.web.assessments.services.errors import (
    AssessmentLockedError,
    FrameworkFrozenError,
    IncompleteError,
    InputConflictError,
)
from parindex.web.assessments.services.inputs import assessment_input_set
from parindex.web.assessments.services.selectors import assessment_score
from parindex.web.assessments.services.workflow import points_parse
from parindex.web.audit.models import AuditEvent
from parindex.web.organisations.models import Unit

pytestmark = pytest.mark.django_db


def versions(assessment: Assessment, code: str) -> dict[str, int]:
    return dict(
        InputValue.objects.filter(assessment=assessment, node_code=code).values_list(
            "input_name", "version"
        )
    )


def test_demo_scores_the_seed_total(demo) -> None:
    card = assessment_score(assessment=demo)
    assert card.total_by("self") == (Decimal("61.4203"), Decimal("65.0"))
    assert card["3.4.1"].score == Decimal("1.4628")


def test_campaign_create_freezes_the_framework_and_opens_one_assessment_per_unit(
    demo, users
) -> None:
    version = demo.campaign.framework_version
    assert version.frozen
    agencies = list(demo.unit.children.all()[:3])
    campaign = campaign_create(
        name="Chỉ số CCHC các sở 2020",
        framework_version=version,
        year=2020,
        organiser=demo.unit,
        units=agencies,
        actor=users["secretariat"],
    )
    assert campaign.assessments.count() == 3
    assert set(campaign.units.all()) == set(agencies)
    assert AuditEvent.objects.filter(action="campaign.create", actor=users["secretariat"]).exists()


def test_frozen_framework_cannot_be_replaced(demo) -> None:
    version = demo.campaign.framework_version
    changed = version.yaml_text.replace('title: "Cải cách thủ tục hành chính"', 'title: "Khác"')
    with pytest.raises(FrameworkFrozenError):
        framework_version_import(text=changed)
    assert framework_version_import(text=version.yaml_text) == version
    assert FrameworkVersion.objects.count() == 1


def test_input_set_stores_canonical_values_and_audits(demo, users) -> None:
    result = assessment_input_set(
        assessment=demo,
        node_code="3.4.1",
        values={"on_time": "185.443", "total": "185.443"},
        versions=versions(demo, "3.4.1"),
        actor=users["focal"],
    )
    assert result.changed == ["on_time"]
    stored = InputValue.objects.get(assessment=demo, node_code="3.4.1", input_name="on_time")
    assert (stored.value, stored.version, stored.updated_by) == ("185443", 2, users["focal"])
    event = AuditEvent.objects.filter(action="input.set", field="3.4.1/on_time").latest("id")
    assert (event.before, event.after, event.actor) == ("180840", "185443", users["focal"])
    assert assessment_score(assessment=demo)["3.4.1"].score == Decimal("1.5")


def test_input_set_rejects_a_bad_value_and_writes_nothing(demo, users) -> None:
    before = AuditEvent.objects.count()
    with pytest.raises(InputError) as caught:
        assessment_input_set(
            assessment=demo,
            node_code="7.1.3",
            values={"rate": "120"},
            versions=versions(demo, "7.1.3"),
            actor=users["focal"],
        )
    assert caught.value.problems[0].params["input"] == "rate"
    assert AuditEvent.objects.count() == before


def test_two_users_saving_the_same_item_the_second_gets_a_conflict(demo, users) -> None:
    loaded = versions(demo, "7.1.3")
    assessment_input_set(
        assessment=demo,
        node_code="7.1.3",
        values={"rate": "90"},
        versions=loaded,
        actor=users["focal"],
    )
    with pytest.raises(InputConflictError) as caught:
        assessment_input_set(
            assessment=demo,
            node_code="7.1.3",
            values={"rate": "95"},
            versions=loaded,
            actor=users["admin"],
        )
    assert caught.value.names == ["rate"]
    assert InputValue.objects.get(assessment=demo, node_code="7.1.3").value == "90"


def test_empty_text_clears_an_input(demo, users) -> None:
    assessment_input_set(
        assessment=demo,
        node_code="8.6",
        values={"met": ""},
        versions=versions(demo, "8.6"),
        actor=users["focal"],
    )
    assert not InputValue.objects.filter(assessment=demo, node_code="8.6", input_name="met")
    assert not assessment_score(assessment=demo)["8.6"].complete


def test_submitted_assessment_is_locked(demo, users) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.SUBMITTED)
    demo.refresh_from_db()
    with pytest.raises(AssessmentLockedError):
        assessment_input_set(
            assessment=demo,
            node_code="7.1.3",
            values={"rate": "90"},
            versions={"rate": 1},
            actor=users["focal"],
        )


def test_inputs_only_go_on_self_scored_sub_criteria(demo, users) -> None:
    for code in ["3", "3.4", "1.BNV", "9.9"]:
        with pytest.raises(InputError):
            assessment_input_set(
                assessment=demo,
                node_code=code,
                values={"points": "1"},
                versions={},
                actor=users["focal"],
            )


def test_demo_units_exist_once_after_reloading(demo) -> None:
    from parindex.web.assessments.demo import demo_load

    assert demo_load().created is False
    assert Unit.objects.filter(name="Sở Nội vụ").count() == 1


def test_comment_is_saved_with_the_inputs_and_feeds_the_lost_sentence(demo, users) -> None:
    from parindex.web.assessments.models import NodeComment

    note = NodeComment.objects.get(assessment=demo, node_code="8.6")
    assert note.text.startswith("có 1 chỉ tiêu không đạt")
    result = assessment_input_set(
        assessment=demo,
        node_code="8.6",
        values={},
        versions={},
        comment="chỉ tiêu du lịch không đạt",
        comment_version=note.version,
        actor=users["focal"],
    )
    assert result.changed == ["_comment"]
    assert AuditEvent.objects.filter(field="8.6/_comment", after="chỉ tiêu du lịch không đạt")


def test_stale_comment_is_a_conflict(demo, users) -> None:
    with pytest.raises(InputConflictError) as caught:
        assessment_input_set(
            assessment=demo,
            node_code="8.6",
            values={},
            versions={},
            comment="khác",
            comment_version=0,
            actor=users["focal"],
        )
    assert caught.value.names == ["_comment"]


def test_user_creation_and_unit_loading_are_audited(demo) -> None:
    assert AuditEvent.objects.filter(action="user.create", object_repr="focal").exists()
    assert AuditEvent.objects.filter(action="units.load_provinces").count() == 1


@pytest.mark.parametrize(
    ("typed", "points"),
    [
        ("0,12345", "0.1235"),  # exactly half way: up, as the core rounds (not half-even)
        ("0.12345", "0.1235"),
        ("1,5", "1.5000"),
        (Decimal("0.00005"), "0.0001"),
    ],
)
def test_council_points_are_read_like_typed_numbers_and_rounded_half_up(typed, points) -> None:
    assert points_parse(typed, Decimal(2)) == Decimal(points)


@pytest.mark.parametrize(("typed", "problem"), [("abc", "invalid"), ("2,5", "out_of_range")])
def test_council_points_that_are_not_points_are_refused(typed, problem) -> None:
    with pytest.raises(IncompleteError) as refused:
        points_parse(typed, Decimal(2), "6.1.1")
    assert refused.value.missing == [("6.1.1", problem)]  # the item, not the form field
