"""Send reminders before campaign deadlines and manage each user's notifications.

A reminder is claimed by inserting its :class:`Reminder` row (unique per assessment, deadline,
days-before, channel and recipient) before anything is sent, so two runs at once, or the
same run repeated, never send it twice. A failed e-mail is retried by the next run.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Sequence
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
    Contribution,
    Decision,
    ItemAppraisal,
    Reopening,
)
from parindex.web.assessments.permissions import under
from parindex.web.assessments.services.workflow import self_leaves
from parindex.web.notifications.models import (
    Channel,
    DeadlineKind,
    Kind,
    Notification,
    Reminder,
    ReminderStatus,
)
from parindex.web.notifications.receivers import secretariat
from parindex.web.notifications.signals import scheduled_run

log = logging.getLogger(__name__)

DEFAULT_DAYS_BEFORE = (7, 3, 1)
# A deadline passed longer ago than this is not announced as passed (see ``reminders_due``).
PASSED_WITHIN = datetime.timedelta(days=7)
# Who still has work before each deadline (``_recipients`` says who exactly): the unit while
# its self-assessment is not yet with the council (the head still has to confirm a pending
# one), the secretariat and then the appraisers while the assessment waits for appraisal,
# the unit and its contributing agencies while returned items wait for their explanation,
# and the unit once more while it may appeal its final scores (final or already appealed,
# which the statuses say is before publication).
OPEN_FOR = {
    DeadlineKind.SELF_ASSESSMENT: (AssessmentStatus.DRAFT, AssessmentStatus.PENDING),
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
            ).select_related("campaign__framework_version", "unit")
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
    """Who has still not acted, per assessment id (docs/web.md "Reminders"), in a few queries
    whatever the number of assessments."""
    found: dict[int, dict[int, User]] = {a.pk: {} for a in assessments}
    if kind == DeadlineKind.SELF_ASSESSMENT:
        # the focal points until they submit, then the head until it confirms
        for a, users in _unit_members(
            assessments,
            lambda a: (
                (Role.UNIT_HEAD,) if a.status == AssessmentStatus.PENDING else (Role.FOCAL_POINT,)
            ),
        ).items():
            found[a].update(users)
    elif kind == DeadlineKind.APPRAISAL:
        _appraisal_recipients(assessments, found)
    elif kind == DeadlineKind.EXPLANATION:
        _explanation_recipients(assessments, found)
    else:
        for a, users in _unit_members(
            assessments, lambda a: (Role.FOCAL_POINT, Role.UNIT_HEAD)
        ).items():
            found[a].update(users)
    return {pk: sorted(users.values(), key=lambda u: u.username) for pk, users in found.items()}


def _unit_members(
    assessments: list[Assessment], roles: Callable[[Assessment], tuple[str, ...]]
) -> dict[int, dict[int, User]]:
    """Active members of each assessment's unit holding one of the roles it is given."""
    members = Membership.objects.filter(
        unit_id__in={a.unit_id for a in assessments}, user__is_active=True
    ).select_related("user")
    by_unit: dict[int, list[Membership]] = {}
    for m in members:
        by_unit.setdefault(m.unit_id, []).append(m)
    return {
        a.pk: {m.user_id: m.user for m in by_unit.get(a.unit_id, []) if m.role in roles(a)}
        for a in assessments
    }


def _appraisal_recipients(assessments: list[Assessment], found: dict[int, dict[int, User]]) -> None:
    """Before the appraisal is opened only the secretariat can act (it opens it), so it is the
    one reminded; once open, each appraiser with items of its scope still undecided."""
    waiting = [a for a in assessments if a.status == AssessmentStatus.SUBMITTED]
    by_campaign: dict[int, list[User]] = {}
    for a in waiting:
        if a.campaign_id not in by_campaign:
            by_campaign[a.campaign_id] = secretariat(a.campaign)
        found[a.pk].update((u.pk, u) for u in by_campaign[a.campaign_id])
    open_ = [a for a in assessments if a.status == AssessmentStatus.APPRAISING]
    if not open_:
        return
    decided: dict[int, set[str]] = {}
    for assessment_id, code in ItemAppraisal.objects.filter(assessment__in=open_).values_list(
        "assessment_id", "node_code"
    ):
        decided.setdefault(assessment_id, set()).add(code)
    undecided = {
        a.pk: [c for c in self_leaves(a) if c not in decided.get(a.pk, set())] for a in open_
    }
    for link in AssessmentAppraiser.objects.filter(
        assessment__in=open_, user__is_active=True
    ).select_related("user"):
        if undecided[link.assessment_id]:
            found[link.assessment_id][link.user_id] = link.user
    areas = AreaAppraiser.objects.filter(
        campaign_id__in={a.campaign_id for a in open_}, user__is_active=True
    ).select_related("user")
    for area in areas:
        for a in open_:
            if a.campaign_id == area.campaign_id and any(
                under(code, [area.node_code]) for code in undecided[a.pk]
            ):
                found[a.pk][area.user_id] = area.user


def _explanation_recipients(
    assessments: list[Assessment], found: dict[int, dict[int, User]]
) -> None:
    """The focal points of the unit and of each agency preparing a returned item not yet
    explained (an agency whose returned items are all answered is not reminded)."""
    awaiting: dict[int, list[str]] = {}
    for assessment_id, code in ItemAppraisal.objects.filter(
        assessment__in=assessments, decision=Decision.RETURN, explained_points__isnull=True
    ).values_list("assessment_id", "node_code"):
        awaiting.setdefault(assessment_id, []).append(code)
    units: dict[int, set[int]] = {a.pk: {a.unit_id} for a in assessments if awaiting.get(a.pk)}
    for c in Contribution.objects.filter(assessment_id__in=list(units)):
        if any(under(code, [c.node_code]) for code in awaiting[c.assessment_id]):
            units[c.assessment_id].add(c.unit_id)
    focal: dict[int, dict[int, User]] = {}
    for m in Membership.objects.filter(
        unit_id__in={u for ids in units.values() for u in ids},
        role=Role.FOCAL_POINT,
        user__is_active=True,
    ).select_related("user"):
        focal.setdefault(m.unit_id, {})[m.user_id] = m.user
    for pk, ids in units.items():
        for unit_id in ids:
            found[pk].update(focal.get(unit_id, {}))


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
        if due.assessment.status == AssessmentStatus.PENDING:
            body = (
                _(
                    "%(campaign)s: phiếu tự đánh giá của %(unit)s đang chờ thủ trưởng xác nhận "
                    "để gửi Hội đồng thẩm định. Hạn tự đánh giá là %(deadline)s."
                )
                % values
            )
        else:
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
        if due.assessment.status == AssessmentStatus.SUBMITTED:
            body = (
                _(
                    "%(campaign)s: phiếu đánh giá của %(unit)s đã gửi Hội đồng nhưng chưa được "
                    "mở thẩm định. Hạn thẩm định là %(deadline)s."
                )
                % values
            )
        else:
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
    if passed and not (
        due.kind == DeadlineKind.APPRAISAL and due.assessment.status == AssessmentStatus.SUBMITTED
    ):  # the secretariat is the one others are told to contact
        body = _("%(body)s Hạn này đã qua; đề nghị liên hệ Thường trực CCHC.") % {"body": body}
    return subject, body


def _link(due: Due) -> str:
    """Where the reminder leads: the page on which the recipient's work is done."""
    if due.kind == DeadlineKind.APPRAISAL and due.assessment.status != AssessmentStatus.SUBMITTED:
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
