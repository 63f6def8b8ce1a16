"""The wrapper every API view goes through: authentication, method dispatch, JSON errors.

A request is authenticated by ``Authorization: Bearer <token>`` or, for the application's
own pages, by the session cookie: session reads are accepted unless the browser says the
request is cross-site, and session writes must pass Django's CSRF check like a form. Any
error, including an unexpected one, is answered as JSON (never Django's HTML pages).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from parindex.web.api import errors
from parindex.web.api.errors import ApiError
from parindex.web.api.services import api_token_find
from parindex.web.site.ratelimit import rate_hit

logger = logging.getLogger("parindex.api")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_BODY_BYTES = 64 * 1024  # one sub-criterion's inputs are a few hundred bytes
Handler = Callable[..., Any]


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request: HttpRequest, reason: str) -> str:  # type: ignore[override]
        return reason


def _csrf_failure(request: HttpRequest) -> str | None:
    check = _CsrfCheck(lambda _request: HttpResponse())
    check.process_request(request)
    return check.process_view(request, None, (), {})  # type: ignore[arg-type,return-value]


def _authenticate(request: HttpRequest) -> None:
    """Set ``request.user`` from the bearer token or the session; raise 401/403 otherwise."""
    header = request.headers.get("Authorization", "")
    if header:
        _token_user(request, header)
    else:
        _session_user(request)


def _token_user(request: HttpRequest, header: str) -> None:
    """The bearer token's user (401 if the token is unknown, expired or revoked; 429)."""
    scheme, _sep, secret = header.partition(" ")
    token = api_token_find(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise errors.ApiError(
            401,
            "invalid_token",
            _("Khóa API không hợp lệ, đã hết hạn hoặc đã bị thu hồi."),
            headers={"WWW-Authenticate": 'Bearer realm="parindex", error="invalid_token"'},
        )
    request.user = token.user
    request.api_token = token  # type: ignore[attr-defined]
    _throttle(token.digest)


def _session_user(request: HttpRequest) -> None:
    """The session's user: reads unless cross-site, writes only past the CSRF check."""
    request.api_token = None  # type: ignore[attr-defined]
    if not (request.user.is_authenticated and request.user.is_active):
        raise errors.unauthorized()
    if request.method in SAFE_METHODS:
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            raise errors.unauthorized()
        return
    reason = _csrf_failure(request)
    if reason:
        raise errors.forbidden(
            "csrf_failed", _("Thiếu hoặc sai mã CSRF: %(reason)s") % {"reason": reason}
        )


def _throttle(digest: str) -> None:
    """At most PARINDEX_API_RATE_PER_MINUTE requests per token and minute (0: no limit),
    counted in the shared cache (``parindex.web.site.ratelimit``)."""
    limit = int(getattr(settings, "PARINDEX_API_RATE_PER_MINUTE", 600))
    rate = rate_hit(scope="api-token", key=digest, limit=limit, window=60)
    if not rate.allowed:
        raise ApiError(
            429,
            "rate_limited",
            _("Quá nhiều yêu cầu; vui lòng thử lại sau ít phút."),
            headers={"Retry-After": str(rate.retry_after)},
        )


def json_body(request: HttpRequest) -> Any:
    """The request's JSON body (415 if not JSON, 413 if too large, 400 if malformed)."""
    if request.content_type != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            _("Nội dung phải là JSON (Content-Type: application/json)."),
        )
    if _declared_length(request) > MAX_BODY_BYTES:
        raise _too_large()
    try:
        raw = request.body
    except RequestDataTooBig:
        raise _too_large() from None
    if len(raw) > MAX_BODY_BYTES:
        raise _too_large()
    return errors.parse_json(raw)


def _declared_length(request: HttpRequest) -> int:
    """The body's length as the client announced it (0 when absent or malformed)."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _too_large() -> ApiError:
    return ApiError(
        413,
        "payload_too_large",
        _("Nội dung gửi lên quá lớn (tối đa %(size)s byte).") % {"size": MAX_BODY_BYTES},
    )


def api_view(*, public: bool = False, **handlers: Handler) -> Callable[..., HttpResponse]:
    """A view answering the given methods (``get=``, ``put=``, …) with JSON."""
    allowed = sorted(m.upper() for m in handlers)

    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            handler = handlers.get((request.method or "").lower())
            if handler is None:
                raise _not_allowed(request, allowed)
            if not public:
                _authenticate(request)
            result = handler(request, **kwargs)
            return result if isinstance(result, HttpResponse) else errors.json_response(result)
        except ApiError as exc:
            return exc.response()
        except Http404:
            return errors.not_found().response()
        except PermissionDenied:
            return errors.forbidden().response()
        except Exception:
            return _server_error(request)

    first = next(iter(handlers.values()))
    view.__name__, view.__doc__ = first.__name__, first.__doc__
    view.allowed_methods = allowed  # type: ignore[attr-defined]
    # Token requests carry no cookie to forge; session writes are checked in _authenticate.
    return csrf_exempt(view)


def _not_allowed(request: HttpRequest, allowed: list[str]) -> ApiError:
    return ApiError(
        405,
        "method_not_allowed",
        _("Phương thức %(method)s không được hỗ trợ ở địa chỉ này.") % {"method": request.method},
        headers={"Allow": ", ".join(allowed)},
    )


def _server_error(request: HttpRequest) -> JsonResponse:
    """The answer to an unexpected error, logged with its traceback (call inside ``except``)."""
    logger.exception("API error on %s %s", request.method, request.path)
    return ApiError(500, "server_error", _("Lỗi máy chủ; sự cố đã được ghi lại.")).response()


@csrf_exempt  # nothing is done: a POST to an unknown address gets the JSON 404 too
def not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Any path under /api/ that matches no endpoint."""
    return errors.not_found().response()
