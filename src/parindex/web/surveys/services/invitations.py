"""Single-use invitation codes printed on the result slip."""

from __future__ import annotations

import secrets

from django.db import transaction

from parindex.web.accounts.models import User
from parindex.web.audit.services import audit_record
from parindex.web.surveys.models import InvitationCode, Survey
from parindex.web.surveys.services.errors import SurveyServiceError

# Codes are read aloud and typed on phones: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_CODES = 5000


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def invitation_codes_generate(
    *, survey: Survey, count: int, actor: User | None
) -> list[InvitationCode]:
    """Create ``count`` random single-use codes (1 to 5 000 at a time)."""
    if not 1 <= count <= MAX_CODES:
        raise SurveyServiceError("bad_count", maximum=MAX_CODES)
    with transaction.atomic():
        codes: set[str] = set()
        while len(codes) < count:
            codes.add(new_code())
        taken = set(InvitationCode.objects.filter(code__in=codes).values_list("code", flat=True))
        codes -= taken
        while len(codes) < count:  # astronomically rare collisions: draw again
            c = new_code()
            if not InvitationCode.objects.filter(code=c).exists():
                codes.add(c)
        rows = InvitationCode.objects.bulk_create(
            InvitationCode(survey=survey, code=c) for c in sorted(codes)
        )
        audit_record(
            actor=actor,
            action="surveys.codes",
            obj=survey,
            object_type="survey",
            after=str(count),
        )
    return rows


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())
