"""Server-side request forgery guard: refuse private, loopback and link-local targets.

The addresses `check_host` returns are the ones to connect to (see `pinning`): the
name is resolved once, and what was checked is what is used.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from scraper.errors import BlockedAddress, ConnectError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 ranges that carry an IPv4 address in their last 32 bits: NAT64 (RFC 6052 and
# its local-use range, RFC 8215) and the deprecated IPv4-compatible ::a.b.c.d.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address stands for (mapped, 6to4, Teredo, NAT64, ...)."""
    low = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.ipv4_mapped is not None:
        return (ip.ipv4_mapped,)
    if ip.sixtofour is not None:
        return (ip.sixtofour,)
    if ip.teredo is not None:
        return ip.teredo
    if any(ip in network for network in _NAT64):
        return (low,)
    if ip in _COMPATIBLE and int(ip) > 1:  # :: and ::1 are themselves
        return (low,)
    return ()


def is_public(address: str) -> bool:
    """True only for a globally routable unicast address (and every IPv4 inside it)."""
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    inside = embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else ()
    return all(_global(one) for one in (ip, *inside))


def _global(ip: IPAddress) -> bool:
    return ip.is_global and not ip.is_multicast


async def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, in the resolver's order; `ConnectError` when
    it does not resolve."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ConnectError(f"cannot resolve host {host!r}: {error.strerror}") from None
    except (UnicodeError, ValueError, OverflowError) as error:
        raise ConnectError(f"cannot resolve host {host!r}: {error}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


# How to allow it, in the refusal itself: the CLI option, the job file key, the config.
ALLOW_HINT = " (refused; to allow: --allow-private, or allow_private = true in [fetch])"


async def check_host(host: str, port: int) -> list[str]:
    """The addresses of `host`, all public; `BlockedAddress` when any one is not."""
    addresses = await resolve(host, port)
    for address in addresses:
        if not is_public(address):
            raise BlockedAddress(f"{host} resolves to non-public address {address}{ALLOW_HINT}")
    if not addresses:
        raise ConnectError(f"cannot resolve host {host!r}: no address")
    return addresses


def check_peer(address: str | None) -> None:
    """`BlockedAddress` when the connected peer is not public (a last line of defence)."""
    if address is not None and not is_public(address):
        raise BlockedAddress(f"connected to non-public address {address}{ALLOW_HINT}")
