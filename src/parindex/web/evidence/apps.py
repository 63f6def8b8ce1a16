from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "parindex.web.evidence"
    label = "evidence"
    verbose_name = _("Tài liệu kiểm chứng")

    def ready(self) -> None:
        from parindex.web.assessments import signals
        from parindex.web.evidence import receivers

        signals.collect_submission_gaps.connect(
            receivers.submission_gap_pairs, dispatch_uid="parindex-evidence-submission-gaps"
        )
        signals.collect_work_started.connect(
            receivers.evidence_started, dispatch_uid="parindex-evidence-work-started"
        )
