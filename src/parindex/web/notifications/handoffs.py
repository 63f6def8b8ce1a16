"""Tell the next person: a notification in the application and an e-mail, at once or daily.

:func:`notify` is the one door every hand-off goes through (the receivers of the lower apps'
signals, the plans app, the scheduled run). It writes one notification per recipient (never
to the person who acted, never to an inactive account) and, for those who chose immediate
mail, queues the ``mail_notifications`` task once the transaction commits. Those who chose
the daily digest get every notification of the day in one mail from ``send_digests`` (the
``send_digest`` command, run daily by cron; docs/deploy.md "Background tasks"), which also
sends any immediate mail whose task never ran.

Each mail is claimed (``mailed_at`` set where it was empty) before it is sent, so the task,
a repeated digest and a digest running beside the task never send one twice.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from parindex.web.accounts.models import User
from parindex.web.notifications import messages
from parindex.web.notifications.models import Kind, MailChoice, MailPreference, Notification
from parindex.web.site.tasks import enqueue_on_commit

log = logging.getLogger(__name__)


def display_name(user: User | None) -> str:
    """How a person is named in a notification: full name, else the account name."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def mail_choice(user: User) -> str:
    found = MailPreference.objects.filter(user=user).values_list("mail", flat=True).first()
    return found or MailChoice.IMMEDIATE


def mail_choice_set(*, user: User, mail: str) -> MailPreference:
    """The user's choice: every hand-off by mail at once, or one digest a day."""
    if mail not in MailChoice.values:
        raise ValueError(mail)
    preference, _created = MailPreference.objects.update_or_create(
        user=user, defaults={"mail": mail}
    )
    return preference


def notify(
    *,
    users: Iterable[User],
    kind: Kind | str,
    link: str,
    params: Mapping[str, Any],
    actor: User | None = None,
    text: str = "",
    key: str = "",
    gather: str = "",
) -> list[Notification]:
    """Tell each of ``users`` (but ``actor``) what happened, with a link to the item.

    With a ``key``, a user who already has that notification gets nothing more. With
    ``gather`` (a list parameter), a user's unread notification of the same kind, link and
    other parameters takes the new values into its list instead of a second notification
    (an agency reporting item after item is one notice); it moves to the top and, if it was
    mailed already, is mailed again with the whole list.
    """
    recipients: dict[int, User] = {}
    for user in users:
        if user.is_active and (actor is None or user.pk != actor.pk):
            recipients.setdefault(user.pk, user)
    created: list[Notification] = []
    for user in sorted(recipients.values(), key=lambda u: u.get_username()):
        joined = _gathered(user, kind, link, params, gather, actor) if gather else None
        if joined is not None:
            created.append(joined)
            continue
        row = Notification(
            user=user,
            kind=kind,
            params=dict(params),
            actor=actor,
            text=text,
            link=link,
            key=key,
            mail=bool(user.email),
        )
        if key:
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:  # sent by an earlier run
                continue
        else:
            row.save()
        created.append(row)
    immediate = _immediate([n for n in created if n.mail])
    if immediate:
        from parindex.web.notifications.tasks import mail_notifications

        enqueue_on_commit(
            mail_notifications,
            immediate,
            enqueued=lambda task_id: None,
            failed=lambda: None,  # left unmailed: the next digest sends them
        )
    return created


def _gathered(
    user: User, kind: str, link: str, params: Mapping[str, Any], gather: str, actor: User | None
) -> Notification | None:
    """The user's unread notification ``params`` join (saved with the new values), if any."""
    same = {name: value for name, value in params.items() if name not in (gather, "actor")}
    for row in Notification.objects.filter(user=user, kind=kind, link=link, read=False, key=""):
        others = {n: v for n, v in row.params.items() if n not in (gather, "actor")}
        if others != same:
            continue
        values = list(row.params.get(gather) or [])
        values += [v for v in params.get(gather) or [] if v not in values]
        row.params = {**dict(params), gather: values}
        row.created = timezone.now()
        row.mailed_at = None
        row.mail = bool(user.email)
        row.actor = actor
        row.save(update_fields=["params", "created", "mailed_at", "mail", "actor"])
        return row
    return None


def _immediate(rows: list[Notification]) -> list[int]:
    digest = set(
        MailPreference.objects.filter(
            user_id__in=[n.user_id for n in rows], mail=MailChoice.DIGEST
        ).values_list("user_id", flat=True)
    )
    return [n.pk for n in rows if n.user_id not in digest]


def _claim(pks: Iterable[int]) -> list[Notification]:
    """Take the unmailed notifications among ``pks`` for this run (none taken twice)."""
    taken: list[Notification] = []
    for pk in pks:
        now = timezone.now()
        if Notification.objects.filter(pk=pk, mail=True, mailed_at__isnull=True).update(
            mailed_at=now
        ):
            taken.append(Notification.objects.select_related("user").get(pk=pk))
    return taken


def _release(rows: Iterable[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(mailed_at=None)


def _link(notification: Notification, base_url: str) -> str:
    return f"{base_url}{notification.link}" if notification.link else ""


def mail_immediate(pks: Iterable[int], base_url: str | None = None) -> int:
    """Mail each notification of ``pks`` not yet mailed, one mail each; return how many."""
    base = getattr(settings, "PARINDEX_BASE_URL", "") if base_url is None else base_url
    sent = 0
    with override(settings.LANGUAGE_CODE):
        for row in _claim(pks):
            if not row.user.email:  # removed since: nothing to send to
                continue
            lines = [messages.body(row), _link(row, base)]
            try:
                send_mail(
                    messages.title(row), "\n\n".join(x for x in lines if x), None, [row.user.email]
                )
            except Exception as error:  # any transport failure: the digest retries it
                log.warning("notification %s to %s failed: %s", row.pk, row.user.email, error)
                _release([row])
                continue
            sent += 1
    return sent


def digest_due(now: datetime.datetime | None = None) -> dict[int, list[int]]:
    """Unmailed notifications per user: all of a digest reader's, and immediate ones that
    are over an hour old (their task never ran)."""
    now = now or timezone.now()
    digest = MailPreference.objects.filter(mail=MailChoice.DIGEST).values("user_id")
    rows = Notification.objects.filter(mail=True, mailed_at__isnull=True, created__lte=now).exclude(
        user__email=""
    )
    late = rows.exclude(user_id__in=digest).filter(created__lte=now - datetime.timedelta(hours=1))
    due: dict[int, list[int]] = {}
    for user_id, pk in (
        (rows.filter(user_id__in=digest) | late)
        .order_by("created", "pk")
        .values_list("user_id", "pk")
    ):
        due.setdefault(user_id, []).append(pk)
    return due


def send_digests(now: datetime.datetime | None = None, base_url: str | None = None) -> int:
    """One mail per user gathering what is unmailed (``digest_due``); return how many mails."""
    base = getattr(settings, "PARINDEX_BASE_URL", "") if base_url is None else base_url
    sent = 0
    with override(settings.LANGUAGE_CODE):
        for _user_id, pks in digest_due(now).items():
            rows = _claim(pks)
            if not rows:
                continue
            day = timezone.localdate().strftime("%d/%m/%Y")
            subject = ngettext(
                "Thông báo ngày %(day)s: %(count)s việc mới",
                "Thông báo ngày %(day)s: %(count)s việc mới",
                len(rows),
            ) % {"day": day, "count": len(rows)}
            parts = [
                "\n".join(
                    x for x in (f"- {messages.title(r)}", messages.body(r), _link(r, base)) if x
                )
                for r in rows
            ]
            intro = _("Những việc cần đồng chí xem trong ngày:")
            try:
                send_mail(subject, "\n\n".join([intro, *parts]), None, [rows[0].user.email])
            except Exception as error:
                log.warning("digest to %s failed: %s", rows[0].user.email, error)
                _release(rows)
                continue
            sent += 1
    return sent
