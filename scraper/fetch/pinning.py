"""Connect only to the addresses the guard checked: no second DNS lookup.

A name can answer a public address to the check and 127.0.0.1 to the connection
that follows (DNS rebinding). So the fetcher resolves each host once per hop, checks
every address (`guard.check_host`), records them here with `pin`, and the transport
connects to a pinned address instead of resolving the name again. The URL, the Host
header and the TLS server name (SNI, certificate check) keep the original host name,
since httpcore passes the name to the network backend and uses it for TLS itself.

Without a pin (`allow_private`, where nothing is checked) the backend resolves as usual;
with `require_pin`, a host without one is refused rather than resolved.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpcore
import httpx

# httpcore's own alias (`httpcore._backends.base.SOCKET_OPTION`), spelled out.
SocketOption = (
    tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]
)


class PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting to each host's pinned addresses in turn."""

    def __init__(self, *, require_pin: bool) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._pins: dict[str, tuple[str, ...]] = {}
        self._require_pin = require_pin

    def pin(self, host: str, addresses: Iterable[str]) -> None:
        """Connections to `host` go to `addresses` (already checked), first one first."""
        self._pins[host.lower()] = tuple(addresses)

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = self._pins.get(host.lower())
        if addresses is None:
            if self._require_pin:
                raise httpcore.ConnectError(f"{host} was not checked before connecting")
            addresses = (host,)
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[SocketOption] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (HTTP/1.1 and HTTP/2, its error mapping) over a
    `PinnedBackend`. httpx takes no network backend as an argument, so the
    connection pool it builds is replaced by the same pool with ours."""

    def __init__(self, backend: PinnedBackend, *, limits: httpx.Limits) -> None:
        # One SSL context for both pools (loading the CA file takes ~50 ms; the first
        # pool is thrown away, so it used to load it twice per fetcher).
        ssl_context = httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=ssl_context, http2=True, limits=limits, trust_env=False)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=True,
            network_backend=backend,
        )
