"""Every hand-off of the cycle tells exactly whoever acts next, with a link straight to the item,
in the application and by e-mail (at once, or in the daily digest if the person chose it)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from task_worker import run_queued

from parindex.web.accounts.models import User
from parindex.web.assessments.models import AssessmentStatus, ItemAppraisal
from parindex.web.assessments.services.appeals import appeal_decide, item_appeal
from parindex.web.assessments.services.appraisal import (
    assessment_finalise,
    item_appraise,
    item_explain,
)
from parindex.web.assessments.services.workflow import (
    assessment_confirm,
    assessment_submit,
    campaign_publish,
    self_leaves,
)
from parindex.web.notifications.handoffs import mail_choice_set, send_digests
from parindex.web.notifications.models import Kind, MailChoice, Notification

pytestmark = pytest.mark.django_db

RETURNED = "3.4.2"  # area 3 is prepared by Văn phòng UBND tỉnh (focal-vp)
REASON = "Chưa có số liệu hồ sơ trễ hạn cấp xã"


@pytest.fixture
def addresses(users) -> dict[str, User]:
    """Every demo user has a mail address: who is mailed is then decided by the hand-off."""
    for user in users.values():
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@laocai.gov.vn")
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def mailed(django_capture_on_commit_callbacks):
    """Run a step as a request would: commit, then the worker sends the queued mail."""

    def run(step):
        with django_capture_on_commit_callbacks(execute=True):
            result = step()
        run_queued()
        return result

    return run


def told(kind: str) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", "link"))


def outbox() -> list[tuple[list[str], str]]:
    return sorted((m.to, m.subject) for m in mail.outbox)


def test_submitting_tells_the_unit_head_only(demo, no_gaps, addresses, mailed) -> None:
    mailed(lambda: assessment_submit(assessment=demo, actor=addresses["focal"]))

    assert told(Kind.SUBMITTED) == [("head", demo.get_absolute_url())]
    assert Notification.objects.count() == 1
    note = Notification.objects.get()
    assert note.actor == addresses["focal"] and not note.read
    assert note.message == (
        "Phiếu tự đánh giá của Tỉnh Lào Cai chờ thủ trưởng xác nhận. Đầu mối tự đánh giá của "
        "tỉnh đã gửi phiếu tự đánh giá của Tỉnh Lào Cai (Tự đánh giá Chỉ số CCHC tỉnh Lào Cai "
        "năm 2020). Đề nghị xem và xác nhận để gửi Hội đồng thẩm định, hoặc trả lại để hoàn "
        "thiện."
    )
    assert outbox() == [
        (["head@laocai.gov.vn"], "Phiếu tự đánh giá của Tỉnh Lào Cai chờ thủ trưởng xác nhận")
    ]
    assert demo.get_absolute_url() in mail.outbox[0].body
    assert Notification.objects.get().mailed_at is not None


def test_confirming_tells_the_secretariat_only(demo, advance, addresses, mailed) -> None:
    advance(demo, AssessmentStatus.PENDING)
    mail.outbox.clear()
    mailed(lambda: assessment_confirm(assessment=demo, actor=addresses["head"]))

    assert told(Kind.CONFIRMED) == [("secretariat", demo.get_absolute_url())]
    assert Notification.objects.exclude(kind=Kind.SUBMITTED).count() == 1
    assert outbox() == [
        (
            ["secretariat@laocai.gov.vn"],
            "Tỉnh Lào Cai đã gửi phiếu tự đánh giá tới Hội đồng thẩm định",
        )
    ]


def test_starting_appraisal_tells_each_assigned_appraiser(demo, advance, addresses, mailed) -> None:
    from parindex.web.assessments.services.assignments import area_appraiser_assign
    from parindex.web.assessments.services.workflow import assessment_appraisal_start

    advance(demo, AssessmentStatus.SUBMITTED)
    area = User.objects.create(username="appraiser-3", email="a3@laocai.gov.vn")
    area.memberships.create(unit=addresses["appraiser"].unit, role="appraiser")
    area_appraiser_assign(
        campaign=demo.campaign, node_code="3", appraiser=area, actor=addresses["secretariat"]
    )
    mail.outbox.clear()
    mailed(lambda: assessment_appraisal_start(assessment=demo, actor=addresses["secretariat"]))

    link = reverse("assessments:appraisal", args=[demo.pk])
    assert told(Kind.APPRAISAL_STARTED) == [("appraiser", link), ("appraiser-3", link)]
    assert outbox() == [
        (["a3@laocai.gov.vn"], "Phiếu đánh giá của Tỉnh Lào Cai đã mở để thẩm định"),
        (["appraiser@laocai.gov.vn"], "Phiếu đánh giá của Tỉnh Lào Cai đã mở để thẩm định"),
    ]


@pytest.fixture
def returned(demo, advance, addresses, mailed):
    """Appraising; 3.4.2 returned for explanation by the appraiser (mail sent)."""
    advance(demo, AssessmentStatus.APPRAISING)
    mail.outbox.clear()
    Notification.objects.all().delete()
    mailed(
        lambda: item_appraise(
            assessment=demo,
            node_code=RETURNED,
            decision="return",
            reason=REASON,
            actor=addresses["appraiser"],
        )
    )
    demo.refresh_from_db()
    return demo


def test_returning_an_item_tells_the_units_and_the_agencys_focal_points(returned) -> None:
    link = reverse("assessments:returned", args=[returned.pk]) + "#n-3-4-2"
    assert told(Kind.RETURNED) == [("focal", link), ("focal-vp", link)]
    assert Notification.objects.count() == 2
    subject = "Tiêu chí 3.4.2 của Tỉnh Lào Cai được trả lại để giải trình"
    assert outbox() == [
        (["focal-vp@laocai.gov.vn"], subject),
        (["focal@laocai.gov.vn"], subject),
    ]
    body = mail.outbox[0].body
    assert REASON in body and "Thành viên Hội đồng thẩm định" in body and link in body


def test_explaining_tells_the_appraiser_who_returned_it(returned, addresses, mailed) -> None:
    mail.outbox.clear()
    row = ItemAppraisal.objects.get(assessment=returned, node_code=RETURNED)
    mailed(
        lambda: item_explain(
            assessment=returned,
            node_code=RETURNED,
            explanation="Đã bổ sung báo cáo của 152 xã",
            actor=addresses["focal-vp"],
            version=row.version,
        )
    )
    link = reverse("assessments:appraisal", args=[returned.pk]) + "#n-3-4-2"
    assert told(Kind.EXPLAINED) == [("appraiser", link)]
    assert Notification.objects.filter(kind=Kind.EXPLAINED).get().actor == addresses["focal-vp"]
    assert outbox() == [(["appraiser@laocai.gov.vn"], "Tỉnh Lào Cai đã giải trình tiêu chí 3.4.2")]


@pytest.fixture
def final(demo, advance, addresses, mailed):
    assessment = advance(demo, AssessmentStatus.APPRAISING)
    for code in self_leaves(assessment):
        item_appraise(
            assessment=assessment, node_code=code, decision="accept", actor=addresses["appraiser"]
        )
    Notification.objects.all().delete()
    mail.outbox.clear()
    mailed(lambda: assessment_finalise(assessment=assessment, actor=addresses["secretariat"]))
    assessment.refresh_from_db()
    return assessment


def test_finalising_tells_the_unit(final) -> None:
    link = final.get_absolute_url()
    assert told(Kind.FINALISED) == [("focal", link), ("head", link)]
    assert Notification.objects.count() == 2
    subject = "Đã có kết quả thẩm định của Tỉnh Lào Cai"
    assert outbox() == [(["focal@laocai.gov.vn"], subject), (["head@laocai.gov.vn"], subject)]


def test_publishing_tells_the_unit(final, addresses, mailed) -> None:
    Notification.objects.all().delete()
    mail.outbox.clear()
    mailed(lambda: campaign_publish(campaign=final.campaign, actor=addresses["secretariat"]))
    link = final.get_absolute_url()
    assert told(Kind.PUBLISHED) == [("focal", link), ("head", link)]
    assert Notification.objects.count() == 2
    subject = "Đã công bố kết quả Tự đánh giá Chỉ số CCHC tỉnh Lào Cai năm 2020"
    assert outbox() == [(["focal@laocai.gov.vn"], subject), (["head@laocai.gov.vn"], subject)]


def test_an_appeal_filed_tells_the_secretariat_only(final, addresses, mailed) -> None:
    Notification.objects.all().delete()
    mail.outbox.clear()
    mailed(
        lambda: item_appeal(
            assessment=final, node_code="6.1.1", reason="Đủ chứng từ", actor=addresses["head"]
        )
    )
    link = reverse("assessments:appeals", args=[final.pk]) + "#appeal-611"
    assert told(Kind.APPEAL_FILED) == [("secretariat", link)]
    assert Notification.objects.count() == 1
    note = Notification.objects.get()
    assert note.heading == "Tỉnh Lào Cai kiến nghị về điểm tiêu chí 6.1.1"
    assert note.sentence.startswith("Lãnh đạo UBND tỉnh đã kiến nghị về điểm tiêu chí 6.1.1")
    assert "“Đủ chứng từ”. Đề nghị trình Hội đồng xem xét và trả lời." in note.sentence
    with translation.override("en"):
        assert note.heading == "Tỉnh Lào Cai appeals the score of criterion 6.1.1"
    assert outbox() == [
        (["secretariat@laocai.gov.vn"], "Tỉnh Lào Cai kiến nghị về điểm tiêu chí 6.1.1")
    ]


def test_an_appeal_decided_tells_the_unit(final, addresses, mailed) -> None:
    item_appeal(assessment=final, node_code="6.1.1", reason="Đủ chứng từ", actor=addresses["head"])
    Notification.objects.all().delete()
    mail.outbox.clear()
    mailed(
        lambda: appeal_decide(
            assessment=final,
            node_code="6.1.1",
            decision="uphold",
            answer="Giữ nguyên",
            actor=addresses["secretariat"],
        )
    )
    link = reverse("assessments:appeals", args=[final.pk])
    assert told(Kind.APPEAL_DECIDED) == [("focal", link), ("head", link)]
    note = Notification.objects.get(user__username="head")
    assert note.message.endswith(": Giữ nguyên kết quả.")
    with translation.override("en"):
        assert note.message == (
            "The council answered the appeal on criterion 6.1.1 of Tỉnh Lào Cai. Cán bộ Sở Nội "
            "vụ answered the appeal on criterion 6.1.1 “Disbursement of the yearly state-budget "
            "investment plan” of Tỉnh Lào Cai: Uphold the result."
        )
    assert len(mail.outbox) == 2


def test_a_digest_reader_gets_no_mail_at_once_but_one_digest(
    demo, no_gaps, addresses, mailed
) -> None:
    mail_choice_set(user=addresses["head"], mail=MailChoice.DIGEST)
    mailed(lambda: assessment_submit(assessment=demo, actor=addresses["focal"]))
    assert told(Kind.SUBMITTED) == [("head", demo.get_absolute_url())]
    assert mail.outbox == []  # chosen: the daily digest

    assert send_digests() == 1
    assert [m.to for m in mail.outbox] == [["head@laocai.gov.vn"]]
    digest = mail.outbox[0]
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert digest.subject == f"Thông báo ngày {day}: 1 việc mới"
    assert "Phiếu tự đánh giá của Tỉnh Lào Cai chờ thủ trưởng xác nhận" in digest.body
    assert demo.get_absolute_url() in digest.body
    assert send_digests() == 0 and len(mail.outbox) == 1  # never twice


def test_an_immediate_mail_is_sent_once_even_by_the_digest(
    demo, no_gaps, addresses, mailed
) -> None:
    mailed(lambda: assessment_submit(assessment=demo, actor=addresses["focal"]))
    assert len(mail.outbox) == 1
    assert send_digests() == 0 and len(mail.outbox) == 1


def test_a_user_without_an_address_is_told_in_the_app_only(demo, no_gaps, users, mailed) -> None:
    mailed(lambda: assessment_submit(assessment=demo, actor=users["focal"]))
    assert told(Kind.SUBMITTED) == [("head", demo.get_absolute_url())]
    assert mail.outbox == [] and send_digests() == 0


def test_the_person_who_acted_and_inactive_accounts_are_not_told(
    demo, no_gaps, addresses, mailed
) -> None:
    User.objects.filter(username="head").update(is_active=False)
    mailed(lambda: assessment_submit(assessment=demo, actor=addresses["focal"]))
    assert told(Kind.SUBMITTED) == [] and mail.outbox == []


def test_a_hand_off_reads_in_the_readers_language(returned, as_user) -> None:
    client = as_user("focal")
    vi = client.get(reverse("notifications:list")).content.decode()
    assert "Tiêu chí 3.4.2 của Tỉnh Lào Cai được trả lại để giải trình" in vi
    client.cookies["django_language"] = "en"
    en = client.get(reverse("notifications:list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Criterion 3.4.2 of Tỉnh Lào Cai returned for explanation" in en
    assert "Tiêu chí 3.4.2" not in en and "được trả lại" not in en


def test_the_digest_command_queues_the_task_and_a_worker_sends_it(
    demo, no_gaps, addresses, mailed
) -> None:
    from io import StringIO

    from django.core.management import call_command

    mail_choice_set(user=addresses["head"], mail=MailChoice.DIGEST)
    mailed(lambda: assessment_submit(assessment=demo, actor=addresses["focal"]))
    out = StringIO()
    call_command("send_digest", stdout=out)
    assert out.getvalue().startswith("digest queued as task ")
    assert mail.outbox == []
    assert run_queued() == 1
    assert [m.to for m in mail.outbox] == [["head@laocai.gov.vn"]]
    call_command("send_digest", "--now", stdout=out)
    assert out.getvalue().endswith("0 digest(s) sent\n") and len(mail.outbox) == 1


def test_a_failed_mail_is_left_for_the_digest_to_retry(demo, no_gaps, addresses, mailed) -> None:
    from unittest import mock

    with mock.patch(
        "parindex.web.notifications.handoffs.send_mail", side_effect=OSError("no route")
    ):
        mailed(lambda: assessment_submit(assessment=demo, actor=addresses["focal"]))
    note = Notification.objects.get()
    assert mail.outbox == [] and note.mailed_at is None
    assert send_digests() == 0  # an immediate one waits an hour for its own task first
    Notification.objects.filter(pk=note.pk).update(
        created=note.created - datetime.timedelta(hours=2)
    )
    assert send_digests() == 1
    assert [m.to for m in mail.outbox] == [["head@laocai.gov.vn"]]


def test_mails_carry_the_full_link_to_the_item_under_the_sites_address(
    demo, no_gaps, addresses, mailed, settings
) -> None:
    settings.PARINDEX_BASE_URL = "https://cchc.laocai.gov.vn"
    item = f"https://cchc.laocai.gov.vn{demo.get_absolute_url()}"
    mail_choice_set(user=addresses["secretariat"], mail=MailChoice.DIGEST)
    mailed(lambda: assessment_submit(assessment=demo, actor=addresses["focal"]))
    (immediate,) = mail.outbox
    assert immediate.to == ["head@laocai.gov.vn"]
    assert immediate.body.splitlines()[-1] == item  # the last line: one click to the item
    mailed(lambda: assessment_confirm(assessment=demo, actor=addresses["head"]))
    assert len(mail.outbox) == 1  # the secretariat reads a digest
    assert send_digests() == 1
    digest = mail.outbox[1]
    assert digest.to == ["secretariat@laocai.gov.vn"]
    assert digest.body.splitlines()[-1] == item
    assert Notification.objects.filter(mailed_at__isnull=True).count() == 0
