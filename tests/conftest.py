"""Shared test settings and fixtures: one warm extraction pool, the PostgreSQL server.

Under CI (`CI` set, as `.ci/run` is run there) every hypothesis test draws the same
examples on every run, so a submission's result does not depend on luck; locally
they explore anew each run.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from concurrent.futures import Executor

import pytest
from hypothesis import settings

from scraper.bench.pgserver import PostgresServer, binaries

settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

# A shell's background job (`bash .ci/run &`) starts with Ctrl-C ignored, and the
# commands the tests start would inherit that: the Ctrl-C tests could not interrupt
# them. With a handler of its own here, each child starts with the default again.
signal.signal(signal.SIGINT, signal.default_int_handler)

# LightGBM trains with 2 OpenMP threads (scraper/train/fit.py). By default an idle OpenMP
# thread spins, and while other processes keep the 2 cores busy each boosting round waits
# on a descheduled spinner: test_text_training_is_deterministic_and_learns took 14-22 s
# instead of 0.2 s (a 15-round fit: 4.7 s active, 0.025 s passive). Passive waiting changes
# only how idle threads wait, never what is computed. It must be set before libgomp
# starts, and is inherited by the processes the tests start.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@pytest.fixture(scope="session")
def warm_pool() -> Iterator[Executor]:
    """One extraction pool for every in-process run: its workers start once a session."""
    from scraper.engine import process_pool

    pool = process_pool()
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- a real PostgreSQL server for the PostgreSQL state store's tests (scraper/bench/pgserver.py)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One throwaway cluster for the session (`.ci/run` installs PostgreSQL if missing)."""
    pytest.importorskip("psycopg")
    if binaries() is None and not os.environ.get("CI"):
        pytest.skip("PostgreSQL is not installed (apt-get install -y postgresql)")
    with PostgresServer.start() as server:
        yield server


@pytest.fixture
def pg_url(postgres: PostgresServer) -> str:
    """The URL of a new, empty database on the session's server."""
    return postgres.create_database()
