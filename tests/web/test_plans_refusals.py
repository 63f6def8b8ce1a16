"""Nothing a user typed is lost: a refused plan edit (bad field, a newer version saved by
someone else, a plan approved meanwhile) re-shows the form with exactly what was submitted,
each error next to its field, and saves nothing."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse
from plans_fixtures import *  # noqa: F403 (fixtures: plan)

from parindex.web.plans import services

pytestmark = pytest.mark.django_db


def area_url(plan) -> str:
    return reverse("plans:area_edit", args=[plan.pk, "3"])


def general_url(plan) -> str:
    return reverse("plans:general_edit", args=[plan.pk])


def area_post(plan, **over: str) -> dict[str, str]:
    data = {
        "version": str(plan.version),
        "points:3.4.1": "1,5",
        "measure:3.4.1:0": "99",
        "lead:3.4.1": "Sở Nội vụ",
        "leads": "Văn phòng UBND tỉnh | Kiểm soát TTHC\n",
        "coordinating": "Các sở, ban, ngành; UBND cấp huyện",
        "goal": "Mục tiêu tôi vừa gõ,\ndòng thứ hai",
        "task_text": "Nhiệm vụ mới tôi vừa gõ",
        "task_lead": "Sở Tư pháp",
        "task_deadline": "30/06/2021",
        "note": "Ghi chú của tôi",
    }
    data.update(over)
    return data


def general_post(plan, **over: str) -> dict[str, str]:
    pure = services.plan_current(plan)
    data = {
        "version": str(plan.version),
        "preamble": "\n".join(pure.preamble),
        "purpose": "Mục đích tôi vừa gõ",
        "requirements": "Yêu cầu một\nYêu cầu hai",
        "recipients": "\n".join(pure.recipients),
        "note": "Ghi chú của tôi",
    }
    for i, duty in enumerate(pure.duties):
        data[f"duty_heading:{i}"] = duty.heading
        data[f"duty_items:{i}"] = "\n".join(duty.items)
    n = len(pure.duties)
    data[f"duty_heading:{n}"] = "Trách nhiệm của Sở Thông tin và Truyền thông"
    data[f"duty_items:{n}"] = "Tuyên truyền về CCHC."
    data.update(over)
    return data


def field(body: str, name: str) -> str | None:
    """The value the page shows in the input or textarea named ``name``."""
    n = re.escape(html.escape(name))
    found = re.search(rf'<input id="[^"]*" name="{n}" value="([^"]*)"', body) or re.search(
        rf'<textarea id="[^"]*" name="{n}"[^>]*>(.*?)</textarea>', body, re.S
    )
    return None if found is None else html.unescape(found.group(1))


def note(body: str, dom_id: str, kind: str) -> str | None:
    """The error (``error``) or the newer saved value (``theirs``) shown next to a field."""
    if kind == "error":
        found = re.search(rf'<p class="error" id="{dom_id}-error">(.*?)</p>', body, re.S)
    else:
        found = re.search(rf'id="{dom_id}-theirs">.*?<pre[^>]*>(.*?)</pre>', body, re.S)
    return None if found is None else html.unescape(found.group(1))


def hidden_version(body: str) -> str:
    found = re.search(r'<input type="hidden" name="version" value="(\d+)">', body)
    assert found is not None
    return found.group(1)


def assert_all_kept(body: str, data: dict[str, str]) -> None:
    for name, value in data.items():
        if name != "version":
            assert field(body, name) == value, name


def assert_nothing_saved(plan, version: int = 1) -> None:
    plan.refresh_from_db()
    assert plan.version == version and plan.versions.count() == version


# --- the area page ------------------------------------------------------------------------


def test_area_every_bad_field_is_named_next_to_it_and_all_text_kept(as_user, plan) -> None:
    data = area_post(
        plan, **{"points:3.4.1": "abc", "measure:3.4.1:0": "9x", "task_deadline": "31/02/2021"}
    )
    response = as_user("secretariat").post(area_url(plan), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "không phải là số" in note(body, "points-3-4-1", "error")
    assert "“9x” không phải là số" in note(body, "measure-3-4-1-0", "error")
    assert "không phải là ngày" in note(body, "task_deadline", "error")
    assert 'aria-describedby="points-3-4-1-error"' in body
    assert_all_kept(body, data)
    assert hidden_version(body) == "1"
    assert_nothing_saved(plan)


def test_area_a_score_above_the_maximum_is_refused_next_to_its_field(as_user, plan) -> None:
    data = area_post(plan, **{"points:3.4.1": "2"})
    body = as_user("secretariat").post(area_url(plan), data).content.decode()
    assert "nằm ngoài khoảng 0..1,5" in note(body, "points-3-4-1", "error")
    assert field(body, "points:3.4.1") == "2" and field(body, "goal") == data["goal"]
    assert_nothing_saved(plan)


def test_area_no_lead_agency_is_refused_next_to_the_leads(as_user, plan) -> None:
    data = area_post(plan, leads="  \n")
    body = as_user("secretariat").post(area_url(plan), data).content.decode()
    assert "cần ít nhất một cơ quan chủ trì" in note(body, "leads", "error")
    assert field(body, "task_text") == "Nhiệm vụ mới tôi vừa gõ"
    assert_nothing_saved(plan)


def test_area_conflict_shows_both_versions_saves_nothing_then_the_merge_saves(
    client, users, plan
) -> None:
    client.force_login(users["secretariat"])
    first = area_post(plan, goal="Mục tiêu của chị Thư", **{"points:3.4.1": "1,4"})
    assert client.post(area_url(plan), first).status_code == 302
    client.force_login(users["admin"])
    mine = area_post(plan, goal="Mục tiêu của tôi", **{"points:3.4.1": "1,3"})
    response = client.post(area_url(plan), mine)
    body = response.content.decode()
    assert response.status_code == 200 and "đã lưu một phiên bản mới hơn" in body
    assert "Không có gì được lưu" in body
    assert_all_kept(body, mine)
    assert note(body, "goal", "theirs") == "Mục tiêu của chị Thư"
    assert note(body, "points-3-4-1", "theirs") == "1,4"
    assert note(body, "note", "theirs") is None  # a field they did not change: nothing beside
    assert_nothing_saved(plan, version=2)
    assert services.plan_current(plan).area("3").goal == "Mục tiêu của chị Thư"
    # the form now carries the newer version: the merged text saves
    merged = {**mine, "version": hidden_version(body), "goal": "Mục tiêu chung của hai người"}
    assert hidden_version(body) == "2"
    assert client.post(area_url(plan), merged).status_code == 302
    plan.refresh_from_db()
    assert plan.version == 3
    area = services.plan_current(plan).area("3")
    assert area.goal == "Mục tiêu chung của hai người"
    assert str(area.target("3.4.1").points) == "1.3"


def test_area_a_bad_field_on_a_stale_form_shows_the_error_and_the_newer_version(
    client, users, plan
) -> None:
    client.force_login(users["secretariat"])
    assert client.post(area_url(plan), area_post(plan, goal="Mục tiêu mới")).status_code == 302
    client.force_login(users["admin"])
    stale = area_post(plan, **{"points:3.4.1": "abc"})
    body = client.post(area_url(plan), stale).content.decode()
    assert "không phải là số" in note(body, "points-3-4-1", "error")
    assert "đã lưu một phiên bản mới hơn" in body
    assert note(body, "goal", "theirs") == "Mục tiêu mới"
    assert_all_kept(body, stale)
    assert hidden_version(body) == "2"
    assert_nothing_saved(plan, version=2)


def test_area_conflict_on_a_changed_task_list_asks_to_choose_again(client, users, plan) -> None:
    client.force_login(users["secretariat"])
    assert client.post(area_url(plan), area_post(plan)).status_code == 302  # adds a task
    client.force_login(users["admin"])
    stale = area_post(plan, task_text="", remove_task="0")
    body = client.post(area_url(plan), stale).content.decode()
    assert "hãy chọn lại nhiệm vụ cần bỏ" in body
    assert 'name="remove_task" value="0" checked' not in body
    assert_nothing_saved(plan, version=2)
    assert len(services.plan_current(plan).area("3").tasks) == 1


def test_area_a_plan_approved_meanwhile_keeps_the_text_and_saves_nothing(
    as_user, plan, users
) -> None:
    client = as_user("secretariat")
    data = area_post(plan)
    services.plan_approve(plan=plan, actor=users["secretariat"])
    response = client.post(area_url(plan), data)
    body = response.content.decode()
    assert response.status_code == 200 and "không sửa được nữa" in body
    assert_all_kept(body, data)
    assert "Lưu phiên bản mới" not in body
    assert_nothing_saved(plan)


# --- the general-texts page ---------------------------------------------------------------


def test_general_every_bad_field_is_named_next_to_it_and_all_text_kept(as_user, plan) -> None:
    data = general_post(plan, recipients=" \n", **{"duty_heading:0": ""})
    response = as_user("secretariat").post(general_url(plan), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert note(body, "recipients", "error") == "Nơi nhận: cần ít nhất một đoạn."
    assert "nhóm 1: cần tiêu đề" in note(body, "duty-heading-0", "error")
    assert note(body, "purpose", "error") is None
    kept = {k: v for k, v in data.items() if k != "recipients"}
    assert_all_kept(body, kept)  # the new duty group typed in the blank one included
    assert field(body, "recipients").strip() == ""
    assert hidden_version(body) == "1"
    assert_nothing_saved(plan)


def test_general_conflict_shows_both_versions_saves_nothing_then_the_merge_saves(
    client, users, plan
) -> None:
    client.force_login(users["secretariat"])
    theirs = general_post(plan, purpose="Mục đích của chị Thư")
    assert client.post(general_url(plan), theirs).status_code == 302
    client.force_login(users["admin"])
    mine = general_post(plan, purpose="Mục đích của tôi\nđoạn hai")
    body = client.post(general_url(plan), mine).content.decode()
    assert "đã lưu một phiên bản mới hơn" in body
    assert_all_kept(body, mine)
    assert note(body, "purpose", "theirs") == "Mục đích của chị Thư"
    # a duty group they added and I typed alike: nothing beside it
    n = len(services.plan_current(plan).duties) - 1
    assert note(body, f"duty-heading-{n}", "theirs") is None
    assert_nothing_saved(plan, version=2)
    merged = {**mine, "version": hidden_version(body), "purpose": "Mục đích chung"}
    assert client.post(general_url(plan), merged).status_code == 302
    plan.refresh_from_db()
    assert plan.version == 3 and services.plan_current(plan).purpose == ("Mục đích chung",)


def test_area_core_refusals_are_worded_in_the_reader_language(client, users, plan) -> None:
    """The core names the problem (a code and its numbers); the page words it, here in English."""
    client.force_login(users["secretariat"])
    client.cookies["django_language"] = "en"
    data = area_post(plan, leads=" \n", **{"points:3.4.1": "2"})
    body = client.post(area_url(plan), data).content.decode()
    assert note(body, "points-3-4-1", "error") == "Target points 3.4.1: 2 outside 0..1.5."
    assert note(body, "leads", "error") == "Area 3 needs at least one lead agency."
    assert_nothing_saved(plan)


def test_area_a_task_index_that_is_gone_is_refused_next_to_the_tasks(as_user, plan) -> None:
    data = area_post(plan, task_text="", remove_task="4")
    body = as_user("secretariat").post(area_url(plan), data).content.decode()
    found = re.search(r'<p class="error" id="remove-task-error">(.*?)</p>', body)
    assert found is not None and found.group(1) == "Lĩnh vực 3 không có nhiệm vụ thứ 5."
    assert_nothing_saved(plan)
