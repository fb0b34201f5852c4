"""The service under load: requests/s and p50/p99 latency of GET /api/timeline and GET /api/events/<id> on
a store of 10,000 events, alone and while a refresh of 1,000 changed files runs; the time of a refresh of
an unchanged 10,000-file feed; and the time from an article landing in the feed directory to its events
being served.

    python benchmarks/bench_service.py [--workdir DIR] [--files 10000] [--changed 1000] [--seconds 10]
                                       [--connections 16] [--landings 5] [--executor inline|processes|dask]
                                       [--extract-clients 8] [--json PATH]

The first run builds the feed (one dated article per file) and the store in --workdir (kept for the
next runs: building extracts every file, a few minutes). The server is the real one, `timeline serve`
(waitress, one process) on 127.0.0.1, in its own process, watching the feed (settle_seconds 1; its
schedule is hourly, so every refresh measured comes from a change landing); landing latency is also timed
on a server that does not watch and scans every 4 s. The load comes from another process: wrk when it
is installed (Debian package `wrk`; event ids are drawn at random by a Lua script), else a Python client
pool. Everything is bounded: each load runs --seconds, the
landing test waits at most 60 s per article, and the server is stopped at the end.

With --extract-clients N, GET /api/timeline is also measured while N clients POST maximum-size bodies
(max_request_bytes, dense dates on one long line: the worst case of extraction on request) to /api/extract,
and what those requests got (200, 503 with Retry-After, 413) is counted.

Targets: >= 500 requests/s and p99 < 50 ms alone on the 2-core machine; unchanged refresh < 2 s; with
--executor processes, GET /api/timeline >= 1,500 requests/s and p99 < 30 ms during the refresh of 1,000 files.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PEOPLE = ["the minister", "the president", "the delegation", "the committee", "the envoy", "the governor"]
VERBS = ["met", "visited", "signed an accord with", "criticized", "called", "thanked"]


def make_feed(feed: Path, files: int) -> None:
    """One short article per file, each with a distinct dated statement."""
    feed.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    past = time.time() - 3600
    for i in range(files):
        year = rng.randint(1990, 2022)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        text = (f"---\npublished: 2022-09-15\ntitle: Report {i}\n---\n"
                f"Officials of region {i} said {rng.choice(PEOPLE)} {rng.choice(VERBS)} the mayor of city {i} "
                f"on {MONTHS[month - 1]} {day}, {year}.\n")
        path = feed / f"{i // 1000:02d}" / f"article-{i:05d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, (past, past))


def refresh(env: dict) -> dict:
    out = subprocess.run([sys.executable, "-m", "timeline_cli.main", "refresh"], env=env, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise SystemExit(out.stderr)
    return json.loads(out.stdout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if json.load(response).get("version"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server did not come up: {url}")


# --- load generators ------------------------------------------------------------------------------
def wrk(url: str, seconds: int, connections: int, threads: int = 2, script: Path | None = None) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def millis(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests_per_s": rps, "p50_ms": millis("50%"), "p99_ms": millis("99%"),
            "errors": int(errors.group(1)) if errors else 0, "tool": "wrk"}


def _client(args) -> list[float]:
    host, port, paths, deadline = args
    conn = http.client.HTTPConnection(host, port, timeout=10)
    latencies = []
    rng = random.Random()
    while time.monotonic() < deadline:
        start = time.perf_counter()
        conn.request("GET", rng.choice(paths))
        response = conn.getresponse()
        response.read()
        latencies.append((time.perf_counter() - start) * 1000)
    conn.close()
    return latencies


def python_load(host: str, port: int, paths: list[str], seconds: int, connections: int) -> dict:
    deadline = time.monotonic() + seconds
    with multiprocessing.Pool(connections) as pool:
        results = pool.map(_client, [(host, port, paths, deadline)] * connections)
    latencies = sorted(x for r in results for x in r)
    return {"requests_per_s": len(latencies) / seconds, "p50_ms": latencies[len(latencies) // 2],
            "p99_ms": latencies[int(len(latencies) * 0.99)], "errors": 0, "tool": "python"}


def load(port: int, path: str | list[str], seconds: int, connections: int) -> dict:
    """Load one path, or paths drawn at random from a list, for ``seconds``."""
    paths = [path] if isinstance(path, str) else path
    if shutil.which("wrk"):
        script = None
        if len(paths) > 1:
            script = Path(tempfile.mkstemp(suffix=".lua")[1])
            listed = ",".join(json.dumps(p) for p in paths)
            script.write_text(f"local paths = {{{listed}}}\n"
                              "request = function() return wrk.format(\"GET\", paths[math.random(#paths)]) end\n")
        try:
            return wrk(f"http://127.0.0.1:{port}{paths[0]}", seconds, connections, script=script)
        finally:
            if script is not None:
                script.unlink()
    return python_load("127.0.0.1", port, paths, seconds, connections)


def describe(name: str, result: dict) -> str:
    return (f"{name}: {result['requests_per_s']:,.0f} req/s, p50 {result['p50_ms']:.1f} ms, "
            f"p99 {result['p99_ms']:.1f} ms{', ' + str(result['errors']) + ' errors' if result['errors'] else ''}")


def get_json(port: int, path: str) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return json.load(response)


def change_files(paths: list[Path], old: str, new: str) -> None:
    """Rewrite the files, landing all of them within milliseconds: each new version is written to a dotfile
    (which scans ignore), then all are renamed into place, so one refresh sees every change."""
    past = time.time() - 120
    staged = []
    for path in paths:
        temp = path.with_name("." + path.name)
        temp.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        os.utime(temp, (past, past))
        staged.append((temp, path))
    for temp, path in staged:
        os.replace(temp, path)


def landing_latency(port: int, feed: Path, n: int) -> list[float]:
    """Seconds from an article landing in the feed (written to a temporary name, then renamed into place,
    as a careful producer does) until GET /api/timeline?q=<its unique word> lists its event."""
    rng = random.Random()
    out = []
    for _ in range(n):
        time.sleep(rng.uniform(0, 4))  # land at a random moment of the refresh cycle
        word = f"zq{rng.randrange(16**8):08x}"
        final = feed / "landed" / f"landed-{word}.md"
        final.parent.mkdir(exist_ok=True)
        tmp = final.with_suffix(".md.tmp")
        tmp.write_text(f"---\npublished: 2022-09-15\n---\nThe {word} delegation arrived in Samarkand on "
                       f"Wednesday.\n", encoding="utf-8")
        landed = time.monotonic()
        tmp.rename(final)
        deadline = landed + 60
        while time.monotonic() < deadline:
            if get_json(port, f"/api/timeline?q={word}")["events"]:
                out.append(time.monotonic() - landed)
                break
            time.sleep(0.02)
        else:
            out.append(float("nan"))
        final.unlink()
    return out


def hostile_body(size: int) -> bytes:
    """A body of about ``size`` bytes: dense dates and "May may May" on one long line."""
    words = ["May", "may", "May", "3", "March", "2021,", "the", "5th", "of", "May", "next", "Friday", "and", "1999"]
    text, n = [], 0
    while n < size - 200:
        chunk = " ".join(words)
        text.append(chunk)
        n += len(chunk) + 1
    return json.dumps({"text": " ".join(text), "dct": "2022-09-15"}).encode()


def _poster(args) -> dict:
    host, port, body, deadline = args
    counts: dict = {}
    while time.monotonic() < deadline:
        conn = http.client.HTTPConnection(host, port, timeout=120)
        started = time.perf_counter()
        try:
            conn.request("POST", "/api/extract", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            key = str(response.status)
            if response.status == 503:
                time.sleep(min(2.0, float(response.getheader("Retry-After") or 1)))
        except OSError:
            key = "error"
        finally:
            conn.close()
        counts.setdefault(key, []).append(round(time.perf_counter() - started, 2))
    return counts


def extract_under_load(port: int, seconds: int, connections: int, clients: int, size: int) -> dict:
    """GET /api/timeline while ``clients`` POST maximum-size hostile bodies."""
    body = hostile_body(size)
    deadline = time.monotonic() + seconds + 5
    with multiprocessing.Pool(clients) as pool:
        posting = pool.map_async(_poster, [("127.0.0.1", port, body, deadline)] * clients)
        time.sleep(2)  # the posts are under way
        result = load(port, "/api/timeline", seconds, connections)
        outcomes = posting.get(timeout=seconds + 300)
    merged: dict = {}
    for counts in outcomes:
        for key, times in counts.items():
            merged.setdefault(key, []).extend(times)
    result["extract_outcomes"] = {k: {"count": len(v), "median_s": sorted(v)[len(v) // 2]} for k, v in merged.items()}
    result["body_bytes"] = len(body)
    return result


def report_landing(figures: dict, key: str, latencies: list[float], how: str) -> None:
    figures[f"landing_to_served_s_{key}"] = latencies
    finite = sorted(x for x in latencies if x == x)
    print(f"an article landing in the feed is served after {', '.join(f'{x:.1f}' for x in latencies)} s "
          f"(median {finite[len(finite) // 2]:.1f} s; {how})" if finite else
          f"landed articles were not served within 60 s ({how})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "timeline-bench-service")
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--changed", type=int, default=1_000, help="files changed for the refresh under load")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--landings", type=int, default=5, help="articles landed one by one to time")
    parser.add_argument("--executor", default="inline", choices=["inline", "processes", "dask"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--extract-clients", type=int, default=0, help="clients posting maximum-size bodies (0: skip)")
    parser.add_argument("--max-request-bytes", type=int, default=1024 * 1024)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    feed, database = args.workdir / "feed", args.workdir / "store" / "timeline.db"
    env = dict(os.environ, TIMELINE_FEED_DIR=str(feed), TIMELINE_DATABASE=str(database), TIMELINE_SETTLE_SECONDS="0",
               TIMELINE_LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT))
    env.update(TIMELINE_EXECUTOR=args.executor, TIMELINE_WORKERS=str(args.workers),
               TIMELINE_MAX_REQUEST_BYTES=str(args.max_request_bytes))
    figures: dict = {"files": args.files, "connections": args.connections, "seconds": args.seconds,
                     "executor": args.executor, "workers": args.workers}
    marker = args.workdir / f"built-{args.files}"
    if not marker.exists():
        shutil.rmtree(args.workdir, ignore_errors=True)
        print(f"building a feed of {args.files:,} articles and its store in {args.workdir} (once)...", flush=True)
        make_feed(feed, args.files)
        start = time.perf_counter()
        report = refresh(env)
        print(f"  initial refresh: {report['extracted']:,} documents extracted in {time.perf_counter() - start:.0f} s")
        marker.touch()
    refresh(env)  # bring the store in line with the feed (a previous run may have been interrupted)
    report = refresh(env)
    figures["unchanged_refresh_s"] = report["duration"]
    print(f"refresh of the unchanged {report['scanned']:,}-file feed: {report['duration']:.2f} s "
          f"({report['unchanged']:,} unchanged, {report['extracted']} extracted, new snapshot: {report['new_snapshot']})")

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "timeline_cli.main", "serve", "--port", str(port)],
                              env=dict(env, TIMELINE_REFRESH_SECONDS="3600", TIMELINE_SETTLE_SECONDS="1"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    changed = sorted(feed.rglob("*.md"))[: args.changed]
    try:
        wait_up(f"http://127.0.0.1:{port}/api/status")
        status = get_json(port, "/api/status")
        figures["events"] = status["events"]
        print(f"store: {status['events']:,} events on the axis from {status['documents']:,} documents")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/timeline") as response:
            size = len(response.read())
        rng = random.Random(3)
        event_ids = [e["id"] for e in get_json(port, "/api/timeline?limit=1000")["events"]]
        event_paths = [f"/api/events/{i}" for i in rng.sample(event_ids, min(500, len(event_ids)))]
        loads = {
            "timeline": "/api/timeline",
            "timeline_filtered": "/api/timeline?from=2000-01-01&to=2005-12-31&limit=50",
            "event": event_paths,
        }
        names = {"timeline": f"GET /api/timeline (first page, {size:,} bytes)",
                 "timeline_filtered": "GET /api/timeline?from=..&to=..&limit=50 (cached per query)",
                 "event": f"GET /api/events/<id> ({len(event_paths)} ids at random)"}
        load(port, "/api/timeline", 2, args.connections)  # warm-up
        for key, path in loads.items():
            figures[f"{key}_alone"] = result = load(port, path, args.seconds, args.connections)
            print(describe(f"{names[key]}, alone", result) + f" [{result['tool']}, {args.connections} connections]")

        # change files: the watcher starts one refresh of all of them, and we read while it runs
        change_files(changed, "said", "stated")
        deadline = time.monotonic() + 30
        while not get_json(port, "/api/status")["refreshing"] and time.monotonic() < deadline:
            time.sleep(0.05)  # start reading as soon as the refresh has begun
        started = time.monotonic()
        for key in ("timeline", "event"):
            figures[f"{key}_during_refresh"] = result = load(port, loads[key], args.seconds, args.connections)
            result["refresh_still_running"] = get_json(port, "/api/status")["refreshing"]
            print(describe(f"{names[key]}, during the refresh", result)
                  + ("" if result["refresh_still_running"] else " (the refresh ended before the load did)")
                  + (" (the errors: ids drawn before the refresh, which gives the events of the articles it changed "
                     "new ids)" if key == "event" and result["errors"] else ""))
        while get_json(port, "/api/status")["refreshing"] and time.monotonic() - started < 900:
            time.sleep(0.2)
        last = get_json(port, "/api/status")["last_refresh"]
        figures["changed_refresh"] = {"files": len(changed), "extracted": last["extracted"], "seconds": last["duration"]}
        print(f"  that refresh re-extracted {last['extracted']:,} changed documents in {last['duration']:.1f} s "
              f"({last['extracted'] / max(last['duration'], 1e-9):.1f} documents/s while serving)"
              + ("" if last["extracted"] == len(changed) else f"; a scan met the {len(changed):,} changes half-made"))

        if args.extract_clients:
            figures["timeline_during_extract_load"] = result = extract_under_load(
                port, args.seconds, args.connections, args.extract_clients, args.max_request_bytes - 1024)
            print(describe(f"GET /api/timeline while {args.extract_clients} clients POST {result['body_bytes']:,}-byte "
                           "bodies to /api/extract", result) + f"; the posts got {result['extract_outcomes']}")
        report_landing(figures, "watching", landing_latency(port, feed, args.landings), "watching the feed, settle 1 s")
    finally:
        server.terminate()
        server.wait(timeout=30)
        change_files(changed, "stated", "said")  # put the feed back for the next run
        shutil.rmtree(feed / "landed", ignore_errors=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "timeline_cli.main", "serve", "--port", str(port)],
                              env=dict(env, TIMELINE_REFRESH_SECONDS="4", TIMELINE_SETTLE_SECONDS="1",
                                       TIMELINE_WATCH_FEED="false"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_up(f"http://127.0.0.1:{port}/api/status")
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and (get_json(port, "/api/status")["refreshing"]
                                               or get_json(port, "/api/status")["last_refresh"]["extracted"]):
            time.sleep(0.5)  # the restored files are re-extracted first
        report_landing(figures, "scheduled", landing_latency(port, feed, args.landings),
                       "no watching, a scan every 4 s, settle 1 s")
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(feed / "landed", ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
