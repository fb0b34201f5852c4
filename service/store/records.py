"""What the store hands out and takes in: plain records, no connections."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from timeline.filters import Criteria  # noqa: F401 - the store answers the filters' criteria


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
class StoredDocument:
    """What a refresh needs to know of a stored document to decide whether to extract it again."""

    key: str
    id: str
    content_hash: str


@dataclass(frozen=True)
class DocumentWrite:
    """A document and its extraction results, to store (``events``: rows.RawEvent, in document order;
    ``entities``: its entities, a JSON list of ``DocumentEntity.to_json()``, or the list)."""

    key: str
    path: str
    entry: str
    id: str
    content_hash: str
    document: str  # Document.to_json()
    summary: str  # Document.summary_json()
    text_length: int
    timexes: str  # JSON list
    timex_count: int
    events: list = field(default_factory=list)
    entities: str | list = "[]"


@dataclass(frozen=True)
class VersionInfo:
    """One version of the timeline: when it was made and how many events it holds."""

    version: int
    created_at: str
    events: int
    vague: int
    undated: int
    documents: int
    bounds: dict = field(default_factory=dict, compare=False)  # precision -> longest interval (s) of its rows


@dataclass(frozen=True)
class PageRow:
    sort_key: str
    row_id: int
    body: str


class StoreError(RuntimeError):
    """The store cannot be opened or used (the message says why)."""


class ReadTooLong(StoreError):
    """A query of the timeline took longer than the store's read budget (``Store.read_seconds``) and was
    stopped: its filters select too much to answer in time."""

    def __init__(self, seconds: float):
        super().__init__(f"the query took longer than {seconds:g} s and was stopped: narrow it (a fuller entity "
                         "name or text, a date range)")
