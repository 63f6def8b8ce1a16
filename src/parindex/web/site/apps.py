from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "parindex.web.site"
    label = "site_shell"
    verbose_name = _("Giao diện chung")

    def ready(self) -> None:
        from parindex.web.site.cache import create_cache_tables

        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="parindex-cache")
