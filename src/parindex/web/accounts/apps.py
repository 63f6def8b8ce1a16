from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "parindex.web.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self) -> None:
        from parindex.web.accounts import receivers  # noqa: F401  (connects the audit)


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, its site checking two-factor (``accounts.admin_site``)."""

    default = False  # named in INSTALLED_APPS; the accounts app is AccountsConfig
    default_site = "parindex.web.accounts.admin_site.AdminSite"
