"""Every error under /api/ is JSON, also one Django answers itself (docs/api.md, Errors).

The API's views answer their own errors (``endpoint.api_view``), but some are answered before
or around them, as Django's HTML pages: a refused Host header (400), a refused address
(``RequestGuardMiddleware``, 400/404), a CSRF failure on the tokens page (403), a 405 from
``require_GET`` or an exception outside the wrapper (500). This middleware, first in
``MIDDLEWARE``, turns any such answer into the documented ``{"error": …}`` body.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from parindex.web.api import errors
from parindex.web.api.endpoint import MAX_BODY_BYTES

PREFIX = "/api/"
KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After", "Cache-Control", "Vary")


def api_error_for(status: int, method: str) -> errors.ApiError:
    """The API's own error for an HTTP status (the documented code and message)."""
    if status == 401:
        return errors.unauthorized()
    if status == 403:
        return errors.forbidden()
    if status == 404:
        return errors.not_found()
    if status == 405:
        message = _("Phương thức %(method)s không được hỗ trợ ở địa chỉ này.") % {"method": method}
        return errors.ApiError(405, "method_not_allowed", message)
    if status == 413:
        message = _("Nội dung gửi lên quá lớn (tối đa %(size)s byte).") % {"size": MAX_BODY_BYTES}
        return errors.ApiError(413, "payload_too_large", message)
    if status == 429:
        return errors.ApiError(
            429, "rate_limited", _("Quá nhiều yêu cầu; vui lòng thử lại sau ít phút.")
        )
    if status >= 500:
        return errors.ApiError(status, "server_error", _("Lỗi máy chủ; sự cố đã được ghi lại."))
    return errors.ApiError(status, "bad_request", _("Yêu cầu không hợp lệ."))


class ApiJsonErrorsMiddleware:
    """Replace a non-JSON error answer under /api/ by the API's JSON error body."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path_info.startswith(PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        answer = api_error_for(response.status_code, request.method or "").response()
        for name in KEPT_HEADERS:
            if response.has_header(name):
                answer[name] = response[name]
        answer.cookies = response.cookies
        return answer
