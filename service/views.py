"""Responses prepared from one timeline snapshot: the bytes of the default page are built once per
refresh, every event's JSON is serialized once, and filtered pages are cached per query.

Paging: ``limit`` events per page (default 100, at most 1000) and an opaque ``cursor`` that names the
snapshot version it was made for, so the pages a client walks through all come from one snapshot
even if a refresh lands in between (older snapshots are kept a while; a cursor to one that is gone
gets 410).
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

from timeline.assemble import Timeline, matches
from timeline.export.registry import DEFAULT_FORMAT, FORMATS
from timeline.model import Document, Event

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
CACHE_SIZE = 256
FILTERS = ("from", "to", "entity", "q", "document")


class QueryError(ValueError):
    """A query parameter is malformed (400)."""


class GoneError(LookupError):
    """A cursor names a snapshot that is no longer kept (410)."""


@dataclass(frozen=True)
class Rendered:
    body: bytes
    mimetype: str
    etag: str


def _parse_day(name: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        if len(value) == 4 and value.isdigit():
            return dt.date(int(value), 1, 1) if name == "from" else dt.date(int(value), 12, 31)
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            first = dt.date(year, month, 1)
            if name == "from":
                return first
            return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"'{name}' must be a date: YYYY-MM-DD, YYYY-MM or YYYY (got {value!r})") from None


def encode_cursor(version: int, offset: int, filters: str) -> str:
    raw = json.dumps([version, offset, filters]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        version, offset, filters = json.loads(base64.urlsafe_b64decode(padded.encode()))
        return int(version), int(offset), str(filters)
    except (ValueError, TypeError, json.JSONDecodeError):
        raise QueryError("'cursor' is not a cursor this server gave out") from None


class TimelineView:
    """Everything the read API needs from one snapshot."""

    def __init__(self, version: int, created_at: str, timeline_json: str):
        self.version = version
        self.created_at = created_at
        data = json.loads(timeline_json)
        self.documents_json = data["documents"]
        self.documents = [Document.from_json(d) for d in data["documents"]]
        self.events = [Event.from_json(e) for e in data["events"]]
        self.vague = [Event.from_json(e) for e in data["vague"]]
        self.undated = [Event.from_json(e) for e in data["undated"]]
        self.event_json = {e["id"]: json.dumps(e, ensure_ascii=False, separators=(",", ":"))
                           for group in ("events", "vague", "undated") for e in data[group]}
        self._cache: OrderedDict[tuple, Rendered] = OrderedDict()
        self._lock = threading.Lock()
        modified = dt.datetime.fromisoformat(created_at)
        self.last_modified = email.utils.format_datetime(modified.astimezone(dt.timezone.utc), usegmt=True)
        self.default = self.render({})

    @property
    def total(self) -> int:
        return len(self.events)

    def event(self, event_id: str) -> str | None:
        return self.event_json.get(event_id)

    def timeline(self) -> Timeline:
        return Timeline(self.events, self.vague, self.undated, self.documents)

    def render(self, args: dict[str, str]) -> Rendered:
        """The response body for a query (cached per query and snapshot)."""
        key = tuple(sorted((k, v) for k, v in args.items() if v not in (None, "")))
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        rendered = self._render(dict(key))
        with self._lock:
            self._cache[key] = rendered
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return rendered

    def _criteria(self, args: dict[str, str]) -> dict:
        return {
            "start": _parse_day("from", args.get("from")),
            "end": _parse_day("to", args.get("to")),
            "entity": args.get("entity") or None,
            "text": args.get("q") or None,
            "document": args.get("document") or None,
        }

    def _render(self, args: dict[str, str]) -> Rendered:
        fmt = args.get("format", DEFAULT_FORMAT)
        if fmt not in FORMATS:
            raise QueryError(f"'format' must be one of {', '.join(FORMATS)}")
        export = FORMATS[fmt]
        criteria = self._criteria(args)
        filters = json.dumps({k: args[k] for k in FILTERS if k in args}, sort_keys=True)
        etag = '"v%d-%s"' % (self.version, hashlib.sha1(json.dumps(sorted(args.items())).encode()).hexdigest()[:12])
        events = [e for e in self.events if matches(e, **criteria)] if any(criteria.values()) else self.events
        if not export.paged:
            vague = [e for e in self.vague if matches(e, **criteria)]
            undated = [e for e in self.undated if matches(e, **criteria)]
            body = export.dumps(Timeline(events, vague, undated, []))
            return Rendered(body.encode("utf-8"), export.media_type, etag)
        try:
            limit = int(args.get("limit", DEFAULT_LIMIT))
        except ValueError:
            raise QueryError("'limit' must be a whole number") from None
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"'limit' must be between 1 and {MAX_LIMIT}")
        offset = 0
        if args.get("cursor"):
            version, offset, cursor_filters = decode_cursor(args["cursor"])
            if version != self.version:
                raise GoneError(version)
            if cursor_filters != filters:
                raise QueryError("'cursor' belongs to a query with other filters")
        page = events[offset : offset + limit]
        next_offset = offset + len(page)
        first = offset == 0
        vague = [e for e in self.vague if matches(e, **criteria)] if first else []
        undated = [e for e in self.undated if matches(e, **criteria)] if first else []
        # only the documents this page cites (a store of thousands would otherwise weigh down every page)
        cited = {s.document_id for group in (page, vague, undated) for e in group for s in e.sources}
        head = {
            "schema_version": 1,
            "version": self.version,
            "generated_at": self.created_at,
            "total": len(events),
            "limit": limit,
            "next_cursor": encode_cursor(self.version, next_offset, filters) if next_offset < len(events) else None,
            "documents": [d for d in self.documents_json if d["id"] in cited],
        }
        parts = [json.dumps(head, ensure_ascii=False)[:-1]]
        for name, group in (("events", page), ("vague", vague), ("undated", undated)):
            parts.append(f',"{name}":[' + ",".join(self.event_json[e.id] for e in group) + "]")
        parts.append("}")
        return Rendered("".join(parts).encode("utf-8"), "application/json", etag)
