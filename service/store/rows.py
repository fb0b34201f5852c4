"""What the store keeps of an event besides its JSON, as pure functions of the event: its place on the axis
(a sort key whose byte order is the timeline's order), its interval as comparable text, the keys that link
it to events it could merge with, and the text the ``q`` filter searches.

Every event is serialized once (``Event.to_json``) when it is written; the stored text is what the API
serves, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any, Mapping

from timeline.assemble import link_keys, merge_precision, order_key
from timeline.digest import version_of
from timeline.model import Document, Event

MAX_MOMENT = dt.datetime.max
# what decides the merged timeline the store keeps, apart from extraction: the ordering and merging rules
# (timeline.assemble), what the store derives from an event and its sort key (this module), the incremental
# re-merge (merging) and the writer that applies it, with all they import (package __init__s aside)
ASSEMBLY = ("service.store.writer",)


@functools.lru_cache(maxsize=1)
def assembly_version() -> str:
    """A digest of what orders and merges the stored timeline (``timeline.digest``: code as syntax trees
    without docstrings, data files as parsed). When it differs from the one a store recorded, the service
    merges the whole timeline again from the stored raw events, without extracting anything."""
    return version_of(ASSEMBLY, parents=False)


def dumps(value: Any) -> str:
    """The one JSON text form of stored values (compact, UTF-8 as is)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def event_json(event: Event) -> str:
    return dumps(event.to_json())


def moment_text(moment: dt.datetime) -> str:
    """A moment as fixed-width text, so that comparing texts compares moments (years 1-9999)."""
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
            f"{moment.second:02d}.{moment.microsecond:06d}")


def interval_text(value: str | None) -> str | None:
    """An event's ISO start or end (``2022-09-15``, ``2022-09-15T18:00``) as ``moment_text``; None stays None."""
    return moment_text(dt.datetime.fromisoformat(value)) if value else None


def day_text(day: dt.date) -> str:
    """The start of a day, as ``moment_text``: the bounds of date filters."""
    return moment_text(dt.datetime.combine(day, dt.time()))


def span_seconds(event: Event) -> int:
    """The length of an event's interval (0 without one)."""
    if not event.date.start or not event.date.end:
        return 0
    start, end = dt.datetime.fromisoformat(event.date.start), dt.datetime.fromisoformat(event.date.end)
    return max(0, int((end - start).total_seconds()))


def _escape(text: str) -> str:
    # \x01\x01 ends the escaped text; \0 (which PostgreSQL text cannot hold) and \x01 are escaped above it,
    # so a text sorts before every longer text it begins, exactly as Python compares strings: comparing
    # escaped concatenations compares the tuples of texts
    return text.replace("\x01", "\x01\x03").replace("\0", "\x01\x02") + "\x01\x01"


def document_order(path: str, entry: str) -> str:
    """A document's place among documents for ties on the axis: by path, then entry, as text."""
    return _escape(path) + _escape(entry)


def sort_key(event: Event, doc_rank: Mapping[str, str]) -> str:
    """``timeline_order(event, doc_rank)`` as text whose code-point (and UTF-8 byte) order is that order:
    start, longer interval first, document, tense (past perfect first), position, id. Stored and compared with a binary collation."""
    start, negative_span, (missing, rank), tense, position = order_key(event, doc_rank)
    document = "1" if missing else "0" + _escape(str(rank))
    return (f"{moment_text(start)}{10**13 + int(round(negative_span)):014d}{document}{tense:d}{position:010d}"
            f"{event.id}")


def storable(text: str) -> str:
    """Text for a column of its own (not inside JSON, which escapes it): a NUL, which a JSON article can
    smuggle in as \\u0000 and PostgreSQL text cannot hold, becomes U+FFFD (a query holding a NUL matches
    nothing anyway)."""
    return text.replace("\0", "\ufffd")


def search_text(event: Event) -> str:
    """What ``q`` looks in, exactly as ``timeline.assemble.matches`` joins and folds it."""
    return storable(" ".join([event.headline, event.sentence, *(p.name for p in event.participants),
                              *(s.sentence for s in event.sources)]).lower())


@dataclass(frozen=True)
class RawEvent:
    """An event as extracted from one document, ready to store (the merge's input)."""

    event_id: str
    body: str  # Event.to_json(), serialized once
    status: str
    prec: int
    start_at: str | None
    end_at: str | None
    span: int
    keys: tuple[str, ...]


def raw_event(event: Event) -> RawEvent:
    """The stored form of an extracted event (a pure function: extraction workers call it too)."""
    return RawEvent(event.id, event_json(event), *derived(event))


def derived(event: Event) -> tuple[str, int, str | None, str | None, int, tuple[str, ...]]:
    """What the store derives from an extracted event for merging and date filters (RawEvent's fields after
    the body): made again from the stored body when the assembly changes."""
    return (event.date.status, merge_precision(event), interval_text(event.date.start), interval_text(event.date.end),
            span_seconds(event), tuple(sorted(link_keys(event))))


def document_json(document: Document) -> tuple[str, str]:
    """A document's stored fields (no text, and no path: the row's ``path`` column holds it, so a rename
    rewrites no JSON) and the summary a timeline page cites."""
    return dumps(document.summary_json()), dumps(document.summary_json())
