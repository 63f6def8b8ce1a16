"""Send reminders before campaign deadlines and manage each user's notifications.

A reminder is claimed by inserting its :class:`Reminder` row (unique per assessment, deadline,
days-before, channel and recipient) before anything is sent, so two runs at once, or the
same run repeated, never send it twice. A failed e-mail is retried by the next run.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from parindex.web.accounts.models import Membership, Role, User
from parindex.web.assessments.models import (
    AreaAppraiser,
    Assessment,
    AssessmentAppraiser,
    AssessmentStatus,
    Reopening,
)
from parindex.web.notifications.models import (
    Channel,
    DeadlineKind,
    Kind,
    Notification,
    Reminder,
    ReminderStatus,
)
from parindex.web.notifications.signals import scheduled_run

log = logging.getLogger(__name__)

DEFAULT_DAYS_BEFORE = (7, 3, 1)
# A deadline passed longer ago than this is not announced as passed (see ``reminders_due``).
PASSED_WITHIN = datetime.timedelta(days=7)
# Who still has work before each deadline: the unit while its self-assessment is not yet
# with the council (the head still has to confirm a pending one), the appraisers while the
# assessment waits for them, the unit again while returned items wait for its explanation,
# and once more while it may appeal its final scores (final or already appealed, which the
# statuses say is before publication).
OPEN_FOR = {
    DeadlineKind.SELF_ASSESSMENT: (
        AssessmentStatus.DRAFT,
        AssessmentStatus.PENDING,
        AssessmentStatus.RETURNED,
    ),
    DeadlineKind.APPRAISAL: (AssessmentStatus.SUBMITTED, AssessmentStatus.APPRAISING),
    DeadlineKind.EXPLANATION: (AssessmentStatus.RETURNED,),
    DeadlineKind.APPEAL: (AssessmentStatus.FINAL, AssessmentStatus.APPEALED),
}
DUE_FIELD = {
    DeadlineKind.SELF_ASSESSMENT: "self_assessment_due",
    DeadlineKind.APPRAISAL: "appraisal_due",
    DeadlineKind.EXPLANATION: "explanation_due",
    DeadlineKind.APPEAL: "appeal_due",
}


@transaction.atomic
def notification_create(*, user: User, text: str, link: str = "") -> Notification:
    """Show ``text`` to ``user`` in the application."""
    return Notification.objects.create(user=user, text=text, link=link)


def notifications_mark_read(*, user: User, pks: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them, or those in ``pks``); return how many."""
    unread = Notification.objects.filter(user=user, read=False)
    if pks is not None:
        unread = unread.filter(pk__in=list(pks))
    return unread.update(read=True)


@dataclass(frozen=True)
class Due:
    """One reminder to send: who, about which assessment, before which deadline."""

    assessment: Assessment
    kind: DeadlineKind
    deadline: datetime.datetime
    days_before: int
    recipient: User


def reminders_due(
    *, now: datetime.datetime, days_before: Sequence[int] = DEFAULT_DAYS_BEFORE
) -> list[Due]:
    """Every reminder whose moment has come: the nearest threshold not yet passed per deadline,
    and once the deadline has passed (``days_before`` 0), to whoever has still not acted.

    A run 2 days before a deadline with thresholds 7, 3, 1 owes the 3-day reminder only, not
    the 7-day one it missed: one message per person per run, never a burst of stale ones. A
    deadline passed more than ``PASSED_WITHIN`` ago (or reopened for the whole assessment) is
    not announced: a first run does not dig up last year's campaigns.
    """
    days = sorted({int(d) for d in days_before if int(d) > 0})
    if not days:
        return []
    horizon = now + datetime.timedelta(days=days[-1])
    found: list[Due] = []
    for kind, statuses in OPEN_FOR.items():
        field = DUE_FIELD[kind]
        assessments = list(
            Assessment.objects.filter(
                status__in=statuses,
                **{
                    f"campaign__{field}__gt": now - PASSED_WITHIN,
                    f"campaign__{field}__lte": horizon,
                },
            ).select_related("campaign", "unit")
        )
        if not assessments:
            continue
        reopened = set(
            Reopening.objects.filter(
                assessment__in=assessments, node_code="", until__gt=now
            ).values_list("assessment_id", flat=True)
        )
        recipients = _recipients(kind, assessments)
        for assessment in assessments:
            deadline: datetime.datetime = getattr(assessment.campaign, field)
            left = deadline - now
            if left <= datetime.timedelta(0):
                if kind == DeadlineKind.APPEAL or assessment.pk in reopened:
                    continue  # nothing left to appeal; a reopened stage has a new deadline
                threshold = 0
            else:
                threshold = next(d for d in days if left <= datetime.timedelta(days=d))
            found.extend(
                Due(assessment, kind, deadline, threshold, user)
                for user in recipients.get(assessment.pk, [])
            )
    return found


def _recipients(kind: DeadlineKind, assessments: list[Assessment]) -> dict[int, list[User]]:
    """Recipients per assessment id, in one or two queries whatever the number of assessments."""
    by_assessment: dict[int, list[User]] = {}
    if kind == DeadlineKind.APPRAISAL:
        # assigned to the assessment, or to an area across its campaign
        found: dict[int, dict[int, User]] = {a.pk: {} for a in assessments}
        for link in AssessmentAppraiser.objects.filter(
            assessment__in=assessments, user__is_active=True
        ).select_related("user"):
            found[link.assessment_id][link.user_id] = link.user
        by_campaign: dict[int, dict[int, User]] = {}
        for area in AreaAppraiser.objects.filter(
            campaign_id__in={a.campaign_id for a in assessments}, user__is_active=True
        ).select_related("user"):
            by_campaign.setdefault(area.campaign_id, {})[area.user_id] = area.user
        for a in assessments:
            found[a.pk].update(by_campaign.get(a.campaign_id, {}))
        return {pk: sorted(users.values(), key=lambda u: u.username) for pk, users in found.items()}
    unit_ids = {a.unit_id for a in assessments}
    by_unit: dict[int, dict[int, User]] = {}
    members = Membership.objects.filter(
        unit_id__in=unit_ids,
        role__in=(Role.FOCAL_POINT, Role.UNIT_HEAD),
        user__is_active=True,
    ).select_related("user")
    for m in members.order_by("user__username"):
        by_unit.setdefault(m.unit_id, {})[m.user_id] = m.user
    for a in assessments:
        by_assessment[a.pk] = list(by_unit.get(a.unit_id, {}).values())
    return by_assessment


def _message(due: Due) -> tuple[str, str]:
    """The reminder's subject and body, in the interface's default language."""
    deadline = formats.date_format(timezone.localtime(due.deadline), "DATETIME_FORMAT")
    values = {
        "campaign": due.assessment.campaign.name,
        "unit": due.assessment.unit.name,
        "deadline": deadline,
        "days": due.days_before,
    }
    passed = due.days_before == 0
    if due.kind == DeadlineKind.SELF_ASSESSMENT:
        subject = (
            _("Đã quá hạn tự đánh giá")
            if passed
            else _("Nhắc hạn tự đánh giá: còn %(days)s ngày") % values
        )
        body = (
            _(
                "%(campaign)s: phiếu tự đánh giá của %(unit)s chưa được gửi. "
                "Hạn tự đánh giá là %(deadline)s."
            )
            % values
        )
    elif due.kind == DeadlineKind.APPRAISAL:
        subject = (
            _("Đã quá hạn thẩm định")
            if passed
            else _("Nhắc hạn thẩm định: còn %(days)s ngày") % values
        )
        body = (
            _(
                "%(campaign)s: phiếu đánh giá của %(unit)s đang chờ thẩm định. "
                "Hạn thẩm định là %(deadline)s."
            )
            % values
        )
    elif due.kind == DeadlineKind.APPEAL:
        subject = (
            _("Đã quá hạn kiến nghị")
            if passed
            else _("Nhắc hạn kiến nghị: còn %(days)s ngày") % values
        )
        body = (
            _(
                "%(campaign)s: đã có kết quả cuối cùng của %(unit)s. Đơn vị kiến nghị về điểm "
                "(nếu có) trước hạn kiến nghị %(deadline)s."
            )
            % values
        )
    else:
        subject = (
            _("Đã quá hạn giải trình")
            if passed
            else _("Nhắc hạn giải trình: còn %(days)s ngày") % values
        )
        body = (
            _(
                "%(campaign)s: Hội đồng thẩm định đã trả lại một số tiêu chí của %(unit)s "
                "để giải trình. Hạn giải trình là %(deadline)s."
            )
            % values
        )
    if passed:
        body = _("%(body)s Hạn này đã qua; đề nghị liên hệ Thường trực CCHC.") % {"body": body}
    return subject, body


def _link(due: Due) -> str:
    """Where the reminder leads: the page on which the recipient's work is done."""
    if due.kind == DeadlineKind.APPRAISAL:
        return reverse("assessments:appraisal", args=[due.assessment.pk])
    if due.kind == DeadlineKind.EXPLANATION:
        return reverse("assessments:returned", args=[due.assessment.pk])
    if due.kind == DeadlineKind.APPEAL:
        return reverse("assessments:appeals", args=[due.assessment.pk])
    return due.assessment.get_absolute_url()


def _claim(due: Due, channel: Channel, address: str) -> Reminder | None:
    """Take the reminder for this run, or None if it was sent (or is being sent) already."""
    key = {
        "assessment": due.assessment,
        "deadline_kind": due.kind,
        "deadline": due.deadline,
        "days_before": due.days_before,
        "channel": channel,
        "recipient": due.recipient,
    }
    try:
        with transaction.atomic():
            return Reminder.objects.create(campaign=due.assessment.campaign, address=address, **key)
    except IntegrityError:
        # Retry only a failed one, and only if no other run has just taken it back.
        retaken = Reminder.objects.filter(status=ReminderStatus.FAILED, **key).update(
            status=ReminderStatus.PENDING, error=""
        )
        return Reminder.objects.get(**key) if retaken else None


def reminders_send(
    *,
    now: datetime.datetime | None = None,
    days_before: Sequence[int] = DEFAULT_DAYS_BEFORE,
    base_url: str = "",
) -> list[Reminder]:
    """Send every reminder that is due and not yet sent, by e-mail and in the application."""
    now = now or timezone.now()
    sent: list[Reminder] = []
    with override(settings.LANGUAGE_CODE):
        for due in reminders_due(now=now, days_before=days_before):
            subject, body = _message(due)
            link = _link(due)
            app = _claim(due, Channel.APP, "")
            if app is not None:
                with transaction.atomic():
                    Notification.objects.create(
                        user=due.recipient, kind=Kind.REMINDER, text=f"{subject}. {body}", link=link
                    )
                    _finish(app, ReminderStatus.SENT)
                sent.append(app)
            email = due.recipient.email
            if not email:
                continue
            mail = _claim(due, Channel.EMAIL, email)
            if mail is None:
                continue
            try:
                send_mail(subject, f"{body}\n\n{base_url}{link}", None, [email])
            except Exception as error:  # any transport failure: logged, retried next run
                log.warning("reminder %s to %s failed: %s", mail.pk, email, error)
                _finish(mail, ReminderStatus.FAILED, str(error)[:255])
                continue
            _finish(mail, ReminderStatus.SENT)
            sent.append(mail)
    scheduled_run.send(sender=Notification, now=now, days_before=days_before)
    return sent


def _finish(reminder: Reminder, status: str, error: str = "") -> None:
    # the real time, even when ``now`` was given to decide what is due
    reminder.status, reminder.sent_at, reminder.error = status, timezone.now(), error
    reminder.save(update_fields=["status", "sent_at", "error"])
