from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "parindex.web.dossiers"
    label = "dossiers"
    verbose_name = _("Nhật ký hồ sơ TTHC")
