"""A store as the first release wrote it (schema version 1, which recorded no version): its exact DDL, and
rows written the way that release's refresh wrote them (documents with their timexes and events as JSON
lists, the whole timeline as one JSON snapshot, the version pointer and the extractor's fingerprint in
meta). Used to test that the current release migrates such a store in place and serves the same events."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sqlite3
from pathlib import Path

FIRST_RELEASE_SCHEMA = """
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


def write_first_release_store(database: Path, feed: Path, nlp, model: str) -> dict:
    """Extract every file of ``feed`` as the first release did and write its store to ``database``; returns the
    snapshot's timeline (JSON) that release served."""
    from timeline import sources
    from timeline.assemble import build_timeline
    from timeline.export.json_export import timeline_json
    from timeline.model import Event
    from timeline.pipeline import extractor_fingerprint, process

    database.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(database, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(FIRST_RELEASE_SCHEMA)
    now = dt.datetime(2026, 11, 22, 23, 51, 40, tzinfo=dt.timezone.utc).isoformat(timespec="seconds")
    fingerprint = extractor_fingerprint(model)
    db.execute("BEGIN IMMEDIATE")
    from service import scanner

    for found in scanner.scan(feed, 0).files:
        path = feed / found.path
        db.execute("INSERT INTO files (path, size, mtime_ns, content_hash, status, error, missing_scans, changed_at) "
                   "VALUES (?, ?, ?, ?, 'ok', NULL, 0, ?)",
                   (found.path, found.size, found.mtime_ns, scanner.read_file(feed, found.path, 1 << 30)[0], now))
        for entry in sources.load_entries(path):
            doc = entry.document
            result = process(doc, nlp)
            # that release knew no entities: its participants name none
            result.events = [dataclasses.replace(e, participants=[dataclasses.replace(p, entity=None) for p in e.participants])
                             for e in result.events]
            content = hashlib.sha256(json.dumps([doc.text, doc.dct.isoformat(), doc.title, doc.url, doc.source_name,
                                                 fingerprint], ensure_ascii=False).encode()).hexdigest()
            db.execute(
                "INSERT INTO documents (key, path, entry, id, content_hash, title, url, source_name, dct, dct_source, "
                "text_length, extracted_at, timexes, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (f"{path.name}#{entry.key}", path.name, entry.key, doc.id, content, doc.title, doc.url, doc.source_name,
                 doc.dct.isoformat(), doc.dct_source, len(doc.text), now,
                 json.dumps([t.to_json() for t in result.timexes], ensure_ascii=False),
                 json.dumps([e.to_json() for e in result.events], ensure_ascii=False)))
    # the snapshot as that release's refresh made it: documents in (path, entry) order, rebuilt from rows
    results = []
    for row in db.execute("SELECT id, path, title, url, source_name, dct, dct_source, events FROM documents "
                          "ORDER BY path, entry").fetchall():
        from timeline.model import Document

        doc = Document.from_json(dict(zip(("id", "path", "title", "url", "source_name", "dct", "dct_source"), row[:7])))
        results.append((doc, [Event.from_json(e) for e in json.loads(row[7])]))
    timeline = timeline_json(build_timeline(results))
    for _version in (1, 2, 3):  # three refreshes: the snapshots table kept the last few
        db.execute("INSERT INTO snapshots (created_at, timeline) VALUES (?, ?)", (now, json.dumps(timeline, ensure_ascii=False)))
    db.execute("INSERT INTO meta (key, value) VALUES ('current_version', '3')")
    db.execute("INSERT INTO meta (key, value) VALUES ('extractor', ?)", (json.dumps({"fingerprint": fingerprint, "model": model}),))
    db.execute("INSERT INTO meta (key, value) VALUES ('last_refresh', ?)", (json.dumps({"started_at": now, "extracted": 2}),))
    db.execute("INSERT INTO problems (path, entry, reason, seen_at) VALUES ('broken.json', '', 'malformed JSON', ?)", (now,))
    db.execute("COMMIT")
    db.close()
    return timeline
