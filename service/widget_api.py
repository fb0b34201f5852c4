"""What the widget reads: the time axis as counts per month (``GET /api/timeline/axis``) and the events in a
compact form (``GET /api/timeline/compact``), both with the filters of ``/api/timeline``.

The axis is drawn from counts the store already keeps (``event_months``), so a timeline of a million events
opens with a few kilobytes; the widget then reads the events of the window the reader looks at. A compact event
carries only what a row of the widget draws (headline, date, participants' names, how many sources and which
documents, whether it carries the story, its picture); the sentences and sources come from
``GET /api/events/<id>`` when a row is opened. Pages, cursors and totals are those of ``/api/timeline`` (the
compact page is the full page, read through the same cache, with each event cut down), so paging means the same.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

from flask import Blueprint, Response, current_app, request

from service import story
from service.responses import conditional, error_response
from service.store.axis import month_counts
from service.views import PAGE_REFUSALS, criteria_of, last_modified, refusal
from timeline.filters import NAMES as FILTERS

widget_api = Blueprint("widget_api", __name__)

PAGING = ("limit", "cursor")
CACHE_BYTES = 16 * 1024 * 1024
DATE_FIELDS = ("label", "granularity", "value", "mod", "start", "end", "scheduled", "status")


def _state():
    return current_app.extensions["timeline"]


def _args(allowed: tuple[str, ...]) -> tuple[dict[str, str] | None, Response | None]:
    unknown = sorted(set(request.args) - set(allowed))
    if unknown:
        return None, error_response(400, f"unknown query parameter(s): {', '.join(unknown)}")
    return {k: v for k, v in request.args.items() if v}, None


class _Bytes:
    """Prepared answers by key, least recently used out first, bounded in bytes."""

    def __init__(self, max_bytes: int = CACHE_BYTES):
        self.max_bytes = max_bytes
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def put(self, key, body: bytes) -> None:
        with self.lock:
            if key not in self.items and len(body) <= self.max_bytes // 4:
                self.items[key] = body
                self.size += len(body)
            while self.size > self.max_bytes:
                self.size -= len(self.items.popitem(last=False)[1])


def _cache() -> _Bytes:
    return current_app.extensions.setdefault("timeline_widget_cache", _Bytes())


def compact_event(event: dict) -> dict:
    """The fields a row of the widget draws, from an event as /api/timeline serves it."""
    date = event.get("date") or {}
    out = {
        "id": event.get("id"),
        "headline": event.get("headline"),
        "date": {k: date.get(k) for k in DATE_FIELDS if date.get(k) not in (None, False, "")},
        "participants": [p.get("name") for p in event.get("participants") or () if isinstance(p, dict) and p.get("name")],
        "sources": len(event.get("sources") or ()),
        "documents": sorted({s["document_id"] for s in event.get("sources") or ()
                             if isinstance(s, dict) and s.get("document_id")}),
        "weight": story.weight(event),
    }
    if event.get("inferred"):
        why = date.get("why") or {}
        out["inferred"] = True
        out["why"] = {k: why.get(k) for k in ("rule", "explanation") if why.get(k)}
    if story.is_chatter(event) and not event.get("pinned"):
        out["chatter"] = True
    picture = next((s["image"] for s in event.get("sources") or () if isinstance(s, dict) and isinstance(s.get("image"), dict)), None)
    if picture:  # the first source's picture: the widget loads it lazily beside the row
        out["media"] = {k: picture.get(k) for k in ("src", "alt", "credit") if picture.get(k) is not None}
    for key in ("pinned", "curated"):
        if event.get(key):
            out[key] = event[key]
    return out


def compact_page(page: dict) -> dict:
    out = {k: v for k, v in page.items() if k not in ("events", "vague", "undated", "documents")}
    out["view"] = "compact"
    out["documents"] = [{k: d.get(k) for k in ("id", "title", "url", "source_name", "dct") if d.get(k)}
                        for d in page.get("documents") or ()]
    for name in ("events", "vague", "undated"):
        out[name] = [compact_event(e) for e in page.get(name) or ()]
    return out


@widget_api.route("/api/timeline/compact", methods=["GET", "HEAD", "OPTIONS"])
def compact():
    if request.method == "OPTIONS":
        return Response(status=204)
    args, error = _args(FILTERS + PAGING)
    if error:
        return error
    state = _state()
    version = state.version()
    if version is None:
        return error_response(503, "no timeline yet: the first refresh has not finished")
    try:
        if args.get("cursor"):
            version = state.version_for(state.pages.decode_cursor(args["cursor"]).version)
        etag = state.pages.etag(version, dict(args, view="compact"))
        key = ("compact", etag)
        body = _cache().get(key)
        if body is None:
            rendered = state.pages.render(version, args)
            body = json.dumps(compact_page(json.loads(rendered.body)), ensure_ascii=False,
                              separators=(",", ":")).encode("utf-8")
            _cache().put(key, body)
    except PAGE_REFUSALS as exc:
        return error_response(*refusal(exc))
    return conditional(body, "application/json", etag, last_modified(version))


@widget_api.route("/api/timeline/axis", methods=["GET", "HEAD", "OPTIONS"])
def axis():
    if request.method == "OPTIONS":
        return Response(status=204)
    args, error = _args(FILTERS + PAGING)  # paging is the pages' business: taken and left alone here
    if error:
        return error
    args = {k: v for k, v in args.items() if k in FILTERS}
    state = _state()
    version = state.version()
    if version is None:
        return error_response(503, "no timeline yet: the first refresh has not finished")
    try:
        etag = state.pages.etag(version, dict(args, view="axis"))
        key = ("axis", etag)
        body = _cache().get(key)
        if body is None:
            criteria = criteria_of(args)
            months = month_counts(state.store, version, criteria)
            payload = {
                "schema_version": 1, "version": version.version, "generated_at": version.created_at,
                "total": state.store.count(version, "dated", criteria),
                "vague": state.store.count(version, "vague", criteria),
                "undated": state.store.count(version, "undated", criteria),
                "months": [[m, n, inferred] for m, n, inferred in months],
            }
            body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
            _cache().put(key, body)
    except PAGE_REFUSALS as exc:
        return error_response(*refusal(exc))
    return conditional(body, "application/json", etag, last_modified(version))
