"""The OpenAPI document is valid, served, and describes exactly the implemented routes."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from parindex.web.api import openapi

pytestmark = pytest.mark.django_db

# Routes under /api/ that are not part of the versioned API the document describes.
NOT_DOCUMENTED = {"openapi", "docs", "tokens", "not_found"}


def api_routes() -> dict[str, set[str]]:
    """Every API route as an OpenAPI path template ('/campaigns/{id}') with its methods."""
    (api,) = [
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "api"
    ]
    found: dict[str, set[str]] = {}
    for pattern in api.url_patterns:
        assert isinstance(pattern, URLPattern)
        if pattern.name in NOT_DOCUMENTED:
            continue
        route = str(pattern.pattern)
        assert route.startswith("v1/"), route
        template = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.removeprefix("v1"))
        template = template.replace("{pk}", "{id}")
        found[template] = {m.lower() for m in pattern.callback.allowed_methods}
    return found


def validate(document: dict) -> None:
    """Validate against the OpenAPI 3.1 schema (dev dependency openapi-spec-validator)."""
    validator = pytest.importorskip("openapi_spec_validator", reason="pip install -e '.[dev]'")
    validator.validate(document)


def test_document_is_valid_openapi_3_1() -> None:
    document = openapi.document()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_document_paths_and_methods_match_the_routes() -> None:
    documented = {
        path: {m for m in item if m != "parameters"}
        for path, item in openapi.document()["paths"].items()
    }
    assert documented == api_routes()


def test_every_operation_documents_its_errors_as_json() -> None:
    document = openapi.document()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert {"200", "401", "405", "500"} <= set(operation["responses"]), (path, method)
            if "{" in path:
                assert "404" in operation["responses"], (path, method)


def test_document_is_served_without_credentials(client) -> None:
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["servers"] == [{"url": "http://testserver/api/v1"}]
    validate(data)


def test_docs_page_lists_every_operation(client) -> None:
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    for path, item in openapi.document()["paths"].items():
        for method in item:
            if method != "parameters":
                assert f"{method.upper()} {path}" in page
