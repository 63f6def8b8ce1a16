"""Every URL pattern, as every persona, with real and hostile values: never a server error.

The crawler walks every URL pattern of the resolver (fuzz_world.py), fills each captured
parameter with a real value of the demo and then with hostile ones, and requests each address
as anonymous, focal, secretariat, appraiser and outsider (the admin's pages as anonymous and
the administrator): GET, GET with hostile query parameters, and POST with an empty and a
garbage body. The garbage gives every form field and query parameter the pages showed (and a
file to every file input) a hostile value, rotated so each field meets different ones. Each
request runs in a savepoint rolled back afterwards, so every request sees the same data (and,
on PostgreSQL, one database error does not abort the rest). A status of 500 or more, or an
exception, fails the test with the list of every one found.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from typing import Any
from urllib.parse import quote, unquote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from fuzz_world import Route, admin_object_id, real_values, routes

pytestmark = pytest.mark.django_db


PERSONAS = ("anonymous", "focal", "secretariat", "appraiser", "outsider", "admin")
# In an address (already percent-encoded): numbers out of every range, text where an id is
# expected, a NUL, a long string, Vietnamese and an emoji, bytes that are not UTF-8.
PATH_HOSTILE = (
    "0",
    "-1",
    "99999999999999999999999",
    "abc",
    "%00",
    "x" * 300,
    quote("Đà Nẵng ü 😀"),
    "%ff%fe",
)
# In a query string or a form: the same, plus what number, date and JSON parsers trip on.
FIELD_HOSTILE = (
    "abc",
    "-1",
    "99999999999999999999999",
    "\x00",
    "1e999999",
    "NaN",
    "31/02/2020",
    "²",
    "y" * 1000,
    "Đà Nẵng ü 😀",
    "",
    '{"a": [}',
)
FIELD_NAME = re.compile(r"<(?:input|select|textarea|button)\b[^>]*?\bname=\"([^\"]+)\"", re.S)
FILE_INPUT = re.compile(r"<input\b[^>]*?\btype=\"file\"[^>]*?>", re.S)
QUERY_NAME = re.compile(r"href=\"[^\"]*?[?&](?:amp;)?([\w-]+)=")


@contextmanager
def _savepoint() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


class Crawler:
    """Requests as one persona; remembers every server error and the form fields it saw."""

    def __init__(self, failures: list[str], fields: set[str], files: set[str]) -> None:
        self.failures, self.fields, self.files = failures, fields, files

    def hit(self, role: str, client: Client, method: str, url: str, data: Any = None) -> None:
        cookies = deepcopy(client.cookies)  # a POST to logout must not log the persona out
        try:
            with _savepoint():
                get = method == "GET"
                response = client.get(url) if get else client.post(url, data or {})
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
        except Exception as exc:  # the test client re-raises a view's exception
            self.failures.append(f"{role} {method} {url[:150]}: {type(exc).__name__}: {exc}")
            return
        finally:
            client.cookies = cookies
        if response.status_code >= 500:
            self.failures.append(f"{role} {method} {url[:150]}: HTTP {response.status_code}")
        if response.get("Content-Type", "").startswith("text/html"):
            text = body.decode("utf-8", "replace")
            self.fields.update(FIELD_NAME.findall(text))
            self.files.update(
                m for tag in FILE_INPUT.findall(text) for m in FIELD_NAME.findall(tag)
            )
            self.fields.update(QUERY_NAME.findall(text))

    def garbage(self, offset: int, *, query: bool = False) -> dict[str, Any]:
        """Every known field with a hostile value (a garbage file for a file input).

        A query string gets no NUL: RequestGuardMiddleware refuses the whole request then.
        """
        hostile = [v for v in FIELD_HOSTILE if not (query and "\x00" in v)]
        body: dict[str, Any] = {}
        for i, name in enumerate(sorted(self.fields - {"csrfmiddlewaretoken"})):
            if name in self.files and not query:
                body[name] = SimpleUploadedFile("x.xlsx", b"PK\x03\x04garbage\x00\xff" * 8)
            else:
                body[name] = hostile[(i + offset) % len(hostile)]
        return body


def _real_combos(route: Route, values: dict[tuple[str, str], list[str]]) -> list[dict[str, str]]:
    """Every combination of real values of the route's parameters (encoded for an address)."""
    choices = []
    for param in route.params:
        found = admin_object_id(route) if param.name == "object_id" else None
        found = found or values.get((param.segment, param.name))
        assert found, f"{route.name}: add a real value for {param} to fuzz_world.real_values"
        choices.append([quote(v, safe="@") for v in found])
    names = [p.name for p in route.params]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*choices)]


def _hostile_urls(route: Route, real: dict[str, str]) -> list[str]:
    """The route's address with one parameter at a time given each hostile value."""
    return [
        route.url({**real, param.name: hostile})
        for param in route.params
        for hostile in PATH_HOSTILE
    ]


def _clients(users: dict[str, Any]) -> dict[str, Client]:
    clients = {}
    for role in PERSONAS:
        clients[role] = Client()
        if role != "anonymous":
            clients[role].force_login(users[role])
    return clients


@pytest.fixture
def crawl(demo, users, settings, tmp_path):
    """The crawler's parts over the demo and one object of each kind (MEDIA_ROOT in tmp)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARINDEX_DOSSIERS_ROOT = None
    settings.PARINDEX_DOSSIERS_RUNNER = "command"  # a queued import never runs here
    settings.PARINDEX_API_RATE_PER_MINUTE = 0
    return real_values(demo, users), _clients(users)


def _resolves(route: Route, url: str) -> bool:
    """Whether the address reaches the route's view (else it is the resolver's own 404)."""
    try:
        return resolve(unquote(url)).func == route.callback
    except Resolver404:
        return False


def test_every_route_answers_every_persona_without_a_server_error(crawl):
    values, clients = crawl
    failures: list[str] = []
    crawler = Crawler(failures, set(), set())
    found = [(route, _real_combos(route, values)) for route in routes()]
    logging.disable(logging.CRITICAL)  # thousands of refusals; a failure is listed below
    try:
        # 1. real addresses: GET (which also collects the pages' form fields), an empty POST
        for route, combos in found:
            for role, combo in itertools.product(route.personas, combos):
                crawler.hit(role, clients[role], "GET", route.url(combo))
                crawler.hit(role, clients[role], "POST", route.url(combo))
        # 2. hostile query parameters and a garbage body, each field's value rotated by
        #    route and persona so that a field used by many routes meets every value
        for n, (route, combos) in enumerate(found):
            for i, role in enumerate(route.personas):
                query = urlencode(crawler.garbage(n + i + 1, query=True))
                crawler.hit(role, clients[role], "GET", f"{route.url(combos[0])}?{query}")
                crawler.hit(
                    role, clients[role], "POST", route.url(combos[0]), crawler.garbage(n + i)
                )
        # 3. hostile values in the address, as the persona who gets furthest (the secretariat;
        #    the administrator in the admin, whose object ids only GET looks up). An address
        #    the resolver refuses (text for an int) reaches no view: it is asked for once.
        for n, (route, combos) in enumerate(found):
            role = route.personas[-1] if route.is_admin else "secretariat"
            for url in _hostile_urls(route, combos[0]):
                crawler.hit(role, clients[role], "GET", url)
                if _resolves(route, url) and not route.is_admin:
                    crawler.hit(role, clients[role], "POST", url, crawler.garbage(n))
    finally:
        logging.disable(logging.NOTSET)
    assert crawler.fields, "the pages showed no form fields: the crawler saw no pages"
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures)
