"""HTTP plumbing shared by the blueprints: JSON errors without stack traces, conditional GETs with
ETag / Last-Modified, and CORS for reads so other sites can embed the timeline."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import logging

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger("timeline.service")


def json_body(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def json_response(payload, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json_body(payload), status=status, mimetype="application/json", headers=headers or {})


def error_response(status: int, message: str) -> Response:
    return json_response({"error": {"status": status, "message": message}}, status)


def _etag_matches(etag: str, header: str) -> bool:
    if header.strip() == "*":
        return True
    tags = [t.strip() for t in header.split(",")]
    return etag in tags or f"W/{etag}" in tags


def http_date(moment: dt.datetime) -> str:
    return email.utils.format_datetime(moment.astimezone(dt.timezone.utc), usegmt=True)


def validated(body: bytes, last_modified: str | None, mimetype: str = "application/json") -> Response:
    """A read whose ETag names its bytes (a digest of the body), answered 304 when the client has them."""
    return conditional(body, mimetype, '"c%s"' % hashlib.sha256(body).hexdigest()[:20], last_modified)


def conditional(body, mimetype: str, etag: str, last_modified: str | None) -> Response:
    """200 with validators, or 304 when the client already has this version. ``body``: bytes, or a
    function giving the chunks of a streamed body (not started for a 304)."""
    headers = {"ETag": etag, "Cache-Control": "public, no-cache"}
    if last_modified:
        headers["Last-Modified"] = last_modified
    inm = request.headers.get("If-None-Match")
    if inm is not None and _etag_matches(etag, inm):
        return Response(status=304, headers=headers)
    if inm is None and last_modified and request.headers.get("If-Modified-Since") == last_modified:
        return Response(status=304, headers=headers)
    if callable(body):
        return Response(body(), status=200, mimetype=mimetype, headers=headers)
    return Response(body, status=200, mimetype=mimetype, headers=headers)


def install(app: Flask) -> None:
    """Error handlers and CORS headers for the whole app."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        response = error_response(exc.code or 500, exc.description or exc.name)
        # keep what the exception says in headers: a 405 names the methods allowed (Allow, RFC 9110)
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response(500, "internal error; the server log has the details")

    @app.after_request
    def cors(response: Response) -> Response:
        if request.path.startswith("/api/") or request.path in ("/healthz", "/embed.js"):
            if request.method in ("GET", "HEAD", "OPTIONS"):
                response.headers["Access-Control-Allow-Origin"] = "*"
                response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
                if request.method == "OPTIONS":
                    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
                    response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
                    response.headers["Access-Control-Max-Age"] = "86400"
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
