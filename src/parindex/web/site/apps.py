from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "parindex.web.site"
    label = "site_shell"
    verbose_name = _("Giao diện chung")
