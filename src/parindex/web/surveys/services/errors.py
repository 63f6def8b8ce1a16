"""The refusals of the survey services."""

from __future__ import annotations


class SurveyServiceError(Exception):
    """A refused survey operation; ``code`` is a stable word the page translates."""

    def __init__(self, code: str, **detail: object) -> None:
        self.code = code
        self.detail = detail
        super().__init__(code)
