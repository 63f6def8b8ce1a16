"""Schemathesis drives the API from its own OpenAPI document: no 5xx, answers as documented.

The document is loaded from ``/api/openapi.json`` through the WSGI application in-process, and
every request goes through that application (same thread, so the same test database). Each
generated request is sent as the demo's focal point with a real API token, once as generated
(random ids: mostly 404s, unsupported methods: 405s) and once with the path's ids replaced by
the demo's real ones, so the generated query strings and bodies reach a real assessment. Each
answer must pass schemathesis' response checks: not a server error, a documented status,
content type, headers and body schema. Its request-side checks are left out on purpose: the
API ignores unknown query parameters and reads ``unit=0`` as "no such unit" (negative data),
refuses a well-typed value the framework's rule cannot take with a 400 (positive data), and
the credentials are added here, not generated (test_api_auth.py covers the refusals).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from parindex.web.api.services import api_token_create
from parindex.web.evidence.services import self_leaf_codes

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
EXAMPLES = 15  # per operation and method: the module stays well under a minute
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@contextmanager
def _savepoint() -> Iterator[None]:
    """A write is undone after each request, so every example sees the demo as it is."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def keep_connection():
    """Keep the test's database connection (and its transaction) across WSGI requests.

    Django closes the connection when a request ends; its test client turns that off for its
    own requests, and this does the same for the WSGI application schemathesis calls (on
    PostgreSQL the test transaction would be lost; SQLite's in-memory database never closes).
    """
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def focal_api(demo, users, settings, keep_connection):
    """The focal point's bearer header and the demo's real path values."""
    settings.PARINDEX_API_RATE_PER_MINUTE = 0  # hundreds of requests in a few seconds
    _token, secret = api_token_create(user=users["focal"], name="schemathesis", expires_at=None)
    version = demo.campaign.framework_version
    real = {
        "id": demo.pk,
        "node_code": self_leaf_codes(demo)[0],
        "code": version.code,
        "version": version.version,
    }
    return {"Authorization": f"Bearer {secret}"}, real


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run (and every worker)
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_generated_requests_as_documented_and_never_with_a_5xx(case, focal_api):
    headers, real = focal_api
    with _savepoint():
        response = case.call(headers=headers)
    case.validate_response(response, headers=headers, checks=CHECKS)
    if case.path_parameters:
        case.path_parameters = {
            **case.path_parameters,
            **{name: value for name, value in real.items() if name in case.path_parameters},
        }
        with _savepoint():
            response = case.call(headers=headers)
        case.validate_response(response, headers=headers, checks=CHECKS)
