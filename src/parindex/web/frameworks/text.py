"""Wording of the framework pages: the file's problems and the services' refusals."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.core.errors import Problem
from parindex.presentation.text import problem_text
from parindex.web.assessments.services.errors import FrameworkFrozenError, ServiceError
from parindex.web.frameworks.services import FrameworkServiceError
from parindex.web.site.language import lang

REFUSALS = {
    "already_active": gettext_lazy("Phiên bản này đang được áp dụng."),
    "not_active": gettext_lazy("Chỉ thôi áp dụng được phiên bản đang áp dụng."),
    "other_framework": gettext_lazy("Phiếu đánh giá này dùng phiên bản bộ tiêu chí khác."),
    "no_self_scores": gettext_lazy("Tệp này không có điểm tự đánh giá."),
    "plan_defaults_frozen": gettext_lazy(
        "Một đợt đánh giá đang dùng phiên bản này nên nó đã khóa, kể cả mặc định của kế "
        "hoạch: muốn thay đổi, hãy nhập phiên bản mới."
    ),
    "plan_defaults_invalid": gettext_lazy("Mặc định của kế hoạch không hợp lệ: %(reason)s"),
    "plan_defaults_framework": gettext_lazy(
        "Mặc định của kế hoạch ghi bộ tiêu chí «%(found)s», cần «%(expected)s»."
    ),
    "plan_defaults_areas": gettext_lazy(
        "Mặc định của kế hoạch có lĩnh vực không có trong bộ tiêu chí: %(codes)s."
    ),
}


def problem_sentence(problem: Problem) -> str:
    """A file's problem in the interface language, located (file, table or sheet, row, column);
    the wording is the `parindex` catalogue's, as for the command line."""
    return problem_text(problem, lang())


def refusal(error: ServiceError) -> str:
    """A service's refusal as one sentence."""
    if isinstance(error, FrameworkFrozenError):
        return _(
            "Phiên bản này đã được một đợt đánh giá sử dụng nên đã khóa: "
            "hãy nhập với số phiên bản mới."
        )
    if isinstance(error, FrameworkServiceError):
        template = REFUSALS.get(error.code)
        if template is not None:
            return str(template) % error.params if error.params else str(template)
    return _("Không thực hiện được.")
