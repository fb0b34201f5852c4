"""The JSON API: the timeline (filtered, paged, in three formats), events, documents, status,
health, extraction of posted text, and the OpenAPI description of it all."""

from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, Response, current_app, request

from service.openapi import openapi
from service.responses import conditional, error_response, json_response
from service.views import GoneError, QueryError, decode_cursor
from timeline.assemble import build_timeline
from timeline.export.json_export import timeline_json
from timeline.model import Document
from timeline.pipeline import process

api = Blueprint("api", __name__)
QUERY_PARAMS = {"from", "to", "entity", "q", "document", "limit", "cursor", "format"}


def state():
    return current_app.extensions["timeline"]


def _no_timeline() -> Response:
    return error_response(503, "no timeline yet: the first refresh has not finished")


@api.route("/api/timeline", methods=["GET", "HEAD", "OPTIONS"])
def timeline():
    if request.method == "OPTIONS":
        return Response(status=204)
    args = {k: v for k, v in request.args.items() if k in QUERY_PARAMS}
    unknown = sorted(set(request.args) - QUERY_PARAMS)
    if unknown:
        return error_response(400, f"unknown query parameter(s): {', '.join(unknown)}")
    view = state().view()
    if view is None:
        return _no_timeline()
    try:
        if args.get("cursor"):
            version, _, _ = decode_cursor(args["cursor"])
            view = state().view_for(version)
        rendered = view.default if not args else view.render(args)
    except QueryError as exc:
        return error_response(400, str(exc))
    except GoneError:
        return error_response(410, "the timeline changed since this cursor was made; start again from the first page")
    return conditional(rendered.body, rendered.mimetype, rendered.etag, view.last_modified)


@api.route("/api/events/<event_id>", methods=["GET", "HEAD", "OPTIONS"])
def event(event_id: str):
    if request.method == "OPTIONS":
        return Response(status=204)
    view = state().view()
    if view is None:
        return _no_timeline()
    body = view.event(event_id)
    if body is None:
        return error_response(404, f"no event {event_id!r}")
    return conditional(body.encode("utf-8"), "application/json", f'"v{view.version}-{event_id}"', view.last_modified)


@api.route("/api/documents", methods=["GET", "HEAD", "OPTIONS"])
def documents():
    if request.method == "OPTIONS":
        return Response(status=204)
    out = []
    for record in state().store.documents():
        summary = record.summary()
        summary["events"] = len(json.loads(record.events))
        summary["timexes"] = len(json.loads(record.timexes))
        out.append(summary)
    return json_response({"documents": out, "problems": state().store.problems()})


@api.route("/api/documents/<path:doc_id>", methods=["GET", "HEAD", "OPTIONS"])
def document(doc_id: str):
    if request.method == "OPTIONS":
        return Response(status=204)
    record = state().store.document(doc_id)
    if record is None:
        return error_response(404, f"no document {doc_id!r}")
    payload = record.summary()
    payload["timexes"] = json.loads(record.timexes)
    payload["events"] = json.loads(record.events)
    return json_response(payload)


@api.route("/api/status", methods=["GET", "HEAD", "OPTIONS"])
def status():
    if request.method == "OPTIONS":
        return Response(status=204)
    s = state()
    view = s.view()
    last = s.store.meta("last_refresh")
    return json_response({
        "version": view.version if view else None,
        "timeline_generated_at": view.created_at if view else None,
        "events": view.total if view else 0,
        "vague": len(view.vague) if view else 0,
        "undated": len(view.undated) if view else 0,
        "documents": len(view.documents) if view else 0,
        "last_refresh": last,
        "refreshing": s.refreshing(),
        "schedules_refreshes": bool(s.scheduler and s.scheduler.owner),
        "refresh_seconds": s.config.refresh_seconds,
        "feed_dir": str(s.config.feed_dir),
        "skipped": _skipped(s.store.problems(), last),
    })


def _skipped(problems: list[dict], last_refresh: dict | None) -> list[dict]:
    """What is skipped now: the stored problems of files that were read (kept until the file changes), what
    the last scan passed over without reading (unsupported types, refused links, unreadable files) and the
    files it left to settle."""
    seen = {(p["path"], p["entry"]) for p in problems}
    out = list(problems)
    for item in (last_refresh or {}).get("skipped", []):
        if (item["path"], item.get("entry")) not in seen:
            seen.add((item["path"], item.get("entry")))
            out.append({"path": item["path"], "entry": item.get("entry"), "reason": item["reason"],
                        "seen_at": last_refresh.get("started_at")})
    for path in (last_refresh or {}).get("waiting", []):
        if (path, None) not in seen:
            out.append({"path": path, "entry": None, "seen_at": last_refresh.get("started_at"),
                        "reason": "still being written (changed in the last settle_seconds); read on a later scan"})
    return sorted(out, key=lambda p: (p["path"], p["entry"] or ""))


@api.route("/healthz", methods=["GET", "HEAD"])
def healthz():
    view = state().view()
    return json_response({"status": "ok", "version": view.version if view else None})


@api.route("/api/openapi.json", methods=["GET", "HEAD", "OPTIONS"])
def openapi_document():
    if request.method == "OPTIONS":
        return Response(status=204)
    return json_response(openapi(request.host_url.rstrip("/")))


@api.route("/api/extract", methods=["POST"])
def extract():
    shape = "{\"text\": ..., \"dct\": \"YYYY-MM-DD\", \"title\": ...}"
    try:  # read as JSON whatever the Content-Type says: `curl -d` sends form-urlencoded by default
        payload = json.loads(request.get_data(cache=False))
    except UnicodeDecodeError:
        return error_response(400, "the body must be JSON in UTF-8")
    except RecursionError:
        return error_response(400, "the body is not usable JSON: nested too deeply")
    except ValueError as exc:
        return error_response(400, f"the body is not JSON ({exc}); send a JSON object {shape}")
    if not isinstance(payload, dict):
        return error_response(400, f"the body must be a JSON object: {shape}")
    text, dct_value, title = payload.get("text"), payload.get("dct"), payload.get("title")
    if not isinstance(text, str) or not text.strip():
        return error_response(400, "'text' must be a non-empty string")
    if not isinstance(dct_value, str):
        return error_response(400, "'dct' (the publication date, YYYY-MM-DD) is required")
    try:
        dct = dt.date.fromisoformat(dct_value)
    except ValueError:
        return error_response(400, f"'dct' must be a date YYYY-MM-DD (got {dct_value!r})")
    if title is not None and not isinstance(title, str):
        return error_response(400, "'title' must be a string")
    doc = Document(Document.make_id("extract", text), text, dct, "request", title)
    s = state()
    with s.model_lock:
        result = process(doc, s.nlp(), s.config.extractor)
    timeline = build_timeline([(doc, result.events)])
    return json_response({
        "document": {"id": doc.id, "title": title, "dct": dct.isoformat(), "dct_source": "request"},
        "timexes": [t.to_json() for t in result.timexes],
        "timeline": timeline_json(timeline),
    })

