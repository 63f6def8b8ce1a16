"""The errors the assessment services raise, for the edge (form, API, CLI) to translate."""

from __future__ import annotations

import datetime

from parindex.web.site.text import TextError, clean_text

TEXT_MAX = 4000  # max_length of an appraisal's reason and explanation, an appeal and answer
MESSAGE_MAX = 2000  # max_length of a comment, a send-back or reopening message


class ServiceError(Exception):
    """Root of the errors services raise for the edge (form, API, CLI) to translate."""


class FrameworkFrozenError(ServiceError):
    """A frozen framework version cannot be replaced."""


class InputConflictError(ServiceError):
    """Someone else saved these inputs since the form was loaded (optimistic lock)."""

    def __init__(self, node_code: str, names: list[str]) -> None:
        self.node_code = node_code
        self.names = names
        super().__init__(f"{node_code}: {', '.join(names)} changed since loaded")


class AssessmentLockedError(ServiceError):
    """The assessment is not open for editing in its current status."""


class DeadlinePassedError(AssessmentLockedError):
    """The stage's deadline has passed and the secretariat has not reopened this work."""

    def __init__(self, due: datetime.datetime) -> None:
        self.due = due
        super().__init__(f"deadline {due.isoformat()} passed")


class NotAllowedError(ServiceError):
    """The actor's role does not allow this action (403 at the edge)."""


class WrongStatusError(ServiceError):
    """The assessment (or campaign) is not in a status where this action is possible."""

    def __init__(self, status: str) -> None:
        self.status = status
        super().__init__(f"not possible in status {status}")


class NothingLeftError(ServiceError):
    """A step over "every remaining item" found none left to do."""


class ItemConflictError(ServiceError):
    """Someone else changed this item since the form was loaded (optimistic lock)."""


class IncompleteError(ServiceError):
    """A step is refused until the listed items are done: ``missing`` pairs (code, what)."""

    def __init__(self, missing: list[tuple[str, str]]) -> None:
        self.missing = missing
        super().__init__("; ".join(f"{code}: {what}" for code, what in missing))


class CampaignInvalidError(ServiceError):
    """A campaign's fields do not hold together: ``problems`` pairs (field, code)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{name}: {code}" for name, code in problems))


class TextTooLongError(IncompleteError):
    """A text typed for ``node_code`` is longer than ``limit`` characters: refused, never cut."""

    def __init__(self, node_code: str, code: str, limit: int) -> None:
        self.limit = limit
        super().__init__([(node_code, code)])


def checked_text(
    value: str | None, *, node_code: str, field: str, max_length: int, required: bool = False
) -> str:
    """``clean_text`` for an item's text: its refusal as an IncompleteError naming the item,
    ``<field>_required``, or ``<field>_too_long`` (a TextTooLongError with its limit)."""
    try:
        return clean_text(value, field=field, max_length=max_length, required=required)
    except TextError as exc:
        if "limit" in exc.params:
            raise TextTooLongError(node_code, exc.code, max_length) from None
        raise IncompleteError([(node_code, exc.code)]) from None
