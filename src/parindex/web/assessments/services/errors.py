"""The errors the assessment services raise, for the edge (form, API, CLI) to translate."""

from __future__ import annotations

import datetime


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
