"""Timeline responses read from the store: a page is a few indexed queries (keyset paging), its bytes are
the events' stored JSON joined, and the bytes of hot pages are kept per (version, query) in a cache of
bounded size, so a serving process's memory does not grow with the timeline.

Paging: ``limit`` events per page (default 100, at most 1000) and an opaque ``cursor`` that names the
version it was made for, the query it belongs to and the last event it showed, so the pages a client
walks through all come from one version even if a refresh lands in between (the last few versions are
kept; a cursor to one that is gone gets 410, a cursor of another query or not from this server 400). A cursor
is signed (HMAC-SHA256 with a key the store keeps, so every node of a shared store accepts the others'): one
that was altered or made up is refused before anything in it is used.

The cache is bounded in bytes (``page_cache_bytes``), counting each entry's body, key and validators, not only
the body.
The first page carries the first ``limit`` vague and undated events; ``vague_next_cursor`` and
``undated_next_cursor`` page through the rest of them.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.utils
import hashlib
import hmac
import io
import itertools
import json
import re
import sys
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Iterator

from service.store import Criteria, PageRow, Store, VersionInfo
from service.store.axis import count_among
from service.store.records import ReadTooLong
from timeline.assemble import Timeline
from timeline.filters import NAMES as FILTERS, FilterError
from timeline.export.registry import DEFAULT_FORMAT, FORMATS
from timeline.model import Event

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
CACHE_BYTES = 64 * 1024 * 1024
CACHE_ENTRIES = 2048
ENTRY_OVERHEAD = 400  # bytes an entry costs besides its body and key: the Rendered, the dict slot, the ETag
CURSOR_KEY = "cursor_key"  # the store's meta row holding the key cursors are signed with
MAC_BYTES = 16
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{8,1000}\.[A-Za-z0-9_-]{22}$"  # what a cursor looks like (OpenAPI too)
_CURSOR = re.compile(CURSOR_PATTERN)
SIDE = ("vague", "undated")
CURSOR_STATUSES = ("dated",) + SIDE + ("entities",)  # what a cursor pages: the timeline's lists, or the entities
RENDER_WAIT_SECONDS = 30.0  # a request waits this long at most for the same page rendered by another
CURATION_ARG = "~curation"  # the curation's digest among a page's arguments (its cache key and ETag)
WARM_PAGES = 8  # a new version's pages rendered before readers see it: the previous one's most recent first pages


class QueryError(ValueError):
    """A query parameter is malformed (400)."""


class GoneError(LookupError):
    """A cursor names a version that is no longer kept (410)."""


# what a read of the timeline's pages answers when it cannot: a bad query, a cursor to a version gone, a read
# over its budget (ReadTooLong); the status and message of each, for every endpoint that pages the timeline
PAGE_REFUSALS = (QueryError, GoneError, ReadTooLong)


def refusal(exc: Exception) -> tuple[int, str]:
    """The status and message for one of ``PAGE_REFUSALS``."""
    if isinstance(exc, GoneError):
        return 410, "the timeline changed since this cursor was made; start again from the first page"
    return (400 if isinstance(exc, QueryError) else 503), str(exc)


@dataclass(frozen=True)
class Rendered:
    body: bytes | None
    mimetype: str
    etag: str
    chunks: Callable[[], Iterator[bytes]] | None = None  # a whole-timeline export, streamed


@dataclass(frozen=True)
class Cursor:
    version: int
    status: str
    after: str
    offset: int
    filters: str


def criteria_of(args: dict[str, str]) -> Criteria:
    try:
        return Criteria.of(args)
    except FilterError as exc:
        raise QueryError(str(exc)) from None


def filters_of(args: dict[str, str]) -> str:
    """What a cursor must agree with: the query's filters, as a short digest."""
    filters = json.dumps({k: args[k] for k in FILTERS if args.get(k)}, sort_keys=True)
    return hashlib.sha1(filters.encode("utf-8")).hexdigest()[:12]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode())


def _mac(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest()[:MAC_BYTES])


def encode_cursor(cursor: Cursor, key: bytes) -> str:
    """``<payload>.<signature>``, both base64url: the payload is JSON [version, status, after, offset, filters]."""
    raw = json.dumps([cursor.version, cursor.status, cursor.after, cursor.offset, cursor.filters]).encode("utf-8")
    payload = _b64(raw)
    return f"{payload}.{_mac(key, payload)}"


def whole_number(text: str) -> int:
    """A query's whole number, as JSON Schema's integers are written too ("20", "20.0", "2e1"); ValueError if
    it is none."""
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise ValueError(text) from None
        return int(value)


def decode_cursor(text: str, key: bytes) -> Cursor:
    """The cursor ``text`` names, if this server (or a node sharing its store) made it; QueryError (400) if not."""
    refused = QueryError("'cursor' is not a cursor this server gave out (start from the first page, without one)")
    if not _CURSOR.match(text or ""):
        raise refused
    payload, mac = text.split(".")
    if not hmac.compare_digest(_mac(key, payload), mac):
        raise refused
    try:
        version, status, after, offset, filters = json.loads(_unb64(payload))
        if (status not in CURSOR_STATUSES or not isinstance(after, str) or not isinstance(filters, str)
                or not isinstance(version, int) or not isinstance(offset, int) or version < 1 or offset < 0):
            raise ValueError(status)
        return Cursor(version, status, after, offset, filters)
    except (ValueError, TypeError, UnicodeDecodeError, binascii.Error):  # signed by us: cannot happen
        raise refused from None


def _entry_size(key: tuple, rendered: Rendered) -> int:
    """What one cache entry holds in memory: its body, its key's strings and the fixed cost of an entry."""
    strings = sum(sys.getsizeof(v) for item in key[1:] for v in item)
    return len(rendered.body or b"") + strings + len(rendered.etag) + ENTRY_OVERHEAD


def last_modified(version: VersionInfo) -> str:
    modified = dt.datetime.fromisoformat(version.created_at)
    return email.utils.format_datetime(modified.astimezone(dt.timezone.utc), usegmt=True)


class _StreamedTimeline(Timeline):
    """A timeline whose events are read from the store as an export writes them."""

    def all_events(self):
        return itertools.chain(self.events, self.vague, self.undated)


class Pages:
    """Renders /api/timeline answers for any kept version, caching hot pages' bytes."""

    def __init__(self, store: Store, max_bytes: int = CACHE_BYTES, curation=None):
        self.store = store
        self.curation = curation  # service.curation.Curation: the editor's overlay, applied to every answer
        self.max_bytes = max(0, int(max_bytes))
        self._cache: OrderedDict[tuple, Rendered] = OrderedDict()
        self._sizes: dict[tuple, int] = {}
        self._bytes = 0
        self._lock = threading.Lock()
        self._rendering: dict[tuple, threading.Event] = {}  # pages being rendered: the same request waits
        self._key: bytes | None = None

    # --- cursors ---------------------------------------------------------------------------------------
    def cursor_key(self) -> bytes:
        """The key cursors are signed with: the store's, made when the store was created (so a cursor stays good
        across restarts and on every node of a shared store)."""
        if self._key is None:
            stored = self.store.meta(CURSOR_KEY)
            if not stored:
                raise RuntimeError("the store has no cursor key (open it with this release to add one)")
            self._key = bytes.fromhex(stored)
        return self._key

    def decode_cursor(self, text: str) -> Cursor:
        return decode_cursor(text, self.cursor_key())

    def stats(self) -> dict:
        """How full the cache is (shown in /api/status)."""
        with self._lock:
            return {"bytes": self._bytes, "entries": len(self._cache), "limit_bytes": self.max_bytes}

    def render(self, version: VersionInfo, args: dict[str, str]) -> Rendered:
        """The answer to ``args`` in ``version``: cached bytes, or rendered once however many ask at once
        (a new version's first page is asked by every connection in the same moment)."""
        args = self._curated_args(args)
        key: tuple = (version.version,) + tuple(sorted((k, v) for k, v in args.items() if v not in (None, "")))
        export = FORMATS.get(args.get("format", DEFAULT_FORMAT))
        paged = export is not None and export.paged  # exports stream a spool of their own to each request
        while True:
            with self._lock:
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
                    return hit
                underway = self._rendering.get(key) if paged else None
                if underway is None:
                    if paged:
                        self._rendering[key] = threading.Event()
                    break
            underway.wait(RENDER_WAIT_SECONDS)  # then the cache has it, or (an error) this request renders
        try:
            rendered = self._render(version, dict(key[1:]))
            if rendered.body is not None:
                self._keep(key, rendered)
            return rendered
        finally:
            if paged:
                with self._lock:
                    self._rendering.pop(key).set()

    def _keep(self, key: tuple, rendered: Rendered) -> None:
        size = _entry_size(key, rendered)
        if size > self.max_bytes // 4:
            return  # one page may not push out a quarter of the cache: rendered again when asked again
        with self._lock:
            if key not in self._cache:
                self._cache[key] = rendered
                self._sizes[key] = size
                self._bytes += size
            while self._cache and (self._bytes > self.max_bytes or len(self._cache) > CACHE_ENTRIES):
                old, _ = self._cache.popitem(last=False)
                self._bytes -= self._sizes.pop(old)

    def warm(self, previous: int, version: VersionInfo, most: int = WARM_PAGES) -> int:
        """Render for ``version`` the first pages most recently asked of version ``previous`` (before readers
        are switched to it, so they find them ready); how many."""
        with self._lock:
            keys = [k for k in reversed(self._cache) if k[0] == previous and "cursor" not in dict(k[1:])
                    and self._cache[k].body is not None][:most]
        for key in keys:
            try:
                self.render(version, dict(key[1:]))
            except (QueryError, GoneError):  # pragma: no cover - it rendered before
                pass
        return len(keys)

    def _curated_args(self, args: dict[str, str]) -> dict[str, str]:
        """``args`` with the curation's digest: answers and ETags change when the editor's file does."""
        rules = self.curation.rules() if self.curation is not None else None
        return dict(args, **{CURATION_ARG: rules.digest}) if rules is not None and rules.digest else args

    def etag(self, version: VersionInfo, args: dict[str, str]) -> str:
        """The ETag of the answer to ``args`` in ``version`` (known before anything is read)."""
        args = self._curated_args(args)
        items = sorted((k, v) for k, v in args.items() if v not in (None, ""))
        return '"v%d-%s"' % (version.version, hashlib.sha1(json.dumps(items).encode()).hexdigest()[:12])

    def forget_before(self, version: int) -> None:
        """Drop cached pages of versions older than ``version`` that no cursor can reach any more."""
        with self._lock:
            for key in [k for k in self._cache if k[0] < version]:
                del self._cache[key]
                self._bytes -= self._sizes.pop(key)

    def _render(self, version: VersionInfo, args: dict[str, str]) -> Rendered:
        fmt = args.get("format", DEFAULT_FORMAT)
        if fmt not in FORMATS:
            raise QueryError(f"'format' must be one of {', '.join(FORMATS)}")
        criteria = criteria_of(args)
        etag = self.etag(version, args)
        export = FORMATS[fmt]
        if not export.paged:
            return self._export(version, export, criteria, etag)
        try:
            limit = whole_number(args.get("limit", str(DEFAULT_LIMIT)))
        except ValueError:
            raise QueryError("'limit' must be a whole number") from None
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"'limit' must be between 1 and {MAX_LIMIT}")
        filters = filters_of(args)
        cursor = self.decode_cursor(args["cursor"]) if args.get("cursor") else None
        if cursor is not None:
            if cursor.filters != filters:
                raise QueryError("'cursor' belongs to a query with other filters")
            if cursor.version != version.version:
                raise GoneError(cursor.version)
        lists: dict[str, list] = {"dated": [], "vague": [], "undated": []}
        nexts: dict[str, str | None] = {}
        totals: dict[str, int] = {}
        wanted = ("dated",) + SIDE if cursor is None else (cursor.status,)
        for status in wanted:
            offset = cursor.offset if cursor else 0
            rows = self.store.page(version, status, criteria, cursor.after if cursor else None, limit + 1)
            lists[status] = rows[:limit]
            totals[status] = self.store.count(version, status, criteria)
            more = len(rows) > limit
            nexts[status] = encode_cursor(Cursor(version.version, status, rows[limit - 1].sort_key, offset + limit,
                                                 filters), self.cursor_key()) if more else None
        rules = self.curation.rules() if self.curation is not None else None
        if rules is not None and rules.events:  # the editor's headlines, pins and hidden events
            for status in lists:
                lists[status] = [r for r in (PageRow(r.sort_key, r.row_id, rules.apply_json(r.body)) for r in lists[status])
                                 if r.body is not None]
            if rules.hidden:
                for status in totals:
                    totals[status] -= count_among(self.store, version, status, criteria, sorted(rules.hidden))
        page_rows = lists["dated"] + lists["vague"] + lists["undated"]
        documents = self.store.cited([r.row_id for r in page_rows])
        head = {
            "schema_version": 1,
            "version": version.version,
            "generated_at": version.created_at,
            "total": totals["dated"] if "dated" in totals else self._count(version, "dated", criteria),
            "limit": limit,
            "next_cursor": nexts.get("dated"),
        }
        fields = [(k, json.dumps(v, ensure_ascii=False)) for k, v in head.items()]
        fields.append(("documents", "[" + ",".join(documents) + "]"))
        for name, status in (("events", "dated"), ("vague", "vague"), ("undated", "undated")):
            fields.append((name, "[" + ",".join(r.body for r in lists[status]) + "]"))
        for status in SIDE:
            if status in totals:
                fields += [(f"{status}_total", str(totals[status])), (f"{status}_next_cursor", json.dumps(nexts[status]))]
        fields.append(("offset", str(cursor.offset if cursor else 0)))
        body = "{" + ",".join(f'"{k}":{v}' for k, v in fields) + "}"
        return Rendered(body.encode("utf-8"), "application/json", etag)

    def _count(self, version: VersionInfo, status: str, criteria: Criteria) -> int:
        """How many events of ``status`` the filter keeps, less those the editor hid."""
        n = self.store.count(version, status, criteria)
        rules = self.curation.rules() if self.curation is not None else None
        if rules is not None and rules.hidden:
            n -= count_among(self.store, version, status, criteria, sorted(rules.hidden))
        return n

    def _export(self, version: VersionInfo, export, criteria: Criteria, etag: str) -> Rendered:
        """A whole-timeline export, written to a spool (memory up to 8 MB, then a temporary file) from events
        read a batch at a time, then streamed."""
        rules = self.curation.rules() if self.curation is not None else None

        def events(status: str):
            bodies = self.store.stream(version, status, criteria)
            if rules is not None and rules.events:
                bodies = (b for b in map(rules.apply_json, bodies) if b is not None)
            return (Event.from_json(json.loads(body)) for body in bodies)

        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024, mode="w+b")
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        try:
            export.write(_StreamedTimeline(events("dated"), events("vague"), events("undated"), []), text)
            text.flush()
            text.detach()
        except BaseException:
            spool.close()
            raise
        spool.seek(0)

        def chunks() -> Iterator[bytes]:
            try:
                while block := spool.read(64 * 1024):
                    yield block
            finally:
                spool.close()

        return Rendered(None, export.media_type, etag, chunks)
