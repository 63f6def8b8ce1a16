from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "parindex.web.operations"
    label = "operations"
    verbose_name = _("Vận hành")

    def ready(self) -> None:
        from parindex.web.operations import checks  # noqa: F401 (checks register)
