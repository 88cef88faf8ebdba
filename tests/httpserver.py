"""A real HTTP/1.1 server on loopback, in a thread, that misbehaves on request.

    with LocalServer() as server:
        server.route("/a", Response(body=b"<html>..."))
        server.route("/slow", stall_before_headers(5))
        page = fetch(server.url("/a"), config=...)
        assert server.paths() == ["/robots.txt", "/a"]

A route is a `Response`, a function of the `Request` returning one, a list of
them served in turn (the last repeats), or a raw handler `(request, conn)` that
writes whatever bytes it likes and then the connection is closed. Unknown paths
get 404. Every request is recorded in `server.requests`. Binds port 0 only.
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Response:
    status: int = 200
    body: bytes = b""
    headers: Sequence[tuple[str, str]] = (("Content-Type", "text/html; charset=utf-8"),)


class Conn:
    """The client connection, for raw handlers."""

    def __init__(self, sock: socket.socket, stopped: threading.Event) -> None:
        self.sock = sock
        self.stopped = stopped

    def send(self, data: bytes) -> bool:
        """Send bytes; False once the client has gone away."""
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True

    def pause(self, seconds: float) -> None:
        """Sleep, but wake up when the server stops."""
        self.stopped.wait(seconds)

    def reset(self) -> None:
        """Abort the connection with a TCP reset."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


RawHandler = Callable[[Request, Conn], None]


@dataclass
class _Raw:
    handler: RawHandler


Route = Response | Callable[[Request], Response] | list[Response] | _Raw


def raw(handler: RawHandler) -> _Raw:
    return _Raw(handler)


def head(status: int, headers: Sequence[tuple[str, str]], length: int | None = None) -> bytes:
    lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
    lines += [f"{key}: {value}" for key, value in headers]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


_REASONS = {200: "OK", 301: "Moved", 302: "Found", 304: "Not Modified", 404: "Not Found"}


@dataclass
class LocalServer:
    host: str = "127.0.0.1"
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listener = socket.create_server((self.host, 0))
        self.port = self._listener.getsockname()[1]
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._served: dict[str, int] = {}

    def route(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def paths(self) -> list[str]:
        with self._lock:
            return [request.path for request in self.requests]

    def __enter__(self) -> LocalServer:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopped.set()
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(10)
        buffer = b""
        try:
            while not self._stopped.is_set():
                while b"\r\n\r\n" not in buffer:
                    chunk = sock.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                raw_head, buffer = buffer.split(b"\r\n\r\n", 1)
                if not self._answer(_parse(raw_head), sock):
                    return
        except OSError:
            return
        finally:
            sock.close()

    def _answer(self, request: Request, sock: socket.socket) -> bool:
        with self._lock:
            self.requests.append(request)
            count = self._served.get(request.path, 0)
            self._served[request.path] = count + 1
        route = self.routes.get(request.path.split("?", 1)[0], Response(404, b"not found"))
        if isinstance(route, _Raw):
            route.handler(request, Conn(sock, self._stopped))
            return False
        if isinstance(route, list):
            response = route[min(count, len(route) - 1)]
        else:
            response = route(request) if callable(route) else route
        sock.sendall(head(response.status, response.headers, len(response.body)) + response.body)
        return request.headers.get("connection", "").lower() != "close"


def _parse(raw_head: bytes) -> Request:
    first, *lines = raw_head.decode("latin-1").split("\r\n")
    method, path, _ = first.split(" ", 2)
    headers = {}
    for line in lines:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    return Request(method, path, headers)


# Misbehaviours ---------------------------------------------------------------------------


def stall_before_headers(seconds: float) -> _Raw:
    return raw(lambda request, conn: conn.pause(seconds))


def stall_after_headers(seconds: float) -> _Raw:
    def handler(request: Request, conn: Conn) -> None:
        conn.send(head(200, [("Content-Type", "text/html")], 1000) + b"<html><body>")
        conn.pause(seconds)

    return raw(handler)


def endless_body(request: Request, conn: Conn) -> None:
    """An HTML answer without Content-Length that never ends (until the client leaves)."""
    conn.send(head(200, [("Content-Type", "text/html")]) + b"<html><body>")
    chunk = b"<p>" + b"more " * 2000 + b"</p>\n"
    while not conn.stopped.is_set() and conn.send(chunk):
        pass


def reset_mid_body(request: Request, conn: Conn) -> None:
    conn.send(head(200, [("Content-Type", "text/html")], 100_000) + b"<html><body><p>partial")
    conn.pause(0.05)
    conn.reset()


def gzip_bomb(size: int, layers: int = 1) -> Response:
    """`size` zero bytes, gzipped `layers` times, labelled as such."""
    body = b"\0" * size
    for _ in range(layers):
        body = gzip.compress(body, compresslevel=9)
    coding = ", ".join(["gzip"] * layers)
    return Response(
        body=body, headers=(("Content-Type", "text/html"), ("Content-Encoding", coding))
    )


def redirect(location: str, status: int = 302) -> Response:
    return Response(status, b"", (("Location", location),))


def etag_route(body: bytes, etag: str) -> Callable[[Request], Response]:
    """200 with an ETag, or 304 when the client sends it back in If-None-Match."""

    def handler(request: Request) -> Response:
        if request.headers.get("if-none-match") == etag:
            return Response(304, b"", (("ETag", etag),))
        return Response(200, body, (("Content-Type", "text/html"), ("ETag", etag)))

    return handler
