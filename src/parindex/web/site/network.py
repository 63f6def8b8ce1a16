"""The client's address: the one function every limit, lockout and audit event asks.

Behind nginx every request arrives from the proxy's own address, so the direct peer
(``REMOTE_ADDR``) names the proxy, not the user. ``X-Forwarded-For`` names the user, but any
client can send one: it is read only when the direct peer is one of the configured trusted
proxies (``PARINDEX_TRUSTED_PROXIES``), from the right, skipping the trusted proxies, so the
first address not under our control is the one a client cannot forge.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:10.0.0.1 is 10.0.0.1
    return mapped or address


def trusted_proxy(address: Address) -> bool:
    """Whether ``address`` is one of the proxies allowed to say who the client is."""
    entries = tuple(getattr(settings, "PARINDEX_TRUSTED_PROXIES", ()))
    return any(address in network for network in _networks(entries))


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address (text), or None when the request carries none."""
    peer = _parse(request.META.get("REMOTE_ADDR") or "")
    if peer is None or not trusted_proxy(peer):
        return str(peer) if peer else None
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop]
    nearest = peer
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break  # a malformed hop: nothing to its left can be trusted either
        nearest = address
        if not trusted_proxy(address):
            break
    return str(nearest)
