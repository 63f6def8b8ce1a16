from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "parindex.web.plans"
    label = "plans"
    verbose_name = _("Kế hoạch cải thiện Chỉ số CCHC")

    def ready(self) -> None:
        from parindex.web.dashboards import signals
        from parindex.web.notifications.signals import scheduled_run
        from parindex.web.plans import checks, handoffs, receivers  # noqa: F401 (checks register)

        signals.collect_plan_progress.connect(
            receivers.plan_progress, dispatch_uid="parindex-plans-plan-progress"
        )
        signals.collect_area_targets.connect(
            receivers.area_targets, dispatch_uid="parindex-plans-area-targets"
        )
        scheduled_run.connect(handoffs.scheduled, dispatch_uid="parindex-plans-scheduled")
