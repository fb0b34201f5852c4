"""The OpenAPI 3.1 description of the HTTP API (served at /api/openapi.json)."""

from __future__ import annotations

from service.entities_api import openapi_paths as entity_paths
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
            503: "No timeline yet (first refresh running), or a query of the page took longer than the server's "
                 "read budget (`read_seconds`): narrow the filters"}
    out = {str(code): _json(_ERROR, text[code]) for code in codes}
    if 405 in codes:
        out["405"]["headers"] = {"Allow": {"schema": {"type": "string"}, "description": "The methods allowed (RFC 9110)"}}
    return out


_CURSOR = ("Opaque: the `next_cursor` (or `vague_next_cursor`, `undated_next_cursor`) of the previous page of the same "
           "query. It names the timeline version the walk started on, so every page of a walk comes from one version. "
           "A cursor made for other filters, or not made by this server, gets 400; one whose version is no longer kept "
           "(a few refreshes later) gets 410.")


def _param(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def _export_content() -> dict:
    """The media types /api/timeline answers with, one per registered export format (ours first)."""
    content: dict = {}
    for export in FORMATS.values():
        media = export.media_type.split(";")[0]
        if media in content:
            continue
        if export.paged:
            content[media] = {"schema": {"$ref": "#/components/schemas/Timeline"}}
        else:
            content[media] = {"schema": {"type": "object"} if media.endswith("json") else {"type": "string"}}
    return content


def openapi(server: str = "") -> dict:
    timeline_schema = schema()
    defs = timeline_schema.pop("$defs")
    timeline_schema.pop("$schema", None)
    timeline_schema.pop("$id", None)
    components = {name: _rebase(value) for name, value in defs.items()}
    components["Timeline"] = _rebase(timeline_schema)
    components["Error"] = {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "object", "required": ["status", "message"],
                                 "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}},
    }
    conditional = {"304": {"description": "Not modified (If-None-Match / If-Modified-Since matched)"}}
    validators = {
        "ETag": {"schema": {"type": "string"}, "description": "Changes with every refresh that changes the timeline"},
        "Last-Modified": {"schema": {"type": "string"}},
    }
    registry_paths, components["listedEntity"] = entity_paths(_errors, conditional, validators)
    return {
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
                    *(_param(f.name, f.description, {"enum": list(f.choices)} if f.choices else None)
                      for f in FILTERS),
                    _param("limit", "Events per page (1-1000, default 100)", {"type": "integer", "minimum": 1, "maximum": 1000}),
                    _param("cursor", _CURSOR),
                    _param("format", "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())
                           + f" (default {DEFAULT_FORMAT})", {"enum": list(FORMATS)}),
                ],
                "responses": {
                    "200": {"description": "The timeline", "headers": validators, "content": _export_content()},
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
                "responses": {"200": _json({"type": "object", "properties": {
                    "documents": {"type": "array", "items": {"type": "object"}},
                    "problems": {"type": "array", "items": {"type": "object", "properties": {
                        "path": {"type": "string"}, "entry": {"type": ["string", "null"]}, "reason": {"type": "string"}}}},
                }}, "Documents")},
            }},
            "/api/documents/{id}": {"get": {
                "summary": "One document with its timexes and events",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json({"type": "object"}, "The document"), **_errors(404)},
            }},
            "/api/status": {"get": {
                "summary": "Last refresh (time, duration, counts), skipped files with reasons",
                "responses": {"200": _json({"type": "object"}, "Status")},
            }},
            "/healthz": {"get": {"summary": "Liveness", "responses": {"200": _json({"type": "object"}, "Alive")}}},
            "/api/extract": {"post": {
                "summary": "Timexes and timeline of a posted text (not stored)",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["text", "dct"],
                    "properties": {"text": {"type": "string", "minLength": 1},
                                   "dct": {"type": "string", "format": "date"},
                                   "title": {"type": "string"}}}}}},
                "responses": {"200": _json({"type": "object", "properties": {
                    "document": {"type": "object"}, "timexes": {"type": "array"},
                    "timeline": {"$ref": "#/components/schemas/Timeline"}}}, "Extraction"),
                    **_errors(400, 405, 413),
                    "503": {**_json(_ERROR, "Too many extractions at once, or over the time budget: try again later"),
                            "headers": {"Retry-After": {"schema": {"type": "integer"},
                                                        "description": "Seconds to wait before trying again"}}}},
            }},
            "/api/openapi.json": {"get": {"summary": "This document", "responses": {"200": _json({"type": "object"}, "OpenAPI")}}},
            **registry_paths,
        },
        "components": {"schemas": components},
    }


def _rebase(node):
    """JSON Schema $defs references → OpenAPI components references."""
    if isinstance(node, dict):
        return {k: (v.replace("#/$defs/", "#/components/schemas/") if k == "$ref" else _rebase(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node
