"""The refresh's decisions, without a store or a feed: ``service.plan`` is pure, so each rule is a row."""

from __future__ import annotations

import datetime as dt

import pytest

from service.plan import Change, Versions, document_digest, plan, plan_file, to_read
from service.scanner import Found, Scan
from service.store.records import FileRecord, StoredDocument
from timeline.model import Document
from timeline.sources import Entry

NOW = Versions("x1", "a1", "x1", "a1")


def scan(*files: tuple[str, int, int], settling: tuple[str, ...] = ()) -> Scan:
    return Scan([Found(p, size, mtime) for p, size, mtime in files], list(settling), [])


def record(path: str, size: int, mtime: int, content: str, missing: int = 0) -> FileRecord:
    return FileRecord(path, size, mtime, content, "ok", None, missing)


STORED = {"a.txt": record("a.txt", 10, 1, "ha"), "b.txt": record("b.txt", 20, 2, "hb"),
          "gone.txt": record("gone.txt", 5, 1, "hg", missing=1), "back.txt": record("back.txt", 7, 7, "hk", missing=1)}


# (what the feed holds, hashes of what was read, versions) -> what the plan says
CASES = [
    ("nothing changed: nothing read, nothing to do; a file missed once is missed a second time and deleted",
     scan(("a.txt", 10, 1), ("b.txt", 20, 2), ("back.txt", 7, 7)), {}, NOW,
     dict(unchanged=3, revived=("back.txt",), deleted=("gone.txt",), load=())),
    ("a new file and a changed one are loaded; a touched one (same bytes) only recorded",
     scan(("a.txt", 11, 3), ("b.txt", 20, 9), ("c.txt", 1, 1), ("back.txt", 7, 7)),
     {"a.txt": "ha2", "b.txt": "hb", "c.txt": "hc"}, NOW,
     dict(unchanged=1, revived=("back.txt",), touched=("b.txt",), load=("a.txt", "c.txt"), new=1,
          deleted=("gone.txt",))),
    ("a new path with a missing file's bytes is a rename; the other missing file is missed for the first time",
     scan(("b.txt", 20, 2), ("moved/a.txt", 10, 5), ("back.txt", 7, 7)), {"moved/a.txt": "ha"}, NOW,
     dict(renamed=(("a.txt", "moved/a.txt"),), load=(), missing=(), deleted=("gone.txt",), unchanged=2,
          revived=("back.txt",))),
    ("a file missing for the first time is marked, not deleted; one still being written is not missing",
     scan(("back.txt", 7, 7), settling=("b.txt",)), {}, NOW,
     dict(missing=("a.txt",), deleted=("gone.txt",), unchanged=1, revived=("back.txt",))),
    ("a file that could not be read is neither loaded nor missing",
     scan(("a.txt", 12, 3), ("b.txt", 20, 2), ("back.txt", 7, 7)), {}, NOW,
     dict(unchanged=2, revived=("back.txt",), load=(), missing=(), deleted=("gone.txt",))),
    ("the extraction changed: every file is read and loaded, even unchanged ones",
     scan(("a.txt", 10, 1), ("b.txt", 20, 2), ("back.txt", 7, 7)), {"a.txt": "ha", "b.txt": "hb", "back.txt": "hk"},
     Versions("x2", "a1", "x1", "a1"),
     dict(reextract=True, unchanged=0, load=("a.txt", "b.txt", "back.txt"), complete=False, deleted=("gone.txt",))),
    ("the assembly changed: a re-merge, nothing read",
     scan(("a.txt", 10, 1), ("b.txt", 20, 2), ("back.txt", 7, 7)), {}, Versions("x1", "a2", "x1", "a1"),
     dict(remerge=True, reextract=False, unchanged=3, revived=("back.txt",), deleted=("gone.txt",))),
    ("a store written before versions were recorded is re-read and re-merged",
     scan(("a.txt", 10, 1)), {"a.txt": "ha"}, Versions("x1", "a1"),
     dict(reextract=True, remerge=True, load=("a.txt",), missing=("b.txt",), deleted=("gone.txt", "back.txt"),
          complete=False)),
]


def summary(change: Change) -> dict:
    return dict(reextract=change.reextract, remerge=change.remerge, unchanged=change.unchanged, revived=change.revived,
                touched=tuple(f.path for f in change.touched), load=tuple(f.path for f in change.load), new=change.new,
                renamed=tuple((old, f.path) for old, f in change.renamed), missing=change.missing,
                deleted=change.deleted, complete=change.complete)


@pytest.mark.parametrize("feed,hashes,versions,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_plan(feed, hashes, versions, expected):
    defaults = summary(Change())
    got = summary(plan(feed, STORED, versions, hashes))
    assert got == {**defaults, **expected}


@pytest.mark.parametrize("versions,read", [
    (NOW, ["a.txt", "new.txt"]),  # size or mtime moved, or not known
    (Versions("x2", "a1", "x1", "a1"), ["a.txt", "b.txt", "new.txt"]),  # the extraction changed: everything
])
def test_what_is_read(versions, read):
    feed = scan(("a.txt", 10, 9), ("b.txt", 20, 2), ("new.txt", 3, 3))
    assert [f.path for f in to_read(feed, STORED, versions)] == read


def test_an_empty_store_is_neither_reextracted_nor_remerged():
    change = plan(scan(("a.txt", 1, 1)), {}, Versions("x1", "a1"), {"a.txt": "h"})
    assert not change.reextract and not change.remerge and change.new == 1


def test_parts():
    change = Change(load=tuple(Found(f"{i}.txt", 1, 1) for i in range(5)))
    assert [len(p) for p in change.parts(2)] == [2, 2, 1]
    assert Change().parts(2) == [()]


def doc(text: str, **fields) -> Document:
    return Document(fields.pop("id", "d"), text, dt.date(2022, 9, 15), "test", **fields)


def entry(key: str, document: Document | None, error: str | None = None) -> Entry:
    return Entry(key, document, error)


F = Found("feed.rss", 100, 1)


# (entries now, documents stored under their keys, ids other documents have) -> extracted, kept, gone, problems
ENTRY_CASES = [
    ("an unchanged entry is kept; a new one extracted under its own id",
     [entry("1", doc("one", id="f#1")), entry("2", doc("two", id="f#2"))],
     {"1": StoredDocument("feed.rss#1", "f#1", document_digest(doc("one"), "x1"))}, set(),
     [("feed.rss#2", "f#2")], 1, [], []),
    ("a changed entry keeps its stored id; an entry no longer in the file goes",
     [entry("1", doc("one, changed", id="other"))],
     {"1": StoredDocument("feed.rss#1", "f#1", document_digest(doc("one"), "x1")),
      "3": StoredDocument("feed.rss#3", "f#3", "h")}, set(),
     [("feed.rss#1", "f#1")], 0, ["feed.rss#3"], []),
    ("any field of the document is part of what is compared: a new publication time is a change",
     [entry("1", doc("one", dct_time="17:30"))],
     {"1": StoredDocument("feed.rss#1", "f#1", document_digest(doc("one", dct_time="09:00"), "x1"))}, set(),
     [("feed.rss#1", "f#1")], 0, [], []),
    ("where it is kept is not: the same article under another path or id needs no new extraction",
     [entry("1", doc("one", id="new-id", path="/elsewhere/feed.rss"))],
     {"1": StoredDocument("feed.rss#1", "f#1", document_digest(doc("one", path="/feed/feed.rss"), "x1"))}, set(),
     [], 1, [], []),
    ("an id another document has gets a suffix from the key; a bad entry is a problem and keeps what was stored",
     [entry("1", doc("one", id="taken")), entry("2", None, "no date"), entry("3", doc("three", id="taken"))],
     {"2": StoredDocument("feed.rss#2", "f#2", "h")}, {"taken"},
     [("feed.rss#1", "taken-"), ("feed.rss#3", "taken-")], 0, [], [("2", "no date")]),
]


@pytest.mark.parametrize("entries,stored,taken,extract,kept,gone,problems", [c[1:] for c in ENTRY_CASES],
                         ids=[c[0] for c in ENTRY_CASES])
def test_plan_file(entries, stored, taken, extract, kept, gone, problems):
    result = plan_file(F, "filehash", entries, stored, "x1", lambda i: i in taken)
    assert [(p.key, p.document.id[: len(want)]) for p, (_, want) in zip(result.pending, extract)] == extract
    assert len(result.pending) == len(extract)
    assert len({p.document.id for p in result.pending}) == len(result.pending)  # ids unique among them
    assert all(p.document.path == "feed.rss" for p in result.pending)
    assert (result.kept, result.gone, result.problems) == (kept, gone, problems)


def test_the_extraction_version_is_part_of_what_is_compared():
    assert document_digest(doc("one"), "x1") != document_digest(doc("one"), "x2")
