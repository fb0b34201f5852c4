"""The registry of entities over HTTP: ``GET /api/entities`` (the entities of the timeline's current version,
most events first, filtered by a text their names contain and by kind, paged with the timeline's cursors) and
``GET /api/entities/<id>`` (one entity with why its articles' entities were joined). Both carry ETags (304)
and CORS as the other reads do; each query runs within the store's read budget."""

from __future__ import annotations

import functools
import hashlib
import json

from flask import Blueprint, Response, current_app, request

from service.responses import conditional, error_response
from service.store import registry_reads
from service.store.records import ReadTooLong
from service.views import CURSOR_PATTERN, Cursor, GoneError, QueryError, encode_cursor, last_modified, whole_number

entities_api = Blueprint("entities_api", __name__)
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
PARAMS = ("q", "kind", "limit", "cursor")
FILTERS = ("q", "kind")


def _state():
    return current_app.extensions["timeline"]


def filters_of(args: dict[str, str]) -> str:
    """What a cursor of the list must agree with (never a timeline query's: the digest says entities)."""
    filters = json.dumps(["entities", {k: args[k] for k in FILTERS if args.get(k)}], sort_keys=True)
    return hashlib.sha1(filters.encode("utf-8")).hexdigest()[:12]


def _etag(version: int, args: dict[str, str]) -> str:
    items = sorted((k, v) for k, v in args.items() if v)
    return '"v%d-entities-%s"' % (version, hashlib.sha1(json.dumps(items).encode()).hexdigest()[:12])


@entities_api.route("/api/entities", methods=["GET", "HEAD", "OPTIONS"])
def entities():
    if request.method == "OPTIONS":
        return Response(status=204)
    unknown = sorted(set(request.args) - set(PARAMS))
    if unknown:
        return error_response(400, f"unknown query parameter(s): {', '.join(unknown)}")
    args = {k: request.args.get(k, "") for k in PARAMS}
    state = _state()
    version = state.version()
    if version is None:
        return error_response(503, "no timeline yet: the first refresh has not finished")
    try:
        limit = whole_number(request.args["limit"]) if "limit" in request.args else DEFAULT_LIMIT  # "limit=" is no number
    except ValueError:
        return error_response(400, "'limit' must be a whole number")
    if not 1 <= limit <= MAX_LIMIT:
        return error_response(400, f"'limit' must be between 1 and {MAX_LIMIT}")
    if args["kind"] and args["kind"] not in kinds():
        return error_response(400, f"'kind' must be one of {', '.join(kinds())}")
    if any("\0" in v for v in args.values()):
        return error_response(400, "a query parameter holds a NUL character")
    filters = filters_of(args)
    try:
        cursor = state.pages.decode_cursor(args["cursor"]) if args["cursor"] else None
        if cursor is not None:
            if cursor.status != "entities" or cursor.filters != filters:
                raise QueryError("'cursor' belongs to another query")
            version = state.version_for(cursor.version)
    except QueryError as exc:
        return error_response(400, str(exc))
    except GoneError:
        return error_response(410, "the registry changed since this cursor was made; start again from the first page")
    etag = _etag(version.version, args)
    if request.headers.get("If-None-Match"):
        not_modified = conditional(b"", "application/json", etag, last_modified(version))
        if not_modified.status_code == 304:
            return not_modified
    kind, contains = args["kind"] or None, args["q"] or None
    try:
        with state.store.query() as s:
            rows = registry_reads.page(s, version.version, kind, contains, cursor.after if cursor else None, limit + 1)
            total = registry_reads.total(s, version.version, kind, contains)
    except ReadTooLong as exc:
        return error_response(503, str(exc))
    offset = cursor.offset if cursor else 0
    more = len(rows) > limit
    rows = rows[:limit]
    following = (encode_cursor(Cursor(version.version, "entities", rows[-1].rank, offset + limit, filters),
                               state.pages.cursor_key()) if more else None)
    head = {"version": version.version, "generated_at": version.created_at, "total": total, "limit": limit,
            "offset": offset, "next_cursor": following}
    body = json.dumps(head, ensure_ascii=False)[:-1] + ',"entities":[' + ",".join(r.body for r in rows) + "]}"
    return conditional(body.encode("utf-8"), "application/json", etag, last_modified(version))


@entities_api.route("/api/entities/<path:entity_id>", methods=["GET", "HEAD", "OPTIONS"])
def entity(entity_id: str):
    if request.method == "OPTIONS":
        return Response(status=204)
    state = _state()
    version = state.version()
    if version is None:
        return error_response(503, "no timeline yet: the first refresh has not finished")
    if "\0" in entity_id:
        return error_response(404, f"no entity {entity_id!r}")
    try:
        with state.store.query() as s:
            found = registry_reads.one(s, version.version, entity_id)
    except ReadTooLong as exc:
        return error_response(503, str(exc))
    if found is None:
        return error_response(404, f"no entity {entity_id!r}")
    # the row names the entity's content and its events' figures: it changes only when they do
    return conditional(found.body.encode("utf-8"), "application/json", f'"n{found.row_id}"', last_modified(version))


@functools.lru_cache(maxsize=1)
def kinds() -> tuple[str, ...]:
    """The kinds an entity can have (the timeline schema's list)."""
    from timeline.export.json_export import schema

    return tuple(k for k in schema()["$defs"]["entity"]["properties"]["kind"]["enum"] if k is not None)


def openapi_paths(errors, conditional: dict, validators: dict) -> tuple[dict, dict]:
    """The OpenAPI paths of these reads and the schema of a listed entity (``errors(*codes)``, the 304 and the
    validators are the document's own)."""
    def param(name: str, description: str, schema: dict | None = None) -> dict:
        return {"name": name, "in": "query", "required": False, "description": description,
                "schema": schema or {"type": "string"}}

    entity_ref = {"$ref": "#/components/schemas/entity"}
    listed = {"$ref": "#/components/schemas/listedEntity"}
    page = {"type": "object", "required": ["version", "total", "limit", "offset", "next_cursor", "entities"], "properties": {
        "version": {"type": "integer", "description": "The timeline version the list is of"},
        "generated_at": {"type": "string"},
        "total": {"type": "integer", "description": "Entities matching the filters"},
        "limit": {"type": "integer"}, "offset": {"type": "integer", "description": "Entities before this page's first"},
        "next_cursor": {"type": ["string", "null"], "description": "The next page's cursor (null on the last page)"},
        "entities": {"type": "array", "items": listed}}}
    paths = {
        "/api/entities": {"get": {
            "summary": "The registry's entities (most events first, paged)",
            "description": "Every entity of the timeline's registry: articles' entities linked across articles, with "
                           "a canonical name, a kind, every alias with the documents it was seen in and why it stands "
                           "for the entity, and how many events it takes part in, from the first to the last day. "
                           "Its id is what participants' `entity` holds; `GET /api/timeline?entity=` finds its events "
                           "by any of its names.",
            "parameters": [
                param("q", "An entity with a name or alias containing this (case aside)"),
                param("kind", "Entities of this kind", {"enum": list(kinds())}),
                param("limit", f"Entities per page (1-{MAX_LIMIT}, default {DEFAULT_LIMIT})",
                      {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
                param("cursor", "Opaque: the `next_cursor` of the previous page of the same query (as /api/timeline's: "
                                "signed as they are; 400 for another query's or one this server did not make, 410 when "
                                "its version is no longer kept)",
                      {"type": "string", "pattern": f"^({CURSOR_PATTERN[1:-1]})?$"}),
            ],
            "responses": {"200": {"description": "A page of entities", "headers": validators,
                                  "content": {"application/json": {"schema": page}}},
                          **conditional, **errors(400, 405, 410, 503)},
        }},
        "/api/entities/{id}": {"get": {
            "summary": "One entity, with why its articles' entities were joined",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "The entity", "headers": validators,
                                  "content": {"application/json": {"schema": entity_ref}}},
                          **conditional, **errors(404, 405, 503)},
        }},
    }
    return paths, listed_schema()


def listed_schema() -> dict:
    """A listed entity: the timeline schema's entity without its joins."""
    from timeline.export.json_export import schema

    entity = json.loads(json.dumps(schema()["$defs"]["entity"]))
    entity["properties"].pop("joins", None)
    entity["required"] = [r for r in entity["required"] if r != "joins"] + ["events", "first", "last"]
    return entity
