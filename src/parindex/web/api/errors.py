"""Every API answer that is not a success: ``{"error": {"code", "message", "details"}}``."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _

JSON_DUMPS = {"ensure_ascii": False}  # Vietnamese text kept as is (UTF-8)


def json_response(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params=JSON_DUMPS)


class ApiError(Exception):
    """An error answer: raised anywhere under a view, rendered by the view wrapper."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Sequence[Mapping[str, Any]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = list(details)
        self.headers = dict(headers or {})

    def response(self) -> JsonResponse:
        body = {"error": {"code": self.code, "message": self.message, "details": self.details}}
        response = json_response(body, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return response


def unauthorized() -> ApiError:
    return ApiError(
        401,
        "unauthorized",
        _("Cần đăng nhập: gửi khóa API trong tiêu đề Authorization: Bearer <khóa>."),
        headers={"WWW-Authenticate": 'Bearer realm="parindex"'},
    )


def forbidden(code: str = "forbidden", message: str | None = None) -> ApiError:
    return ApiError(403, code, message or _("Bạn không có quyền thực hiện thao tác này."))


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Không tìm thấy."))


def bad_request(code: str, message: str, details: Sequence[Mapping[str, Any]] = ()) -> ApiError:
    return ApiError(400, code, message, details)


def _lone_surrogate(data: Any) -> bool:
    """Whether a decoded JSON value holds a string UTF-8 cannot encode (``"\\ud800"``)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return True
    return False


def parse_json(raw: bytes) -> Any:
    """Decode a request body; decimals stay exact (``Decimal``), never binary floats.

    JSON may escape a lone UTF-16 surrogate (``"\\ud800"``), which is no character: such a
    body is malformed, as it could be neither stored nor sent back as UTF-8 text.
    """
    from decimal import Decimal

    try:
        data = json.loads(raw.decode("utf-8"), parse_float=Decimal)
    except RecursionError:  # nested deeper than the interpreter's stack: a 400, not a 500
        raise bad_request(
            "file_too_large_or_malformed",
            _("Nội dung gửi lên quá lớn hoặc bị hỏng (lồng nhau quá sâu)."),
            [{"limit": "json_depth"}],
        ) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise bad_request(
            "malformed_json",
            _("Nội dung gửi lên không phải JSON hợp lệ."),
            [{"message": str(exc)}],
        ) from None
    if _lone_surrogate(data):
        raise bad_request(
            "malformed_json",
            _("Nội dung gửi lên không phải JSON hợp lệ."),
            [{"message": "lone surrogate in a string"}],
        )
    return data
