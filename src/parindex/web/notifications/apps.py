from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "parindex.web.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        from parindex.web.assessments import signals
        from parindex.web.notifications import receivers

        for signal, receiver in (
            (signals.assessment_sent_back, receivers.tell_focal_points),
            (signals.assessment_submitted, receivers.tell_unit_head),
            (signals.assessment_confirmed, receivers.tell_secretariat),
            (signals.appraisal_started, receivers.tell_appraisers),
            (signals.item_returned, receivers.tell_item_preparers),
            (signals.item_explained, receivers.tell_appraiser),
            (signals.assessment_finalised, receivers.tell_unit_final),
            (signals.campaign_published, receivers.tell_units_published),
            (signals.appeal_filed, receivers.tell_secretariat_appeal),
            (signals.appeal_decided, receivers.tell_unit_appeal),
        ):
            signal.connect(receiver, dispatch_uid=f"parindex-notifications-{receiver.__name__}")
