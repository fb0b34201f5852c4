"""Hostile HTTP against the real service (waitress on 127.0.0.1, a real SQLite file): malformed and oversized
bodies, path traversal, unknown and absurd query parameters, HTML in article text, and many readers while
a refresh runs. Every answer is a proper status with a JSON error, never a trace or a file off the disk."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import urllib.error
import urllib.request
from html import unescape
from urllib.parse import quote

import pytest

from conftest import BACKENDS, SEEDS, new_database
from service.app import create_app
from feedkit import age, article, refresh
from widget_servers import WaitressThread

HOSTILE_TITLE = "<script>alert('title')</script> Summit & <b>talks</b>"
HOSTILE_TEXT = ('The <img src=x onerror="alert(1)"> ministers met on Tuesday in Astana. '
                "=HYPERLINK(\"http://evil.example\") delegates arrived on Monday.")


def _serve_feed(feed, app):
    for path in SEEDS.iterdir():
        shutil.copy(path, feed / path.name)
    article(feed, "markup.txt", HOSTILE_TEXT, published="2022-09-14", title=HOSTILE_TITLE)
    for path in feed.iterdir():
        age(path)
    refresh(app)
    return WaitressThread(app)


@pytest.fixture(scope="module", params=BACKENDS)
def served(tmp_path_factory, request):
    """The seeds plus an article full of markup, refreshed and served over real HTTP (read-only tests; once
    per kind of store)."""
    tmp = tmp_path_factory.mktemp("http")
    (tmp / "feed").mkdir()
    app = create_app({"database": new_database(request.param, tmp, request), "feed_dir": str(tmp / "feed"), "settle_seconds": 0,
                      "max_request_bytes": 4096}, schedule=False)
    with _serve_feed(tmp / "feed", app) as server:
        yield app, server.url, tmp / "feed"
    app.extensions["timeline"].shutdown()


def get(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def raw_get(url: str, target: str) -> tuple[int, bytes]:
    """Send the request line exactly as given (no client-side normalization of '..' or '%2e')."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def assert_json_error(status: int, headers, body: bytes, expected: int) -> dict:
    assert status == expected, body[:300]
    assert headers["Content-Type"].startswith("application/json")
    payload = json.loads(body)
    assert payload["error"]["status"] == expected and payload["error"]["message"]
    assert b"Traceback" not in body
    return payload


@pytest.mark.parametrize("body,content_type,expected,message", [
    (b"not json at all", "application/json", 400, "not JSON"),
    (b'{"text": "They met on Monday", "dct": ', "application/json", 400, "not JSON"),
    (b"[" * 1500 + b"]" * 1500, "application/json", 400, "nested too deeply"),
    (b'{"text": "caf\xe9 on Monday", "dct": "2022-09-15"}', "application/json", 400, "UTF-8"),
    (b'["They met on Monday", "2022-09-15"]', "application/json", 400, "JSON object"),
    (b"42", "application/json", 400, "JSON object"),
    (b"", "application/json", 400, "not JSON"),
    (b'{"text": 5, "dct": "2022-09-15"}', "application/json", 400, "'text'"),
    (b'{"text": "They met on Monday."}', "application/json", 400, "'dct'"),
    (b'{"text": "They met on Monday.", "dct": "2022-02-30"}', "application/json", 400, "'dct'"),
    (b'{"text": "They met on Monday.", "dct": "15/09/2022"}', "application/json", 400, "'dct'"),
    (b'{"text": "They met on Monday.", "dct": "2022-09-15", "title": ["x"]}', "application/json", 400, "'title'"),
    (b'{"text": "' + b"x" * 5000 + b'", "dct": "2022-09-15"}', "application/json", 413, ""),
    (b"text=They+met&dct=2022-09-15", "application/x-www-form-urlencoded", 415, "Content-Type: application/json"),
], ids=["not-json", "truncated", "deep", "latin-1", "array", "number", "empty", "text-not-string", "no-dct",
        "impossible-dct", "dmy-dct", "title-not-string", "too-large", "form"])
def test_extract_rejects_malformed_and_oversized_bodies(served, body, content_type, expected, message):
    _, url, _ = served
    status, headers, data = get(f"{url}/api/extract", "POST", body, {"Content-Type": content_type})
    payload = assert_json_error(status, headers, data, expected)
    assert message in payload["error"]["message"]


@pytest.mark.parametrize("content_type", [
    "application/x-www-form-urlencoded",  # what `curl -d` and an HTML form send
    "text/plain",  # what a page of another site can send with fetch() without asking first
    "multipart/form-data; boundary=x",
    None,
])
def test_extract_takes_only_json_so_no_other_site_can_spend_its_cpu(served, content_type):
    """A cross-site page may post a form or text/plain without a CORS preflight; a JSON body under any of those
    types is refused (415) before it is read, and no answer to a POST carries CORS headers."""
    _, url, _ = served
    body = json.dumps({"text": "Xi would meet Erdogan on Friday.", "dct": "2022-09-15"}).encode()
    headers = {"Origin": "https://elsewhere.example"}
    if content_type:
        headers["Content-Type"] = content_type
    status, answer_headers, data = get(f"{url}/api/extract", "POST", body, headers)
    assert_json_error(status, answer_headers, data, 415)
    assert "Access-Control-Allow-Origin" not in answer_headers
    status, answer_headers, data = get(f"{url}/api/extract", "POST", body,
                                       {**headers, "Content-Type": "application/json; charset=utf-8"})
    assert status == 200 and json.loads(data)["timexes"][0]["value"] == "2022-09-16"
    assert "Access-Control-Allow-Origin" not in answer_headers
    preflight = urllib.request.Request(f"{url}/api/extract", method="OPTIONS", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    try:
        with urllib.request.urlopen(preflight, timeout=30) as response:
            allowed = response.headers.get("Access-Control-Allow-Methods", "")
    except urllib.error.HTTPError as error:
        allowed = error.headers.get("Access-Control-Allow-Methods", "")
    assert "POST" not in allowed  # the preflight a JSON post from another site needs is not granted


@pytest.mark.parametrize("target", [
    "/api/documents/../../../../etc/passwd",
    "/api/documents/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/documents/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/api/documents/..%5c..%5cconfig.toml",
    "/api/documents/%00",
    "/api/events/..%2F..%2Fetc%2Fpasswd",
    "/static/widget/../../app.py",
    "/static/widget/..%2F..%2Fapp.py",
    "/static/widget/%2e%2e/%2e%2e/config.toml",
    "/static/..%2f..%2f..%2fconfig.toml",
    "/embed.js/../../service/app.py",
])
def test_path_traversal_reaches_no_file(served, target):
    _, url, _ = served
    status, body = raw_get(url, target)
    assert status in (400, 404), (target, status, body[:200])
    for leaked in (b"root:", b"create_app", b"feed_dir", b"[project]"):
        assert leaked not in body, target


@pytest.mark.parametrize("query,message", [
    ("?limit=99999999999999999999999999", "'limit' must be between"),
    ("?limit=-1", "'limit' must be between"),
    ("?limit=1e9", "'limit' must be between 1 and"),  # a whole number, as JSON writes them, but far too many
    ("?from=99999-01-01", "'from' must be a date"),
    ("?to=2022-13", "'to' must be a date"),
    ("?format=xml", "format"),
    ("?cursor=" + "A" * 20000, "cursor"),
    ("?nonsense=1&limit=5", "unknown query parameter(s): nonsense"),
    ("?entity=Putin&Entity=Xi", "unknown query parameter(s): Entity"),
])
def test_absurd_query_parameters_are_400_with_the_reason(served, query, message):
    _, url, _ = served
    status, headers, body = get(f"{url}/api/timeline{query}")
    payload = assert_json_error(status, headers, body, 400)
    assert message in payload["error"]["message"]


def test_the_largest_page_and_odd_filters_still_answer(served):
    _, url, _ = served
    for query in ("?limit=1000", "?q=%3Cscript%3E", "?entity=" + quote("'; DROP TABLE documents; --"),
                  "?q=" + quote("北京 ünïcødé"), "?document=" + quote("../../etc/passwd")):
        status, _, body = get(f"{url}/api/timeline{query}")
        assert status == 200, (query, body[:200])
        json.loads(body)
    status, _, _ = get(f"{url}/api/timeline")
    assert status == 200  # the store still answers after the injection attempt


def test_html_in_article_text_is_escaped_in_every_rendered_format(served):
    _, url, _ = served
    _, _, body = get(f"{url}/api/timeline?limit=1000")
    events = json.loads(body)["events"]
    marked = [e for e in events if "onerror" in e["sentence"]]
    assert marked, "the article with markup gave no event"

    # the widget page (and its no-JavaScript list) escapes headlines, sentences and titles
    status, headers, page = get(f"{url}/widget")
    html = page.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert html.count("<script") == 1  # only the widget's own /embed.js
    assert "<img" not in html and "<b>talks" not in html and "onerror=\"" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html or "&lt;script&gt;" in html
    assert unescape(marked[0]["sentence"]) in unescape(html)
    assert "default-src" in headers.get("Content-Security-Policy", "")

    # TimelineJS renders its text fields as HTML: all article text arrives escaped
    _, _, tjs = get(f"{url}/api/timeline?format=timelinejs")
    blob = tjs.decode()
    assert "<script" not in blob and "<img" not in blob and "<b>" not in blob
    assert "&lt;img src=x onerror=" in json.dumps(json.loads(blob)["events"], ensure_ascii=False)

    # JSON is data, not a page: served as JSON and never sniffed as HTML
    status, headers, _ = get(f"{url}/api/timeline")
    assert headers["Content-Type"].startswith("application/json")
    assert headers.get("X-Content-Type-Options") == "nosniff"

    # CSV: a cell that looks like a formula is shown, not run, by a spreadsheet
    _, headers, csv_body = get(f"{url}/api/timeline?format=csv")
    assert headers["Content-Type"].startswith("text/csv")
    assert ",=HYPERLINK" not in csv_body.decode() and '"=HYPERLINK' not in csv_body.decode()


def test_many_readers_during_a_refresh_all_get_whole_answers(make_app, feed):
    app = make_app()
    with _serve_feed(feed, app) as server:
        _read_during_refresh(app, server.url, feed)


def _read_during_refresh(app, url, feed):
    for i in range(25):
        article(feed, f"more-{i}.txt", f"Delegation {i} arrived in Samarkand on Wednesday and left on Friday.")
        age(feed / f"more-{i}.txt")
    _, _, first = get(f"{url}/api/timeline?limit=1000")
    first_version = json.loads(first)["version"]
    failures: list[str] = []
    versions: list[int] = []
    done = threading.Event()

    def reader(path: str) -> None:
        while not done.is_set():
            status, _, body = get(url + path)
            if status != 200:
                failures.append(f"{path}: {status} {body[:120]!r}")
                continue
            if path.startswith("/api/timeline") and "format=" not in path:
                payload = json.loads(body)
                versions.append(payload["version"])
                if path.endswith("limit=1000") and len({e["id"] for e in payload["events"]}) != len(payload["events"]):
                    failures.append("an event listed twice")

    paths = ["/api/timeline?limit=1000", "/api/timeline?entity=Putin", "/api/status", "/api/documents",
             "/widget", "/api/timeline?format=csv"]
    threads = [threading.Thread(target=reader, args=(p,)) for p in paths]
    for t in threads:
        t.start()
    try:
        report = refresh(app)
    finally:
        done.set()
        for t in threads:
            t.join(timeout=60)
    assert not failures, failures[:5]
    assert report.extracted == 25
    assert set(versions) <= {first_version, report.version}
    _, _, last = get(f"{url}/api/timeline?limit=1000")
    assert json.loads(last)["version"] == report.version
