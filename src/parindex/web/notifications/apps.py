from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "parindex.web.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from parindex.web.assessments.signals import assessment_sent_back
        from parindex.web.notifications.receivers import tell_focal_points

        assessment_sent_back.connect(
            tell_focal_points, dispatch_uid="parindex-notifications-sent-back"
        )
