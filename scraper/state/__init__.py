"""The state store: what runs remember between them (see `store.StateStore`)."""

from scraper.state.sqlite import SCHEMA_VERSION, SQLiteStore
from scraper.state.store import Failure, PageRecord, RunRecord, StateStore, UrlState, Written

__all__ = [
    "SCHEMA_VERSION",
    "Failure",
    "PageRecord",
    "RunRecord",
    "SQLiteStore",
    "StateStore",
    "UrlState",
    "Written",
]
