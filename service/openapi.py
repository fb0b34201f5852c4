"""The OpenAPI 3.1 description of the HTTP API (served at /api/openapi.json)."""

from __future__ import annotations

from service.entities_api import openapi_paths as entity_paths
from service.views import CURSOR_PATTERN
from timeline import __version__
from timeline.export.json_export import schema
from timeline.export.registry import DEFAULT_FORMAT, FORMATS
from timeline.filters import FILTERS

_ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema_ref: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema_ref}}}


def _errors(*codes: int) -> dict:
    text = {400: "Bad query or body (a cursor of another query, or not from this server, is a 400)",
            404: "Not found", 405: "Method not allowed (the Allow header lists the methods that are)",
            410: "Cursor to a timeline version no longer kept: start again from the first page",
            413: "Body too large, or more temporal expressions than one request may hold",
            415: "The body is not sent as application/json",
            503: "No timeline yet (first refresh running), or a query of the page took longer than the server's "
                 "read budget (`read_seconds`): narrow the filters"}
    out = {str(code): _json(_ERROR, text[code]) for code in codes}
    if 405 in codes:
        out["405"]["headers"] = {"Allow": {"schema": {"type": "string"}, "description": "The methods allowed (RFC 9110)"}}
    return out


_CURSOR = ("Opaque: the `next_cursor` (or `vague_next_cursor`, `undated_next_cursor`) of the previous page of the same "
           "query. It names the timeline version the walk started on, so every page of a walk comes from one version. "
           "It looks like `<payload>.<signature>`, both base64url: the payload a JSON array of the version, the list "
           "it walks (dated, vague, undated), the last event shown, the offset and a digest of the filters; the "
           "signature an HMAC-SHA256 of the payload with the store's key. A cursor made for other filters, altered "
           "or not made by this server (or a node sharing its store) gets 400; one whose version is no longer kept "
           "(a few refreshes later) gets 410.")
# an empty parameter is an absent one (as an HTML form sends it)
_DAY = r"^(([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?)?$"
_TIMELINEJS_DATE = {"type": "object", "required": ["year"], "properties": {
    name: {"type": "integer"} for name in ("year", "month", "day", "hour", "minute")}}
_TIMELINEJS = {  # what format=timelinejs answers (TimelineJS3's JSON format, dated events only)
    "type": "object", "required": ["events"],
    "properties": {
        "events": {"type": "array", "items": {
            "type": "object", "required": ["start_date", "text", "unique_id"],
            "properties": {
                "start_date": {"$ref": "#/components/schemas/TimelineJSDate"},
                "end_date": {"$ref": "#/components/schemas/TimelineJSDate"},
                "display_date": {"type": "string"},
                "text": {"type": "object", "properties": {"headline": {"type": "string"}, "text": {"type": "string"}}},
                "unique_id": {"type": "string"},
                "group": {"type": "string"},
            }}},
        "title": {"type": "object"},
    },
}
_SCHEMAS = {"json": {"$ref": "#/components/schemas/Timeline"}, "timelinejs": {"$ref": "#/components/schemas/TimelineJS"}}


def _param(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def _filter_schema(f) -> dict:
    """What a filter's parameter takes (an empty parameter is an absent one, as an HTML form sends it). A day's
    pattern cannot tell 2022-02-30 from a real day: that one is a 400 naming the parameter."""
    if f.kind in ("first-day", "last-day"):
        return {"type": "string", "pattern": _DAY}
    if f.choices:
        return {"enum": ["", *f.choices]}
    return {"type": "string"}


def _export_content() -> dict:
    """The media types /api/timeline answers with, one per registered export format: a media type two formats share
    (application/json: ours and TimelineJS3's) takes either's schema; a format without a schema of its own is text."""
    by_media: dict[str, list[dict]] = {}
    for export in FORMATS.values():
        media = export.media_type.split(";")[0]
        wanted = _SCHEMAS.get(export.name, {"type": "object"} if media.endswith("json") else {"type": "string"})
        by_media.setdefault(media, []).append(wanted)
    return {media: {"schema": schemas[0] if len(schemas) == 1 else {"anyOf": schemas}}
            for media, schemas in by_media.items()}


def _formats() -> str:
    return "; ".join(f"format={f.name}: {f.media_type.split(';')[0]}" for f in FORMATS.values())


def openapi(server: str = "") -> dict:
    timeline_schema = schema()
    defs = timeline_schema.pop("$defs")
    timeline_schema.pop("$schema", None)
    timeline_schema.pop("$id", None)
    components = {name: _rebase(value) for name, value in defs.items()}
    components["Timeline"] = _rebase(timeline_schema)
    components["TimelineJS"] = _TIMELINEJS
    components["TimelineJSDate"] = _TIMELINEJS_DATE
    components["Error"] = {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["status", "message"],
                                 "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}},
    }
    conditional = {"304": {"description": "Not modified (If-None-Match / If-Modified-Since matched)"}}
    no_store = {"Cache-Control": {"schema": {"type": "string"}, "description": "no-store: the answer changes by the second"}}
    validators = {
        "ETag": {"schema": {"type": "string"}, "description": "Changes with every refresh that changes the timeline"},
        "Last-Modified": {"schema": {"type": "string"}},
    }
    registry_paths, components["listedEntity"] = entity_paths(_errors, conditional, validators)
    doc: dict = {
        "openapi": "3.1.0",
        "info": {"title": "Event timeline service", "version": __version__,
                 "description": "The merged event timeline of a feed directory of news articles, refreshed on a schedule."},
        "servers": [{"url": server or "/"}],
        "paths": {
            "/api/timeline": {"get": {
                "summary": "The merged timeline (filtered, paged)",
                "description": "Dated events in timeline order; vague and undated ones on the first page only. "
                               + ", ".join(f"format={f.name}" for f in FORMATS.values() if not f.paged)
                               + " return every matching event (no paging).",
                "parameters": [
                    *(_param(f.name, f.description, _filter_schema(f)) for f in FILTERS),
                    _param("limit", "Events per page (1-1000, default 100)",
                           {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 1000}, {"const": ""}]}),
                    _param("cursor", _CURSOR, {"type": "string", "pattern": f"^({CURSOR_PATTERN[1:-1]})?$",
                                               "maxLength": 1023}),
                    _param("format", "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())
                           + f" (default {DEFAULT_FORMAT})", {"enum": ["", *FORMATS]}),
                ],
                "responses": {
                    "200": {"description": "The timeline, in the media type of its format (" + _formats() + ")",
                            "headers": validators, "content": _export_content()},
                    **conditional, **_errors(400, 405, 410, 503)},
            }},
            "/api/events/{id}": {"get": {
                "summary": "One event with its sources and the reason for its date",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json({"$ref": "#/components/schemas/event"}, "The event"), **conditional,
                              **_errors(404, 405, 503)},
            }},
            "/api/documents": {"get": {
                "summary": "Documents read from the feed, and the files or entries skipped with their reasons",
                "responses": {"200": {**_json({"type": "object", "properties": {
                    "documents": {"type": "array", "items": {"type": "object"}},
                    "problems": {"type": "array", "items": {"type": "object", "properties": {
                        "path": {"type": "string"}, "entry": {"type": ["string", "null"]}, "reason": {"type": "string"}}}},
                }}, "Documents"), "headers": validators}, **conditional, **_errors(405)},
            }},
            "/api/documents/{id}": {"get": {
                "summary": "One document with its timexes and events",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {**_json({"type": "object"}, "The document"), "headers": validators}, **conditional,
                              **_errors(404, 405)},
            }},
            "/api/status": {"get": {
                "summary": "Last refresh (time, duration, counts), what the refresh is doing now, skipped files with "
                           "reasons (paths relative to the feed directory)",
                "responses": {"200": {**_json({"$ref": "#/components/schemas/Status"}, "Status"), "headers": no_store}},
            }},
            "/healthz": {"get": {
                "summary": "Whether the service can serve a timeline: ok (or starting, while the first refresh runs "
                           "within its budget); 503 stuck or failed when it has none and its first refresh overran a "
                           "file's budget or failed",
                "responses": {"200": _json({"$ref": "#/components/schemas/Health"}, "Serving, or starting"),
                              "503": _json({"$ref": "#/components/schemas/Health"}, "Cannot serve a timeline")}}},
            "/readyz": {"get": {
                "summary": "Readiness (for a load balancer): 200 only while a timeline is served",
                "responses": {"200": _json({"$ref": "#/components/schemas/Health"}, "Serving a timeline"),
                              "503": _json({"$ref": "#/components/schemas/Health"}, "No timeline to serve yet")}}},
            "/api/extract": {"post": {
                "summary": "Timexes and timeline of a posted text (not stored)",
                "description": "The body must be sent as application/json (415 otherwise): a page of another site "
                               "cannot post JSON without a CORS preflight, which this server does not grant.",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["text", "dct"],
                    "properties": {"text": {"type": "string", "minLength": 1, "pattern": r"\S"},
                                   "dct": {"type": "string", "format": "date"},
                                   "title": {"type": ["string", "null"]}}}}}},
                "responses": {"200": _json({"type": "object", "properties": {
                    "document": {"type": "object"}, "timexes": {"type": "array"},
                    "timeline": {"$ref": "#/components/schemas/Timeline"}}}, "Extraction"),
                    **_errors(400, 405, 413, 415),
                    "503": {**_json(_ERROR, "Too many extractions at once, or over the time budget: try again later"),
                            "headers": {"Retry-After": {"schema": {"type": "integer"},
                                                        "description": "Seconds to wait before trying again"}}}},
            }},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {"200": _json({"type": "object"}, "OpenAPI")}}},
            **registry_paths,
        },
        "components": {"schemas": {**components, **_SERVICE_SCHEMAS}},
    }
    doc["paths"].update(_widget_paths(doc["paths"]["/api/timeline"]["get"]["parameters"], conditional, validators))
    return doc


def _widget_paths(parameters: list[dict], conditional: dict, validators: dict) -> dict:
    """What the widget reads (service/widget_api.py), with the filters of /api/timeline."""
    filters = [p for p in parameters if p["name"] not in ("format",)]
    return {
        "/api/timeline/axis": {"get": {
            "summary": "Dated events per month, for a time axis",
            "description": "months: [[YYYY-MM, events, of which inferred], ...] for the filter, with the totals of "
                           "dated, vague and undated events. Read from counts the store keeps: a few kilobytes "
                           "whatever the size of the timeline.",
            "parameters": [p for p in filters if p["name"] not in ("limit", "cursor")],
            "responses": {"200": {**_json({"type": "object"}, "Counts per month"), "headers": validators},
                          **conditional, **_errors(400, 405, 503)},
        }},
        "/api/timeline/compact": {"get": {
            "summary": "The timeline's pages with only what a row of the widget draws",
            "description": "The same events, order, totals and cursors as /api/timeline; each event as id, headline, "
                           "date, participants (names), sources (a count), documents (ids), weight, chatter, "
                           "inferred and why, media, pinned, curated. Sentences: GET /api/events/{id}.",
            "parameters": filters,
            "responses": {"200": {**_json({"type": "object"}, "A compact page"), "headers": validators},
                          **conditional, **_errors(400, 405, 410, 503)},
        }},
    }


_HEALTH = {"type": "object", "required": ["status", "version"], "properties": {
    "status": {"enum": ["ok", "starting", "stuck", "failed"]},
    "version": {"type": ["integer", "null"]},
    "reason": {"type": "string"}}}
_STATUS = {"type": "object", "required": ["version", "refreshing", "refresh", "skipped"], "properties": {
    "version": {"type": ["integer", "null"]},
    "refreshing": {"type": "boolean"},
    "refresh": {"type": "object", "description": "What the refresh is doing now", "properties": {
        "phase": {"enum": ["idle", "scanning", "reading", "loading", "extracting", "writing"]},
        "file": {"type": ["string", "null"], "description": "The file it is on, relative to the feed directory"},
        "done": {"type": "integer"}, "total": {"type": "integer"},
        "refresh_started_at": {"type": ["string", "null"]}, "phase_since": {"type": ["string", "null"]},
        "file_since": {"type": ["string", "null"]}, "file_seconds": {"type": ["number", "null"]},
        "file_budget_seconds": {"type": "number"}, "over_budget": {"type": "boolean"},
        "overran": {"type": "array"}, "failure": {"type": ["string", "null"]}}},
    "last_refresh": {"type": ["object", "null"]},
    "page_cache": {"type": "object", "properties": {
        "bytes": {"type": "integer"}, "entries": {"type": "integer"}, "limit_bytes": {"type": "integer"}}},
    "connections": {"type": ["object", "null"]},
    "skipped": {"type": "array", "items": {"type": "object", "required": ["path", "reason"], "properties": {
        "path": {"type": "string"}, "entry": {"type": ["string", "null"]}, "reason": {"type": "string"},
        "seen_at": {"type": ["string", "null"]}}}}}}
_SERVICE_SCHEMAS = {"Health": _HEALTH, "Status": _STATUS}


def _rebase(node):
    """JSON Schema $defs references → OpenAPI components references."""
    if isinstance(node, dict):
        return {k: (v.replace("#/$defs/", "#/components/schemas/") if k == "$ref" else _rebase(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node
