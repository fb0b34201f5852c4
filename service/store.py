"""The embedded store: one SQLite file in WAL mode holding feed files, documents with their extraction
results, and versioned timeline snapshots.

A refresh writes its documents and a new snapshot in one transaction and moves the current-version
pointer in the same transaction, so a reader sees the old timeline or the new one, never a mix.
Only the last few snapshots are kept.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,            -- relative to the feed directory
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    status TEXT NOT NULL,             -- ok | error
    error TEXT,
    missing_scans INTEGER NOT NULL DEFAULT 0,
    changed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    key TEXT PRIMARY KEY,             -- file path + '#' + entry key
    path TEXT NOT NULL,
    entry TEXT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    title TEXT,
    url TEXT,
    source_name TEXT,
    dct TEXT NOT NULL,
    dct_source TEXT NOT NULL,
    text_length INTEGER NOT NULL,
    extracted_at TEXT NOT NULL,
    timexes TEXT NOT NULL,            -- JSON list
    events TEXT NOT NULL              -- JSON list
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE TABLE IF NOT EXISTS problems (
    path TEXT NOT NULL,
    entry TEXT NOT NULL,
    reason TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (path, entry)
);
CREATE TABLE IF NOT EXISTS snapshots (
    version INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    timeline TEXT NOT NULL            -- the timeline JSON (our schema)
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""
KEEP_SNAPSHOTS = 3


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class FileRecord:
    path: str
    size: int
    mtime_ns: int
    content_hash: str
    status: str
    error: str | None
    missing_scans: int


@dataclass(frozen=True)
class DocumentRecord:
    key: str
    path: str
    entry: str
    id: str
    content_hash: str
    title: str | None
    url: str | None
    source_name: str | None
    dct: str
    dct_source: str
    text_length: int
    extracted_at: str
    timexes: str
    events: str

    def summary(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "source_name": self.source_name,
            "dct": self.dct,
            "dct_source": self.dct_source,
            "path": self.path,
            "entry": self.entry or None,
            "characters": self.text_length,
            "extracted_at": self.extracted_at,
        }


@dataclass(frozen=True)
class SnapshotRecord:
    version: int
    created_at: str
    timeline: str


class Store:
    """Access to the SQLite file; each call opens its own short-lived connection (safe across threads)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._enable_wal()
        with self.connect() as db:
            db.executescript(SCHEMA)

    def _enable_wal(self, wait: float = 30.0) -> None:
        """Switch the file to WAL. SQLite answers "database is locked" at once, without its busy handler,
        when another process switches a new file at the same moment (two servers started together), so
        the switch is retried here."""
        deadline = time.monotonic() + wait
        while True:
            try:
                with self.connect() as db:
                    db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all."""
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # --- reads -----------------------------------------------------------------------------
    def files(self) -> dict[str, FileRecord]:
        with self.connect() as db:
            rows = db.execute("SELECT path, size, mtime_ns, content_hash, status, error, missing_scans FROM files")
            return {r["path"]: FileRecord(*r) for r in rows}

    def documents(self) -> list[DocumentRecord]:
        with self.connect() as db:
            return [DocumentRecord(*r) for r in db.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY path, entry")]

    def documents_of(self, path: str) -> dict[str, DocumentRecord]:
        with self.connect() as db:
            rows = db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE path = ?", (path,))
            return {r["entry"]: DocumentRecord(*r) for r in rows}

    def document(self, doc_id: str) -> DocumentRecord | None:
        with self.connect() as db:
            row = db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
            return DocumentRecord(*row) if row else None

    def document_ids(self) -> set[str]:
        with self.connect() as db:
            return {r[0] for r in db.execute("SELECT id FROM documents")}

    def problems(self) -> list[dict]:
        with self.connect() as db:
            rows = db.execute("SELECT path, entry, reason, seen_at FROM problems ORDER BY path, entry")
            return [{"path": r["path"], "entry": r["entry"] or None, "reason": r["reason"], "seen_at": r["seen_at"]} for r in rows]

    def current_snapshot(self) -> SnapshotRecord | None:
        """The snapshot readers should see (read in one transaction with the version pointer)."""
        with self.connect() as db:
            db.execute("BEGIN")
            row = db.execute("SELECT value FROM meta WHERE key = 'current_version'").fetchone()
            snapshot = None
            if row is not None:
                found = db.execute("SELECT version, created_at, timeline FROM snapshots WHERE version = ?",
                                   (int(row[0]),)).fetchone()
                snapshot = SnapshotRecord(*found) if found else None
            db.execute("COMMIT")
            return snapshot

    def snapshot(self, version: int) -> SnapshotRecord | None:
        with self.connect() as db:
            row = db.execute("SELECT version, created_at, timeline FROM snapshots WHERE version = ?", (version,)).fetchone()
            return SnapshotRecord(*row) if row else None

    def current_version(self) -> int | None:
        with self.connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'current_version'").fetchone()
            return int(row[0]) if row else None

    def meta(self, key: str) -> dict | None:
        with self.connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else None

    # --- writes (inside Store.write()) -------------------------------------------------------------
    @staticmethod
    def put_file(db: sqlite3.Connection, path: str, size: int, mtime_ns: int, content_hash: str, status: str,
                 error: str | None) -> None:
        db.execute(
            "INSERT INTO files (path, size, mtime_ns, content_hash, status, error, missing_scans, changed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT(path) DO UPDATE SET size=excluded.size, "
            "mtime_ns=excluded.mtime_ns, content_hash=excluded.content_hash, status=excluded.status, "
            "error=excluded.error, missing_scans=0, changed_at=excluded.changed_at",
            (path, size, mtime_ns, content_hash, status, error, now_iso()),
        )

    @staticmethod
    def touch_file(db: sqlite3.Connection, path: str, size: int, mtime_ns: int) -> None:
        db.execute("UPDATE files SET size = ?, mtime_ns = ?, missing_scans = 0 WHERE path = ?", (size, mtime_ns, path))

    @staticmethod
    def mark_missing(db: sqlite3.Connection, path: str) -> None:
        db.execute("UPDATE files SET missing_scans = missing_scans + 1 WHERE path = ?", (path,))

    @staticmethod
    def reset_missing(db: sqlite3.Connection, paths: list[str]) -> None:
        db.executemany("UPDATE files SET missing_scans = 0 WHERE path = ? AND missing_scans > 0", [(p,) for p in paths])

    @staticmethod
    def delete_file(db: sqlite3.Connection, path: str) -> None:
        db.execute("DELETE FROM files WHERE path = ?", (path,))
        db.execute("DELETE FROM documents WHERE path = ?", (path,))
        db.execute("DELETE FROM problems WHERE path = ?", (path,))

    @staticmethod
    def rename_file(db: sqlite3.Connection, old: str, new: str, size: int, mtime_ns: int) -> None:
        """A file moved: its documents follow it and keep their ids."""
        db.execute("DELETE FROM files WHERE path = ?", (new,))
        db.execute("UPDATE files SET path = ?, size = ?, mtime_ns = ?, missing_scans = 0 WHERE path = ?",
                   (new, size, mtime_ns, old))
        db.execute("UPDATE documents SET path = ?, key = ? || '#' || entry WHERE path = ?", (new, new, old))
        db.execute("UPDATE problems SET path = ? WHERE path = ?", (new, old))

    @staticmethod
    def put_document(db: sqlite3.Connection, record: DocumentRecord) -> None:
        db.execute(
            f"INSERT INTO documents ({_DOC_COLUMNS}) VALUES ({', '.join('?' * 14)}) "
            "ON CONFLICT(key) DO UPDATE SET id=excluded.id, content_hash=excluded.content_hash, title=excluded.title, "
            "url=excluded.url, source_name=excluded.source_name, dct=excluded.dct, dct_source=excluded.dct_source, "
            "text_length=excluded.text_length, extracted_at=excluded.extracted_at, timexes=excluded.timexes, "
            "events=excluded.events",
            (record.key, record.path, record.entry, record.id, record.content_hash, record.title, record.url,
             record.source_name, record.dct, record.dct_source, record.text_length, record.extracted_at,
             record.timexes, record.events),
        )

    @staticmethod
    def delete_document(db: sqlite3.Connection, key: str) -> None:
        db.execute("DELETE FROM documents WHERE key = ?", (key,))

    @staticmethod
    def put_problem(db: sqlite3.Connection, path: str, entry: str, reason: str) -> None:
        db.execute("INSERT INTO problems (path, entry, reason, seen_at) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT(path, entry) DO UPDATE SET reason=excluded.reason, seen_at=excluded.seen_at",
                   (path, entry, reason, now_iso()))

    @staticmethod
    def clear_problems(db: sqlite3.Connection, path: str) -> None:
        db.execute("DELETE FROM problems WHERE path = ?", (path,))

    @staticmethod
    def put_snapshot(db: sqlite3.Connection, timeline_json: str) -> int:
        """Store a new timeline and make it the current one (in the caller's transaction)."""
        cursor = db.execute("INSERT INTO snapshots (created_at, timeline) VALUES (?, ?)", (now_iso(), timeline_json))
        version = cursor.lastrowid
        db.execute("INSERT INTO meta (key, value) VALUES ('current_version', ?) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(version),))
        db.execute("DELETE FROM snapshots WHERE version <= ?", (version - KEEP_SNAPSHOTS,))
        return version

    @staticmethod
    def put_meta(db: sqlite3.Connection, key: str, value: dict) -> None:
        db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                   (key, json.dumps(value)))


_DOC_COLUMNS = ("key, path, entry, id, content_hash, title, url, source_name, dct, dct_source, text_length, "
                "extracted_at, timexes, events")
