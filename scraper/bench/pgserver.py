"""A throwaway PostgreSQL cluster for tests and `scraper bench workers`: initdb in a
temporary directory, a free loopback port and a private Unix socket, stopped and
removed at the end.

    with PostgresServer.start() as server:
        url = server.create_database()   # postgresql://scraper@127.0.0.1:PORT/test_1

PostgreSQL refuses to run as root: as root, the server runs as the `postgres` user
(Debian's package creates it) or else `nobody`, through `runuser`. Authentication is
`trust` on loopback only, so no password is involved.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

USER = "scraper"


def binaries() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres, or None when not installed."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(versions[0]).parent if versions else None


def _server_user() -> str | None:
    """The unprivileged user to run the server as (None: ourselves, not root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run postgres as")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    bin: Path
    root: Path
    port: int
    user: str | None
    _databases: int = field(default=0)

    @classmethod
    def start(cls) -> PostgresServer:
        found = binaries()
        if found is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install -y postgresql)")
        root = Path(tempfile.mkdtemp(prefix="scraper-pg-"))
        server = cls(bin=found, root=root, port=_free_port(), user=_server_user())
        if server.user is not None:
            shutil.chown(root, user=server.user)
        try:
            server._run(
                "initdb", "-D", str(root / "data"), "-A", "trust", "-U", USER,
                "-E", "UTF8", "--no-sync", "--locale=C",
            )  # fmt: skip
            options = (
                f"-k {root} -c listen_addresses=127.0.0.1 -p {server.port} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=100"
            )
            server._run(
                "pg_ctl", "-D", str(root / "data"), "-o", options,
                "-l", str(root / "log"), "-w", "-t", "30", "start",
            )  # fmt: skip
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise
        return server

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=self.root)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stderr.strip() or done.stdout.strip()}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A new empty schema, alone on the search path of the URL returned: to a
        store, an empty database (a schema is made in ms; a database takes a second)."""
        import psycopg

        self._databases += 1
        name = f"test_{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url()}?options=-csearch_path%3D{name}"

    def stop(self) -> None:
        deadline = time.monotonic() + 10
        while True:
            try:
                self._run("pg_ctl", "-D", str(self.root / "data"), "-m", "immediate", "stop")
                break
            except RuntimeError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.2)
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
