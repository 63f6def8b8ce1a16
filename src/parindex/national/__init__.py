"""Published national PAR INDEX results: import, validation and the 2025 province lineage."""

from parindex.national.lineage import LineageYear, lineage
from parindex.national.provinces import ProvinceMatcher, normalize_name
from parindex.national.results import (
    ImportProblem,
    NationalImportError,
    NationalResult,
    read_results,
    validate_results,
)

__all__ = [
    "ImportProblem",
    "LineageYear",
    "NationalImportError",
    "NationalResult",
    "ProvinceMatcher",
    "lineage",
    "normalize_name",
    "read_results",
    "validate_results",
]
