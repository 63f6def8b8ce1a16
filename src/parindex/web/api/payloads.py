"""Request bodies of the write endpoints: checked and turned into the services' arguments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.core.model import Node
from parindex.web.api.errors import bad_request


def _text(value: Any) -> str | None:
    """A JSON value as the text the service coerces (numbers exactly); None if not a value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        # A decimal comma is unambiguous to the core: a dot may be read as thousands.
        return format(value, "f").replace(".", ",")
    return None


def _version(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def node_inputs(body: Any, node: Node, *, replace: bool) -> dict[str, Any]:
    """The service's arguments from a PUT/PATCH body; every problem found at once (400).

    ``replace`` (PUT): an input of the sub-criterion left out of ``values`` is cleared.
    """
    if not isinstance(body, dict):
        raise bad_request("bad_body", _("Nội dung phải là một đối tượng JSON."))
    problems: list[dict[str, Any]] = []
    unknown = sorted(set(body) - {"values", "versions", "comment", "comment_version"})
    problems += [
        {"node": node.code, "field": k, "code": "unknown_field", "message": _("Trường lạ.")}
        for k in unknown
    ]
    values = body.get("values", {})
    versions = body.get("versions", {})
    if not isinstance(values, dict) or not isinstance(versions, dict):
        problems.append(
            {
                "node": node.code,
                "field": "values" if not isinstance(values, dict) else "versions",
                "code": "bad_type",
                "message": _("Cần một đối tượng JSON."),
            }
        )
        raise bad_request("invalid", _("Dữ liệu không hợp lệ."), problems)
    names = {spec.name for spec in node.inputs}
    for name in sorted(set(values) - names):
        problems.append(
            {
                "node": node.code,
                "input": name,
                "code": "unknown_input",
                "message": _("Tiêu chí này không có số liệu %(name)s.") % {"name": name},
            }
        )
    texts: dict[str, str] = {}
    for name, raw in values.items():
        text = _text(raw)
        if name not in names:
            continue
        if text is None:
            problems.append(
                {
                    "node": node.code,
                    "input": name,
                    "code": "bad_type",
                    "message": _("Cần chuỗi, số, đúng/sai hoặc null."),
                }
            )
        else:
            texts[name] = text
    if replace:
        texts = {name: texts.get(name, "") for name in sorted(names)}
    parsed_versions: dict[str, int] = {}
    for name, raw in versions.items():
        version = _version(raw)
        if version is None:
            problems.append(
                {
                    "node": node.code,
                    "input": name,
                    "code": "bad_version",
                    "message": _("Phiên bản phải là số nguyên không âm."),
                }
            )
        else:
            parsed_versions[name] = version
    comment = body.get("comment")
    if comment is not None and not isinstance(comment, str):
        problems.append(
            {"node": node.code, "field": "comment", "code": "bad_type", "message": "string"}
        )
    comment_version = _version(body.get("comment_version", 0))
    if comment_version is None:
        problems.append(
            {
                "node": node.code,
                "field": "comment_version",
                "code": "bad_version",
                "message": _("Phiên bản phải là số nguyên không âm."),
            }
        )
    if problems:
        raise bad_request("invalid", _("Dữ liệu không hợp lệ."), problems)
    return {
        "values": texts,
        "versions": parsed_versions,
        "comment": comment,
        "comment_version": comment_version or 0,
    }
