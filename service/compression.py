"""Compressed responses: a WSGI layer around the whole app that gzips a response when the client's
``Accept-Encoding`` takes gzip, and keeps the validators true for it.

Why our own layer rather than a library: Flask-Compress and werkzeug leave the ETag of the identity body on the
gzipped one (a strong ETag must name one representation, RFC 9110 8.8.3; a cache holding both would swap them),
and a 304 to a client that holds the gzipped body must name that body's ETag. Here:

- only bodies worth it are compressed: a text type (JSON, HTML, CSS, JavaScript, XML, plain text) of at least
  ``MIN_BYTES``, on a 200 to GET or POST, not already encoded, not a range;
- every response whose body could be compressed says ``Vary: Accept-Encoding``, compressed or not, so a shared
  cache keeps the two apart;
- the gzipped body's strong ETag is the identity ETag with ``-gzip`` inside the quotes (``"v3-ab12-gzip"``); an
  ``If-None-Match`` naming it is handed to the app as the identity ETag, so the app's own 304 logic (ETag and
  Last-Modified, per version) answers it, and the 304 carries back the ETag the client holds;
- a body the app streams (a whole-timeline export) is compressed as it streams, chunk by chunk;
- the gzipped bytes of a body with a strong ETag are kept in a small cache bounded in bytes: a hot page (the
  same ETag for every reader until the next refresh) is compressed once, not once per request.

It sits outside Flask, so it composes with whatever the blueprints do with ETags and caching.
"""

from __future__ import annotations

import gzip
import threading
import zlib
from collections import OrderedDict
from typing import Callable, Iterable, Iterator

MIN_BYTES = 860  # below a TCP packet's payload, gzip saves nothing a reader notices
LEVEL = 6
CACHE_BYTES = 16 * 1024 * 1024
SUFFIX = "-gzip"
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "application/xhtml+xml",
                "application/ld+json", "application/schema+json", "image/svg+xml")


def accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` value takes gzip (``gzip;q=0`` refuses it; ``*`` takes it unless refused)."""
    if not header:
        return False
    weights: dict[str, float] = {}
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        weights[name.strip().lower()] = q
    if "gzip" in weights:
        return weights["gzip"] > 0
    if "x-gzip" in weights:
        return weights["x-gzip"] > 0
    return weights.get("*", 0) > 0


def compressible(content_type: str | None) -> bool:
    kind = (content_type or "").split(";")[0].strip().lower()
    return kind.startswith(COMPRESSIBLE) or kind.endswith("+json") or kind.endswith("+xml")


def gzip_etag(etag: str) -> str | None:
    """``"v3-ab"`` → ``"v3-ab-gzip"``; a weak ETag keeps its ``W/``; None for something that is not an ETag."""
    etag = etag.strip()
    weak = etag.startswith("W/")
    body = etag[2:] if weak else etag
    if len(body) < 2 or not (body.startswith('"') and body.endswith('"')):
        return None
    return ("W/" if weak else "") + body[:-1] + SUFFIX + '"'


def identity_tags(header: str) -> str:
    """An ``If-None-Match`` with each gzipped ETag turned back into the identity ETag the app knows."""
    tags = []
    for tag in header.split(","):
        tag = tag.strip()
        if tag.endswith(SUFFIX + '"'):
            tag = tag[: -len(SUFFIX) - 1] + '"'
        tags.append(tag)
    return ", ".join(tags)


class _Cache:
    """Gzipped bodies by strong ETag and identity length, least recently used out first."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def put(self, key: tuple, body: bytes) -> None:
        if len(body) > self.max_bytes // 8:
            return
        with self.lock:
            if key in self.items:
                return
            self.items[key] = body
            self.size += len(body)
            while self.size > self.max_bytes:
                _, old = self.items.popitem(last=False)
                self.size -= len(old)


def _stream(chunks: Iterable[bytes], result) -> Iterator[bytes]:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, 31)  # wbits 31: a gzip header and trailer
    try:
        for chunk in chunks:
            if chunk:
                out = compressor.compress(chunk)
                if out:
                    yield out
        yield compressor.flush()
    finally:
        _close(result)


class GzipMiddleware:
    """WSGI middleware: ``app.wsgi_app = GzipMiddleware(app.wsgi_app)``."""

    def __init__(self, app: Callable, cache_bytes: int = CACHE_BYTES):
        self.app = app
        self.cache = _Cache(cache_bytes)

    def __call__(self, environ: dict, start_response: Callable):
        wants = accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING")) and environ.get("REQUEST_METHOD") in ("GET", "POST", "HEAD")
        inm = environ.get("HTTP_IF_NONE_MATCH")
        asked_gzip_tag = bool(inm and SUFFIX + '"' in inm)
        if inm and asked_gzip_tag:
            environ["HTTP_IF_NONE_MATCH"] = identity_tags(inm)
        captured: dict = {}

        def capture(status: str, headers: list, exc_info=None):
            captured.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: captured.setdefault("written", []).append(data)  # the legacy write(); rare

        result = self.app(environ, capture)
        status, headers = captured["status"], captured["headers"]
        code = int(status.split(" ", 1)[0])
        names = {k.lower(): v for k, v in headers}
        eligible = (compressible(names.get("content-type")) and "content-encoding" not in names
                    and "content-range" not in names)
        if code == 304:
            if asked_gzip_tag and wants and "etag" in names:
                tag = gzip_etag(names["etag"])
                headers = [(k, tag if k.lower() == "etag" and tag else v) for k, v in headers]
            headers = _vary(headers)
            start_response(status, headers, captured["exc_info"])
            return result
        if eligible and code != 200 and code < 400:
            eligible = False
        if not eligible:
            start_response(status, headers, captured["exc_info"])
            return _with_written(captured, result)
        headers = _vary(headers)
        length = names.get("content-length")
        if not wants or (length is not None and length.isdigit() and int(length) < MIN_BYTES) or code != 200:
            start_response(status, headers, captured["exc_info"])
            return _with_written(captured, result)
        etag = names.get("etag")
        headers = [(k, v) for k, v in headers if k.lower() not in ("content-length", "etag")]
        headers.append(("Content-Encoding", "gzip"))
        new_tag = gzip_etag(etag) if etag else None
        if new_tag:
            headers.append(("ETag", new_tag))
        if environ.get("REQUEST_METHOD") == "HEAD":
            _close(result)
            start_response(status, headers, captured["exc_info"])
            return [b""]
        if length is not None:  # a body of known size: compressed whole (and cached when its ETag is strong)
            body = b"".join(_with_written(captured, result))
            _close(result)
            key = (etag, len(body)) if etag and not etag.startswith("W/") else None
            packed = self.cache.get(key) if key else None
            if packed is None:
                packed = gzip.compress(body, LEVEL, mtime=0)
                if key:
                    self.cache.put(key, packed)
            headers.append(("Content-Length", str(len(packed))))
            start_response(status, headers, captured["exc_info"])
            return [packed]
        start_response(status, headers, captured["exc_info"])
        return _stream(_with_written(captured, result), result)


def _vary(headers: list) -> list:
    for i, (k, v) in enumerate(headers):
        if k.lower() == "vary":
            if "accept-encoding" not in v.lower():
                headers = list(headers)
                headers[i] = (k, f"{v}, Accept-Encoding")
            return headers
    return list(headers) + [("Vary", "Accept-Encoding")]


def _with_written(captured: dict, result: Iterable[bytes]) -> Iterable[bytes]:
    written = captured.get("written")
    if not written:
        return result

    def chained():
        yield from written
        yield from result

    return chained()


def _close(result) -> None:
    close = getattr(result, "close", None)
    if close is not None:
        close()
