"""The JSON API: the timeline (filtered, paged, in three formats), events, documents, status,
health and readiness, extraction of posted text, and the OpenAPI description of it all."""

from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, Response, current_app, request

from service.extraction import RequestRefused
from service.openapi import openapi
from service.responses import conditional, error_response, http_date, json_body, json_response, validated
from service.views import PAGE_REFUSALS, last_modified, refusal
from timeline.filters import NAMES as FILTERS
from timeline.model import Document

api = Blueprint("api", __name__)
QUERY_PARAMS = {*FILTERS, "limit", "cursor", "format"}  # the filters, paging, and the export format


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
    version = state().version()
    if version is None:
        return _no_timeline()
    try:
        if args.get("cursor"):
            version = state().version_for(state().pages.decode_cursor(args["cursor"]).version)
        if request.headers.get("If-None-Match") and args.get("format", "json") != "json":
            # a whole-timeline export the client already has is not written again
            not_modified = conditional(b"", "application/json", state().pages.etag(version, args), last_modified(version))
            if not_modified.status_code == 304:
                return not_modified
        rendered = state().pages.render(version, args)
    except PAGE_REFUSALS as exc:
        return error_response(*refusal(exc))
    if rendered.chunks is not None:
        return conditional(rendered.chunks, rendered.mimetype, rendered.etag, last_modified(version))
    return conditional(rendered.body, rendered.mimetype, rendered.etag, last_modified(version))


@api.route("/api/events/<event_id>", methods=["GET", "HEAD", "OPTIONS"])
def event(event_id: str):
    if request.method == "OPTIONS":
        return Response(status=204)
    version = state().version()
    if version is None:
        return _no_timeline()
    found = state().store.event(version.version, event_id)
    if found is None:
        return error_response(404, f"no event {event_id!r}")
    row_id, body = found
    rules = state().curation.rules()
    if event_id in rules.events:  # the editor's overlay (service/curation.py): hidden, or another headline
        body = rules.apply_json(body)
        if body is None:
            return error_response(404, f"no event {event_id!r}")
        row_id = f"{row_id}-{rules.digest}"
    # the row names the event's content: it changes only when the event does, whatever else a refresh changed
    return conditional(body.encode("utf-8"), "application/json", f'"e{row_id}"', last_modified(version))


def _refreshed_at() -> str | None:
    """When the last refresh ended: documents and their problems change only in a refresh (Last-Modified)."""
    last = state().store.meta("last_refresh") or {}
    try:
        ended = dt.datetime.fromisoformat(last["started_at"]) + dt.timedelta(seconds=float(last.get("duration") or 0))
    except (KeyError, TypeError, ValueError):
        return None
    return http_date(ended)


@api.route("/api/documents", methods=["GET", "HEAD", "OPTIONS"])
def documents():
    if request.method == "OPTIONS":
        return Response(status=204)
    body = json_body({"documents": state().store.document_list(), "problems": state().store.problems()})
    return validated(body, _refreshed_at())


@api.route("/api/documents/<path:doc_id>", methods=["GET", "HEAD", "OPTIONS"])
def document(doc_id: str):
    if request.method == "OPTIONS":
        return Response(status=204)
    payload = state().store.document(doc_id)
    if payload is None:
        return error_response(404, f"no document {doc_id!r}")
    return validated(json_body(payload), _refreshed_at())


@api.route("/api/status", methods=["GET", "HEAD", "OPTIONS"])
def status():
    if request.method == "OPTIONS":
        return Response(status=204)
    s = state()
    version = s.version()
    last = s.store.meta("last_refresh")
    # no absolute path here: the answer is open to any web page (CORS); paths are relative to the feed
    return json_response({
        "version": version.version if version else None,
        "timeline_generated_at": version.created_at if version else None,
        "events": version.events if version else 0,
        "vague": version.vague if version else 0,
        "undated": version.undated if version else 0,
        "documents": version.documents if version else 0,
        "last_refresh": last,
        "refreshing": s.refreshing(),
        "refresh": s.progress.snapshot(),
        "schedules_refreshes": bool(s.scheduler and s.scheduler.owner),
        "refresh_seconds": s.config.refresh_seconds,
        "store": s.store.backend,
        "executor": s.executor.name,
        "page_cache": s.pages.stats(),
        "connections": s.connections() if s.connections else None,
        "skipped": _skipped(s.store.problems(), last),
        "curation": s.curation.report(lambda i: version is not None and s.store.event(version.version, i) is not None),
    }, headers={"Cache-Control": "no-store"})


def _skipped(problems: list[dict], last_refresh: dict | None) -> list[dict]:
    """What is skipped now: the stored problems of files that were read (kept until the file changes), what
    the last scan passed over without reading (unsupported types, refused links, unreadable files) and the
    files it left to settle."""
    seen = {(p["path"], p["entry"]) for p in problems}
    out = list(problems)
    last_refresh = last_refresh or {}
    for item in last_refresh.get("skipped", []):
        if (item["path"], item.get("entry")) not in seen:
            seen.add((item["path"], item.get("entry")))
            out.append({"path": item["path"], "entry": item.get("entry"), "reason": item["reason"],
                        "seen_at": last_refresh.get("started_at")})
    for path in last_refresh.get("waiting", []):
        if (path, None) not in seen:
            out.append({"path": path, "entry": None, "seen_at": last_refresh.get("started_at"),
                        "reason": "still being written (changed in the last settle_seconds); read on a later scan"})
    return sorted(out, key=lambda p: (p["path"], p["entry"] or ""))


@api.route("/healthz", methods=["GET", "HEAD"])
def healthz():
    """Whether the service can serve a timeline: 200 "ok" (or "starting" while the first refresh runs within its
    budget), 503 "stuck" or "failed" when it has none and its first refresh overran a file's budget or failed."""
    code, payload = state().health()
    return json_response(payload, code, headers={"Cache-Control": "no-store"})


@api.route("/readyz", methods=["GET", "HEAD"])
def readyz():
    """Readiness for a load balancer: 200 only while a timeline is served, else 503 with the reason."""
    code, payload = state().health()
    if payload["status"] != "ok":
        code = 503
    return json_response(payload, code, headers={"Cache-Control": "no-store"})


@api.route("/api/openapi.json", methods=["GET", "HEAD", "OPTIONS"])
def openapi_document():
    if request.method == "OPTIONS":
        return Response(status=204)
    return validated(json_body(openapi(request.host_url.rstrip("/"))), None)


@api.route("/api/extract", methods=["POST"])
def extract():
    shape = "{\"text\": ..., \"dct\": \"YYYY-MM-DD\", \"title\": ...}"
    if request.mimetype != "application/json":
        # a web page of another site can post a form or text/plain without asking first (no CORS preflight), so
        # any other type would let it spend this server's CPU through its readers' browsers
        return error_response(415, f"send the body as JSON with 'Content-Type: application/json' (got "
                                   f"{request.mimetype or 'no Content-Type'!r}): {shape}")
    try:
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
        return error_response(400, "'title' must be a string (or null)")
    doc = Document(Document.make_id("extract", text), text, dct=dct, dct_source="request", title=title)
    s = state()
    try:
        # bounded: a few at once, a few waiting, each within its budget, on the refreshes' executor
        body = s.extractions.run(lambda: s.executor.respond(doc), wait=s.config.extract_seconds)
    except RequestRefused as exc:
        retry = {"Retry-After": str(max(1, int(s.config.extract_seconds // 4)))} if exc.status == 503 else {}
        response = error_response(exc.status, str(exc))
        response.headers.update(retry)
        return response
    return Response(body.encode("utf-8"), mimetype="application/json")

