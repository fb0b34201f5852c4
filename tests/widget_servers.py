"""Real HTTP servers for the widget's browser tests and benchmark: the Flask service under waitress
(as `timeline serve` runs it), a fake timeline API with generated events (as many as we like, in
the API's shape, paged and with CORS), and a static "other site" that embeds the widget."""

from __future__ import annotations

import base64
import json
import mimetypes
import random
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from service import widget_bundle

WIDGET_DIR = Path(__file__).resolve().parents[1] / "service" / "static" / "widget"
BUNDLE = widget_bundle.Bundle(WIDGET_DIR)


class WaitressThread:
    """The WSGI app served by waitress on a free 127.0.0.1 port, in a daemon thread. The loop runs in
    short steps and the server closes its sockets in its own thread, so stopping never races a select()."""

    def __init__(self, app, threads: int = 8):
        from waitress.server import create_server

        self.server = create_server(app, host="127.0.0.1", port=0, threads=threads, ident="timeline-test")
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, name="waitress", daemon=True)

    def _serve(self) -> None:
        server = self.server
        while not self._stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)
        server.task_dispatcher.shutdown(timeout=5)
        for channel in list(server._map.values()):
            channel.close()

    def __enter__(self) -> "WaitressThread":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.thread.join(timeout=10)


class _Quiet(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def send(self, status: int, body: bytes, content_type: str, cors: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class HttpThread:
    """A ThreadingHTTPServer for one handler class on a free port, in a daemon thread."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="http", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def static_site(pages: dict[str, str], files: dict[str, Path] | None = None) -> HttpThread:
    """Another origin: serves the given HTML pages by path (the host page of an embed), and the files
    under each directory of `files` at its URL prefix ({"/tljs/": node_modules/.../dist})."""

    class Handler(_Quiet):
        def do_GET(self):
            path = urlsplit(self.path).path
            page = pages.get(path)
            if page is not None:
                return self.send(200, page.encode("utf-8"), "text/html; charset=utf-8")
            for prefix, folder in (files or {}).items():
                if path.startswith(prefix):
                    target = (folder / path[len(prefix):]).resolve()
                    if target.is_file() and folder.resolve() in target.parents:
                        kind = "text/javascript" if target.suffix == ".js" else mimetypes.guess_type(target.name)[0]
                        return self.send(200, target.read_bytes(), kind or "application/octet-stream")
            self.send(404, b"not found", "text/plain")

    return HttpThread(Handler)


def embed_page(service_url: str, src_query: str = "", *, title: str = "A host page", extra: str = "",
               after: str = '<p>Text after the widget. <a id="after" href="#top">Back to the top</a></p>',
               attrs: str = "", lang: str = "en", head: str = "") -> str:
    """A page of some other site that embeds the timeline with the one-line embed code."""
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="icon" href="data:,">{head}
<style>
  /* Host styles the widget must survive: none of these may reach inside it. */
  body {{ font: 10px/1 Georgia, serif; color: #333; margin: 0; padding: 8px; }}
  li, p, button {{ color: red !important; background: yellow; font-size: 30px; }}
  * {{ letter-spacing: 3px; }}
</style></head>
<body><main>
<h1>News of the day</h1>
<label for="host-input">Your comment</label> <input id="host-input" value="abc">
{extra}
<div id="tl" data-timeline-src="{service_url}/api/timeline{src_query}" data-height="600px" {attrs}></div>
{after}
</main>
<script src="{service_url}/embed.js"></script>
</body></html>"""


# --- generated timelines in the API's shape ---------------------------------------------------------

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_NAMES = ("Vladimir Putin", "Xi Jinping", "Erdogan", "Narendra Modi", "Shehbaz Sharif", "Lukashenko", "Tokayev",
          "SCO", "European Union", "NATO", "United Nations", "Kazakhstan", "Uzbekistan", "Beijing", "Moscow")
_VERBS = ("met", "visited", "signed an agreement with", "spoke with", "criticised", "hosted", "called")


def _day_label(d: date) -> str:
    return f"{_WEEKDAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


def _next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _interval(rng: random.Random, publication: date) -> dict:
    """A random date of a random granularity, as json_export writes it."""
    d = publication - timedelta(days=rng.randint(0, 8000)) + timedelta(days=rng.choice([0] * 30 + [1, 2, 20]))
    kind = rng.choices(["day", "time", "month", "third", "week", "year"], [60, 8, 14, 6, 5, 7])[0]
    mod = None
    if kind == "day":
        start, end, value, label = d, d + timedelta(days=1), d.isoformat(), _day_label(d)
    elif kind == "time":
        start = f"{d.isoformat()}T18:00"
        return {"value": f"{d.isoformat()}TEV", "mod": None, "type": "TIME", "granularity": "time",
                "start": start, "end": f"{d.isoformat()}T22:00", "label": f"{_day_label(d)}, evening",
                "scheduled": d > publication, "status": "dated", "relation": "on",
                "why": {"expression": "evening", "rule": "part_of_day", "anchor": "dct", "reference": None,
                        "direction": None}}
    elif kind == "month":
        start = d.replace(day=1)
        end, value, label = _next_month(start), start.isoformat()[:7], f"{_MONTHS[d.month - 1]} {d.year}"
    elif kind == "third":
        mod, word, first, last = rng.choice([("START", "early", 1, 11), ("MID", "mid-", 11, 21), ("END", "late", 21, 0)])
        start = d.replace(day=first)
        end = _next_month(start) if last == 0 else d.replace(day=last)
        value = start.isoformat()[:7]
        label = f"{word}{'' if word.endswith('-') else ' '}{_MONTHS[d.month - 1]} {d.year}"
    elif kind == "week":
        year, week, _ = d.isocalendar()
        start = date.fromisocalendar(year, week, 1)
        end, value, label = start + timedelta(days=7), f"{year}-W{week:02d}", f"the week of {start.day} {_MONTHS[start.month - 1]} {start.year}"
    else:
        start, end, value, label = date(d.year, 1, 1), date(d.year + 1, 1, 1), str(d.year), str(d.year)
    return {"value": value, "mod": mod, "type": "DATE", "granularity": "month" if kind == "third" else kind,
            "start": start.isoformat(), "end": end.isoformat(), "label": label, "scheduled": start > publication,
            "status": "dated", "relation": "on",
            "why": {"expression": label, "rule": kind, "anchor": "absolute", "reference": None, "direction": None}}


# inferred dates as the API gives them: the rule and its explanation in words (a rule with none reads as its name)
INFERRED_RULES = {
    "present-perfect-at-publication": "told as done by now, so dated to the day the article was published",
    "reporting-verb": "said or reported in the article, so dated to the day it was published",
    "narrative-continues": "the article goes on from the last date it gave",
    "a-rule-not-known-yet": None,
}


def make_timeline(n_events: int, n_vague: int = 20, seed: int = 5, inferred_every: int = 0) -> dict:
    """A timeline of n_events dated events (ordered as the service orders them) plus vague ones; with
    inferred_every=k, every k-th dated event is inferred, its why.rule one of INFERRED_RULES in turn."""
    rng = random.Random(seed)
    publication = date(2022, 9, 15)
    documents = [{"id": f"doc{i:03d}", "title": f"Report number {i} on the summit", "url": f"https://news.invalid/{i}",
                  "source_name": rng.choice(["The Moscow Times", "Wire service", None]),
                  "dct": publication.isoformat(), "dct_source": "sidecar:published"} for i in range(40)]

    def event(i: int, when: dict) -> dict:
        who = rng.sample(_NAMES, rng.randint(1, 4))
        headline = f"{who[0]} {rng.choice(_VERBS)} {who[-1] if len(who) > 1 else 'officials'} (story {i})"
        sentence = f"According to the report, {headline} {when['label'] if when['start'] else 'at some point'}."
        sources = []
        for doc in rng.sample(documents, rng.choice([1, 1, 1, 2])):
            sources.append({"document_id": doc["id"], "title": doc["title"], "url": doc["url"],
                            "source_name": doc["source_name"], "dct": doc["dct"], "sentence": sentence,
                            "sentence_start": 100, "sentence_end": 100 + len(sentence),
                            "trigger": {"text": "met", "start": 120, "end": 123}, "timex": None})
        return {"id": f"{i:016x}", "headline": headline, "trigger": "met", "lemma": "meet", "sentence": sentence,
                "participants": [{"name": name, "label": "PERSON"} for name in who], "date": when,
                "inferred": False, "sources": sources}

    events = [event(i, _interval(rng, publication)) for i in range(n_events)]
    if inferred_every:
        for k, e in enumerate(events[::inferred_every]):
            e["inferred"] = True
            rule = list(INFERRED_RULES)[k % len(INFERRED_RULES)]
            why = dict(e["date"]["why"], rule=rule)
            if INFERRED_RULES[rule] is not None:
                why["explanation"] = INFERRED_RULES[rule]
            e["date"] = dict(e["date"], why=why)

    def length(e):
        s, t = e["date"]["start"], e["date"]["end"]
        return (date.fromisoformat(t[:10]) - date.fromisoformat(s[:10])).days

    events.sort(key=lambda e: (e["date"]["start"], -length(e)))
    vague = []
    for i in range(n_vague):
        when = {"value": "PAST_REF", "mod": None, "type": "DATE", "granularity": None, "start": None, "end": None,
                "label": "in the past", "scheduled": False, "status": "vague", "relation": "on",
                "why": {"expression": "recently", "rule": "past_ref", "anchor": "none", "reference": None,
                        "direction": None}}
        vague.append(event(n_events + i, when))
    return {"schema_version": 1, "version": 1, "generated_at": "2022-09-15T12:00:00+00:00", "documents": documents,
            "events": events, "vague": vague, "undated": []}


def fake_service(timeline: dict, *, delay: float = 0.0) -> HttpThread:
    """The service's read side, faked: /api/timeline paged by limit and cursor like the real one (vague
    and undated on the first page only), with CORS; plus /embed.js and the widget's static files (and its
    modules as one, put together by the service's own code)."""
    events = timeline["events"]

    class Handler(_Quiet):
        def do_GET(self):
            url = urlsplit(self.path)
            if url.path == "/api/timeline":
                return self.timeline(parse_qs(url.query))
            if url.path == "/embed.js":
                name = "embed.js"
            elif url.path.startswith("/static/widget/"):
                name = url.path[len("/static/widget/"):]
            else:  # no axis nor compact view here: the widget reads the full pages
                return self.send(404, b"{}", "application/json", cors=True)
            if name == widget_bundle.NAME:  # the modules as one, as the service serves them
                return self.send(200, BUNDLE.get()[0].encode("utf-8"), "text/javascript; charset=utf-8", cors=True)
            path = (WIDGET_DIR / name).resolve()
            if not path.is_file() or WIDGET_DIR.resolve() not in path.parents:
                return self.send(404, b"not found", "text/plain")
            kind = "text/javascript" if name.endswith(".js") else mimetypes.guess_type(name)[0] or "text/plain"
            self.send(200, path.read_bytes(), f"{kind}; charset=utf-8", cors=True)

        def timeline(self, query):
            if delay:
                import time

                time.sleep(delay)
            limit = int(query.get("limit", ["100"])[0])
            cursor = query.get("cursor", [None])[0]
            offset = int(base64.urlsafe_b64decode(cursor.encode()).decode()) if cursor else 0
            page = events[offset:offset + limit]
            end = offset + len(page)
            body = dict(timeline, total=len(events), limit=limit, events=page,
                        next_cursor=base64.urlsafe_b64encode(str(end).encode()).decode() if end < len(events) else None,
                        vague=timeline["vague"] if offset == 0 else [], undated=timeline["undated"] if offset == 0 else [])
            self.send(200, json.dumps(body).encode("utf-8"), "application/json", cors=True)

    return HttpThread(Handler)
