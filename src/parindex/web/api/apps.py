from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "parindex.web.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from parindex.web.accounts.signals import password_changed

        password_changed.connect(_revoke_tokens, dispatch_uid="parindex-api-revoke-on-password")


def _revoke_tokens(sender: object, user: object, **kwargs: object) -> None:
    """A new password ends every API token: a stolen token must not outlive the old password."""
    from parindex.web.api.services import api_tokens_revoke_all

    api_tokens_revoke_all(user=user, reason="password_changed")  # type: ignore[arg-type]
