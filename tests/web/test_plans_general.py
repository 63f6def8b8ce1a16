"""The plan's general texts (preamble, purpose, requirements, duties, recipients) edited on
the web page, each save a new version like an area edit."""

from __future__ import annotations

import io
import re

import pytest
from dbstate import assert_unchanged
from django.urls import reverse
from docx import Document as WordDocument
from plans_fixtures import *  # noqa: F403 (fixtures: plan, issued, today)

from parindex.web.plans import services
from parindex.web.plans.diff import plan_diff

pytestmark = pytest.mark.django_db


def form(plan, **over: str) -> dict[str, str]:
    """The page's form as loaded (the current texts), with ``over`` changed."""
    pure = services.plan_current(plan)
    data = {
        "version": str(plan.version),
        "preamble": "\n".join(pure.preamble),
        "purpose": "\n".join(pure.purpose),
        "requirements": "\n".join(pure.requirements),
        "recipients": "\n".join(pure.recipients),
        "note": "",
    }
    for i, duty in enumerate(pure.duties):
        data[f"duty_heading:{i}"] = duty.heading
        data[f"duty_items:{i}"] = "\n".join(duty.items)
    data[f"duty_heading:{len(pure.duties)}"] = ""
    data[f"duty_items:{len(pure.duties)}"] = ""
    data.update(over)
    return data


def url(plan) -> str:
    return reverse("plans:general_edit", args=[plan.pk])


def test_the_page_shows_the_current_texts(as_user, plan) -> None:
    html = as_user("secretariat").get(url(plan)).content.decode()
    pure = services.plan_current(plan)
    textarea = re.search(r'<textarea id="recipients"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea is not None and textarea.group(1).split("\n") == list(pure.recipients)
    assert f'value="{pure.duties[0].heading}"' in html
    detail = as_user("secretariat").get(plan.get_absolute_url()).content.decode()
    assert url(plan) in detail and pure.purpose[0] in detail


def test_saving_general_texts_makes_a_new_version(as_user, plan) -> None:
    pure = services.plan_current(plan)
    new_purpose = "Phấn đấu Chỉ số CCHC năm 2021 xếp trong nhóm 10 tỉnh đứng đầu."
    data = form(
        plan,
        purpose=f"{new_purpose}\n\n{pure.purpose[0]}\n",
        requirements="Bám sát Kế hoạch CCHC năm 2021.",
        recipients="Bộ Nội vụ;\nLưu: VT, NC.",
        note="Sửa mục đích, nơi nhận",
        **{
            "duty_items:1": "Báo cáo định kỳ Quý I, 6 tháng, Quý III, năm.",
            "duty_heading:2": "Trách nhiệm của Sở Thông tin và Truyền thông",
            "duty_items:2": "Tuyên truyền về CCHC.\nBảo đảm hạ tầng Cổng DVC.",
        },
    )
    response = as_user("secretariat").post(url(plan), data)
    assert response.status_code == 302 and response["Location"].endswith("#general")
    plan.refresh_from_db()
    after = services.plan_current(plan)
    assert after.purpose == (new_purpose, pure.purpose[0])
    assert after.requirements == ("Bám sát Kế hoạch CCHC năm 2021.",)
    assert after.recipients == ("Bộ Nội vụ;", "Lưu: VT, NC.")
    assert after.preamble == pure.preamble and after.areas == pure.areas
    assert [d.heading for d in after.duties] == [
        pure.duties[0].heading,
        pure.duties[1].heading,
        "Trách nhiệm của Sở Thông tin và Truyền thông",
    ]
    assert after.duties[0] == pure.duties[0]
    assert after.duties[1].items == ("Báo cáo định kỳ Quý I, 6 tháng, Quý III, năm.",)
    assert plan.version == 2
    versions = list(plan.versions.all())
    assert versions[0].note == "Sửa mục đích, nơi nhận"
    changed = {
        c.path.split(".")[0].split("[")[0]
        for c in plan_diff(versions[1].content, versions[0].content)
    }
    assert changed == {"purpose", "requirements", "recipients", "duties"}
    word = WordDocument(
        io.BytesIO(
            as_user("secretariat").get(reverse("plans:document", args=[plan.pk, "docx"])).content
        )
    )
    text = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        c.text for t in word.tables for r in t.rows for c in r.cells
    )
    assert new_purpose in text and "Tuyên truyền về CCHC." in text


def test_a_duty_group_emptied_is_removed(as_user, plan) -> None:
    data = form(plan, **{"duty_heading:1": "", "duty_items:1": "  \n"})
    assert as_user("secretariat").post(url(plan), data).status_code == 302
    plan.refresh_from_db()
    assert len(services.plan_current(plan).duties) == 1


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"purpose": "  \n "}, "Mục đích: cần ít nhất một đoạn."),
        ({"recipients": ""}, "Nơi nhận: cần ít nhất một đoạn."),
        ({"duty_heading:0": ""}, "Tổ chức thực hiện, nhóm 1: cần tiêu đề"),
        ({"duty_items:0": ""}, "cần ít nhất một nhiệm vụ."),
        (
            {"duty_heading:0": "", "duty_items:0": "", "duty_heading:1": "", "duty_items:1": ""},
            "Tổ chức thực hiện: cần ít nhất một nhóm trách nhiệm.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_specific_message_and_nothing_saved(
    as_user, plan, over, message
) -> None:
    response = as_user("secretariat").post(url(plan), form(plan, **over), follow=True)
    assert message in response.content.decode()
    plan.refresh_from_db()
    assert plan.version == 1 and plan.versions.count() == 1


def test_a_stale_form_is_refused(as_user, plan) -> None:
    client = as_user("secretariat")
    stale = form(plan, purpose="Bản A")
    assert client.post(url(plan), form(plan, purpose="Bản B")).status_code == 302
    response = client.post(url(plan), stale, follow=True)
    plan.refresh_from_db()
    assert services.plan_current(plan).purpose == ("Bản B",) and plan.version == 2
    assert "alert-error" in response.content.decode()


def test_only_the_secretariat_edits_and_only_a_draft(as_user, plan, users) -> None:
    # the viewer (leadership) reads the draft but may not edit it; focal points do not see it
    for name, code in (("viewer", 403), ("focal", 404), ("focal-vp", 404)):
        client = as_user(name)
        with assert_unchanged(plan):
            response = client.post(url(plan), form(plan, purpose="X"))
        assert response.status_code == code, name
    outsider = as_user("outsider").get(url(plan))
    assert outsider.status_code == 404 and "purpose" not in outsider.content.decode()
    services.plan_approve(plan=plan, actor=users["secretariat"])
    response = as_user("secretariat").post(url(plan), form(plan, purpose="X"))
    body = response.content.decode()  # refused, the text kept on the page for the user
    assert response.status_code == 200 and "không sửa được nữa" in body
    assert '<textarea id="purpose" name="purpose" rows="6">X</textarea>' in body
    plan.refresh_from_db()
    assert services.plan_current(plan).purpose != ("X",)
