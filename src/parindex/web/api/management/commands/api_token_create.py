import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from parindex.web.accounts.models import User
from parindex.web.api.services import TokenNotOfferedError, api_token_create
from parindex.web.site.text import TextError


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (shown once, never stored)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="what the token is for")
        parser.add_argument("--days", type=int, help="expires after this many days (default never)")

    def handle(self, *args: object, **options) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user '{options['username']}'")
        days = options["days"]
        if days is not None and days < 1:
            raise CommandError("--days must be at least 1")
        expires = timezone.now() + datetime.timedelta(days=days) if days else None
        try:
            token, plain = api_token_create(user=user, name=options["name"], expires_at=expires)
        except TextError as exc:
            raise CommandError(f"--name is longer than {exc.params['limit']} characters") from None
        except TokenNotOfferedError:
            raise CommandError(
                f"'{user.get_username()}' has no role and is not an administrator: "
                "a token would show nothing (give the user a role first)"
            ) from None
        self.stderr.write(f"Token '{token.name}' for {user.get_username()} (shown once):")
        self.stdout.write(plain)
