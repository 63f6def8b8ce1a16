from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "parindex.web.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from parindex.web.accounts.signals import password_changed
        from parindex.web.api.receivers import revoke_tokens

        password_changed.connect(revoke_tokens, dispatch_uid="parindex-api-revoke-on-password")
