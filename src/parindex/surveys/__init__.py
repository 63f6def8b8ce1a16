"""SIPAS surveys: XLSForm questionnaires, response imports, sampling and satisfaction indices.

Pure Python (no Django): the web layer calls these functions and translates their errors.
"""

from parindex.surveys.errors import (
    FormError,
    FormProblem,
    ResponseProblem,
    ResponsesRejected,
    SourceError,
    SurveyError,
)
from parindex.surveys.export import results_to_xlsx
from parindex.surveys.model import FACTORS, KINDS, Choice, Question, Survey
from parindex.surveys.responses import (
    ColumnMapping,
    Response,
    ResponseBatch,
    Tolerance,
    detect_mapping,
    detect_tool,
    parse_responses,
    read_responses,
    read_table,
)
from parindex.surveys.results import (
    Estimate,
    GroupIndex,
    IndexMethod,
    SurveyResults,
    compare_previous,
    compare_target,
    compute_results,
    framework_inputs,
    group_index,
    overall_index,
    wilson,
)
from parindex.surveys.sampling import (
    Coverage,
    Quota,
    count_responses,
    plan_samples,
    quota_coverage,
    sample_size,
)
from parindex.surveys.validation import import_xlsform
from parindex.surveys.xlsform import parse_xlsform, read_xlsform, write_xlsform, xlsform_sheets

__all__ = [
    "FACTORS",
    "KINDS",
    "Choice",
    "ColumnMapping",
    "Coverage",
    "Estimate",
    "FormError",
    "FormProblem",
    "GroupIndex",
    "IndexMethod",
    "Question",
    "Quota",
    "Response",
    "ResponseBatch",
    "ResponseProblem",
    "ResponsesRejected",
    "SourceError",
    "Survey",
    "SurveyError",
    "SurveyResults",
    "Tolerance",
    "compare_previous",
    "compare_target",
    "compute_results",
    "count_responses",
    "detect_mapping",
    "detect_tool",
    "framework_inputs",
    "group_index",
    "import_xlsform",
    "load_sipas",
    "overall_index",
    "parse_responses",
    "parse_xlsform",
    "plan_samples",
    "quota_coverage",
    "read_responses",
    "read_table",
    "results_to_xlsx",
    "sample_size",
    "wilson",
    "write_xlsform",
    "xlsform_sheets",
]


def load_sipas() -> Survey:
    """Return the shipped SIPAS questionnaire."""
    from parindex.surveys.forms import SIPAS_XLSX

    return read_xlsform(SIPAS_XLSX)
