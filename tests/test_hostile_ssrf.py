"""DNS rebinding and addresses that hide IPv4 inside IPv6: the SSRF guard holds.

The rebinding case needs no root: the child interpreter's `socket.getaddrinfo` is a
resolver the test controls (a public address first, 127.0.0.1 ever after), and a
real server on 127.0.0.1 must not receive the request.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hostile import Isolated

from scraper.fetch.guard import is_public

REBINDING = """
import socket
from httpserver import LocalServer, Response
from scraper.fetch import FetchConfig, fetch

real_getaddrinfo = socket.getaddrinfo
asked = []

def rebinding_getaddrinfo(host, port, *args, **kwargs):
    if host != "rebind.test":
        return real_getaddrinfo(host, port, *args, **kwargs)
    asked.append(host)
    address = "93.184.215.14" if len(asked) == 1 else "127.0.0.1"
    return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

socket.getaddrinfo = rebinding_getaddrinfo
config = FetchConfig(delay=0, retries=0, respect_robots=False, connect_timeout=1,
                     total_timeout=3)
with LocalServer() as server:
    server.route("/admin/delete", Response(body=b"<p>deleted</p>"))
    page = fetch(f"http://rebind.test:{server.port}/admin/delete?id=42", config=config)
    OUT = {"reached": server.paths(), "lookups": len(asked),
           "error": page.error.kind if page.error else None}
"""


@pytest.fixture(scope="module")
def child() -> Iterator[Isolated]:
    with Isolated() as started:
        yield started


def test_a_rebinding_name_never_reaches_the_internal_server(child: Isolated) -> None:
    outcome = child.run(REBINDING, seconds=30)
    assert outcome.error is None, outcome.trace
    assert outcome.out["reached"] == []
    assert outcome.out["lookups"] == 1  # checked and connected with one answer
    assert outcome.out["error"] in ("connect", "timeout")


@pytest.mark.parametrize(
    "address",
    [
        "::127.0.0.1",  # IPv4-compatible
        "::ffff:127.0.0.1",  # IPv4-mapped
        "64:ff9b::7f00:1",  # NAT64
        "64:ff9b:1::a00:1",  # local-use NAT64
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "::1",
        "::",
        "fe80::1%eth0",
        "169.254.169.254",
        "0.0.0.0",
        "not an address",
    ],
)
def test_addresses_hiding_a_private_ipv4_are_not_public(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_stay_public(address: str) -> None:
    assert is_public(address)
