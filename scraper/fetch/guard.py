"""Server-side request forgery guard: refuse private, loopback and link-local targets."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from scraper.errors import BlockedAddress, ConnectError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: str) -> bool:
    """True only for a globally routable unicast address."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to; `ConnectError` when it does not resolve."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ConnectError(f"cannot resolve host {host!r}: {error.strerror}") from None
    return sorted({str(info[4][0]) for info in infos})


async def check_host(host: str, port: int) -> None:
    """`BlockedAddress` unless every address of `host` is public."""
    for address in await resolve(host, port):
        if not is_public(address):
            raise BlockedAddress(f"{host} resolves to non-public address {address}")


def check_peer(address: str | None) -> None:
    """`BlockedAddress` when the connected peer is not public (DNS changed meanwhile)."""
    if address is not None and not is_public(address):
        raise BlockedAddress(f"connected to non-public address {address}")
