"""In-application notifications and the log of every reminder sent before a deadline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification announces: each hand-off, and the reminders (docs/web.md)."""

    PLAIN = "", _("Thông báo")
    SENT_BACK = "sent_back", _("Trả lại cho đầu mối")
    SUBMITTED = "submitted", _("Chờ xác nhận")
    CONFIRMED = "confirmed", _("Đã gửi Hội đồng")
    APPRAISAL_STARTED = "appraisal_started", _("Bắt đầu thẩm định")
    RETURNED = "returned", _("Trả lại để giải trình")
    EXPLAINED = "explained", _("Đã giải trình")
    FINALISED = "finalised", _("Đã có kết quả")
    PUBLISHED = "published", _("Đã công bố")
    APPEAL_FILED = "appeal_filed", _("Có kiến nghị mới")
    APPEAL_DECIDED = "appeal_decided", _("Đã trả lời kiến nghị")
    PLAN_ISSUED = "plan_issued", _("Kế hoạch đã ban hành")
    PERIOD_OPENED = "period_opened", _("Mở kỳ báo cáo")
    REPORT_FILED = "report_filed", _("Đã gửi báo cáo")
    REPORT_DUE = "report_due", _("Nhắc hạn báo cáo")
    REPORT_OVERDUE = "report_overdue", _("Quá hạn báo cáo")
    REMINDER = "reminder", _("Nhắc hạn")


class Notification(models.Model):
    """A message shown to one user in the application, with a link to what it is about.

    A hand-off stores its ``kind`` and the names it quotes (``params``) and is worded when it
    is read, in the reader's language (``messages.render``); ``text`` is a plain message (the
    unit head's own words when sending back, a reminder). ``mail`` says whether it goes out by
    e-mail too (at once or in the daily digest, as the user chose); ``mailed_at`` when it did.
    ``key`` (unique per user when set) makes a notification that a scheduled run sends, such
    as a period's opening, arrive once however often the run repeats.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices, blank=True)
    params = models.JSONField(_("nội dung"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("nội dung"), max_length=2000, blank=True)
    link = models.CharField(_("đường dẫn"), max_length=255, blank=True)
    key = models.CharField(_("khoá chống trùng"), max_length=128, blank=True)
    created = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    read = models.BooleanField(_("đã đọc"), default=False)
    mail = models.BooleanField(_("gửi thư"), default=False)
    mailed_at = models.DateTimeField(_("gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["read", "-created", "-pk"]  # unread first, newest first
        indexes = [
            models.Index(fields=["user", "read"], name="notification_user_read"),
            models.Index(
                fields=["mail", "mailed_at"],
                name="notification_unmailed",
                condition=models.Q(mail=True, mailed_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="notification_once", condition=~models.Q(key="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.message[:40]}"

    @property
    def message(self) -> str:
        """What the reader sees, in the active language."""
        from parindex.web.notifications.messages import render

        return render(self)

    @property
    def heading(self) -> str:
        """The short line (a hand-off's title; a plain notification has none)."""
        from parindex.web.notifications.messages import title

        return title(self) if self.kind and self.kind != Kind.REMINDER else ""

    @property
    def sentence(self) -> str:
        """What follows the heading (a plain notification: its text)."""
        from parindex.web.notifications.messages import body

        return body(self) if self.heading else self.text


class MailChoice(models.TextChoices):
    IMMEDIATE = "immediate", _("Gửi thư ngay khi có việc")
    DIGEST = "digest", _("Gửi một thư tổng hợp mỗi ngày")


class MailPreference(models.Model):
    """How a user wants hand-offs by e-mail; without a row, at once (``MailChoice.IMMEDIATE``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="mail_preference",
    )
    mail = models.CharField(
        _("nhận thư thông báo"),
        max_length=16,
        choices=MailChoice.choices,
        default=MailChoice.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("cách nhận thư thông báo")
        verbose_name_plural = _("cách nhận thư thông báo")

    def __str__(self) -> str:
        return f"{self.user}: {self.mail}"


class DeadlineKind(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Hạn tự đánh giá")
    APPRAISAL = "appraisal", _("Hạn thẩm định")
    EXPLANATION = "explanation", _("Hạn giải trình")
    APPEAL = "appeal", _("Hạn kiến nghị")


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    APP = "app", _("Trong ứng dụng")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class Reminder(models.Model):
    """One reminder to one person on one channel; the unique key makes sending idempotent."""

    campaign = models.ForeignKey(
        "assessments.Campaign",
        verbose_name=_("đợt đánh giá"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    deadline_kind = models.CharField(_("loại hạn"), max_length=32, choices=DeadlineKind.choices)
    deadline = models.DateTimeField(_("hạn"))
    days_before = models.PositiveSmallIntegerField(_("số ngày trước hạn"))
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    address = models.CharField(_("địa chỉ"), max_length=254, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
    )
    error = models.CharField(_("lỗi"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("nhắc hạn đã gửi")
        verbose_name_plural = _("nhắc hạn đã gửi")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "assessment",
                    "deadline_kind",
                    "deadline",
                    "days_before",
                    "channel",
                    "recipient",
                ],
                name="reminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.deadline_kind} −{self.days_before}d · {self.channel}"
