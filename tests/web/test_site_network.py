"""The client's address: X-Forwarded-For only from a configured trusted proxy."""

import pytest
from django.test import RequestFactory

from parindex.web.site.network import client_address

CASES = [
    # trusted proxies, REMOTE_ADDR, X-Forwarded-For, the client
    ([], "10.0.0.1", "", "10.0.0.1"),
    ([], "10.0.0.1", "203.0.113.9", "10.0.0.1"),  # a client cannot name itself
    (["127.0.0.1"], "127.0.0.1", "203.0.113.9", "203.0.113.9"),
    (["127.0.0.1"], "127.0.0.1", "1.1.1.1, 203.0.113.9", "203.0.113.9"),  # forged left part
    (["127.0.0.1"], "10.0.0.1", "203.0.113.9", "10.0.0.1"),  # peer not trusted
    (["127.0.0.1", "10.1.0.0/16"], "127.0.0.1", "203.0.113.9, 10.1.2.3", "203.0.113.9"),
    (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
    (["127.0.0.1"], "127.0.0.1", "not-an-ip", "127.0.0.1"),
    (["127.0.0.1"], "127.0.0.1", "junk, 203.0.113.9", "203.0.113.9"),
    (["::1"], "::1", "2001:db8::5", "2001:db8::5"),
    ([], "::ffff:10.0.0.7", "", "10.0.0.7"),
    ([], "", "203.0.113.9", None),
]


@pytest.mark.parametrize(("trusted", "peer", "forwarded", "client"), CASES)
def test_client_address(settings, trusted, peer, forwarded, client) -> None:
    settings.PARINDEX_TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client
