"""The store behind the service: SQLite (a file, the default) or PostgreSQL (a database several nodes share),
one interface (``service.store.base.Store``).

    rows.py        what is stored of an event besides its JSON (pure functions)
    schema.py      the tables, for both engines, and the schema version
    migrations.py  bringing an older store up to date in place
    queries.py     the SQL of timeline reads (keyset pages, date windows)
    merging.py     re-merging only what a change touched
    writer.py      one write transaction, ending in a new version
    base.py        the interface and the reads both engines share
    sqlite.py      SQLite in WAL mode
    postgres.py    PostgreSQL through psycopg 3
"""

from __future__ import annotations

from pathlib import Path

from service.locks import is_url
from service.store.base import Store
from service.store.migrations import MigrationNeeded
from service.store.records import Criteria, FileRecord, PageRow, StoreError, VersionInfo, now_iso


def open_store(database: str | Path, *, migrate: bool = True) -> Store:
    """The store at ``database``: a postgresql:// URL, or the path of a SQLite file (created when missing).
    An older store is migrated in place unless ``migrate`` is False (then MigrationNeeded says so)."""
    if is_url(database):
        from service.store.postgres import PostgresStore

        return PostgresStore(str(database), migrate=migrate)
    from service.store.sqlite import SQLiteStore

    return SQLiteStore(database, migrate=migrate)


__all__ = ["Criteria", "FileRecord", "MigrationNeeded", "PageRow", "Store", "StoreError", "VersionInfo", "now_iso",
           "open_store"]
