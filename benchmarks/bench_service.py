"""The service under load: requests/s and p50/p99 latency of GET /api/timeline on a store of 10,000
events, alone and while a refresh runs; and the time of a refresh of an unchanged 10,000-file feed.

    python benchmarks/bench_service.py [--workdir DIR] [--files 10000] [--seconds 10] [--connections 16]

The first run builds the feed (one dated article per file) and the store in --workdir (kept for the
next runs: building extracts every file, a few minutes). The server is the real one, `timeline serve`
(waitress, one process) on 127.0.0.1, in its own process; the load comes from another process:
wrk when it is installed (Debian package `wrk`), else a Python client pool.

Targets: >= 500 requests/s and p99 < 50 ms alone on the 2-core machine; unchanged refresh < 2 s.
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
    out = subprocess.run([sys.executable, "-m", "timeline.cli", "refresh"], env=env, capture_output=True, text=True)
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
def wrk(url: str, seconds: int, connections: int, threads: int = 2) -> dict:
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout

    def millis(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests_per_s": rps, "p50_ms": millis("50%"), "p99_ms": millis("99%"),
            "errors": int(errors.group(1)) if errors else 0, "tool": "wrk"}


def _client(args) -> list[float]:
    host, port, path, deadline = args
    conn = http.client.HTTPConnection(host, port, timeout=10)
    latencies = []
    while time.monotonic() < deadline:
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        latencies.append((time.perf_counter() - start) * 1000)
    conn.close()
    return latencies


def python_load(host: str, port: int, path: str, seconds: int, connections: int) -> dict:
    deadline = time.monotonic() + seconds
    with multiprocessing.Pool(connections) as pool:
        results = pool.map(_client, [(host, port, path, deadline)] * connections)
    latencies = sorted(x for r in results for x in r)
    return {"requests_per_s": len(latencies) / seconds, "p50_ms": latencies[len(latencies) // 2],
            "p99_ms": latencies[int(len(latencies) * 0.99)], "errors": 0, "tool": "python"}


def load(port: int, path: str, seconds: int, connections: int) -> dict:
    if shutil.which("wrk"):
        return wrk(f"http://127.0.0.1:{port}{path}", seconds, connections)
    return python_load("127.0.0.1", port, path, seconds, connections)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "timeline-bench-service")
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    feed, database = args.workdir / "feed", args.workdir / "store" / "timeline.db"
    env = dict(os.environ, TIMELINE_FEED_DIR=str(feed), TIMELINE_DATABASE=str(database), TIMELINE_SETTLE_SECONDS="0",
               TIMELINE_LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT))
    marker = args.workdir / f"built-{args.files}"
    if not marker.exists():
        shutil.rmtree(args.workdir, ignore_errors=True)
        print(f"building a feed of {args.files:,} articles and its store in {args.workdir} (once)...", flush=True)
        make_feed(feed, args.files)
        start = time.perf_counter()
        report = refresh(env)
        print(f"  initial refresh: {report['extracted']:,} documents extracted in {time.perf_counter() - start:.0f} s")
        marker.touch()
    report = refresh(env)
    print(f"refresh of the unchanged {report['scanned']:,}-file feed: {report['duration']:.2f} s "
          f"({report['unchanged']:,} unchanged, {report['extracted']} extracted, new snapshot: {report['new_snapshot']})")

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "timeline.cli", "serve", "--port", str(port)],
                              env=dict(env, TIMELINE_REFRESH_SECONDS="4"), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        wait_up(f"http://127.0.0.1:{port}/api/status")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status") as response:
            status = json.load(response)
        print(f"store: {status['events']:,} events on the axis from {status['documents']:,} documents")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/timeline") as response:
            size = len(response.read())
        load(port, "/api/timeline", 2, args.connections)  # warm-up
        alone = load(port, "/api/timeline", args.seconds, args.connections)
        print(f"GET /api/timeline (first page, {size:,} bytes), alone: {alone['requests_per_s']:,.0f} req/s, "
              f"p50 {alone['p50_ms']:.1f} ms, p99 {alone['p99_ms']:.1f} ms [{alone['tool']}, {args.connections} connections]")
        filtered = load(port, "/api/timeline?from=2000-01-01&to=2005-12-31&limit=50", args.seconds, args.connections)
        print(f"GET /api/timeline?from=..&to=..&limit=50 (cached per query), alone: {filtered['requests_per_s']:,.0f} req/s, "
              f"p50 {filtered['p50_ms']:.1f} ms, p99 {filtered['p99_ms']:.1f} ms")
        # change 300 articles so the next scheduled refresh (every 4 s) has real work while we read
        changed = sorted(feed.rglob("*.md"))[:300]
        past = time.time() - 120
        for path in changed:
            path.write_text(path.read_text(encoding="utf-8").replace("said", "stated"), encoding="utf-8")
            os.utime(path, (past, past))
        def status_now() -> dict:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=5) as response:
                return json.load(response)

        deadline = time.monotonic() + 30
        while not status_now()["refreshing"] and time.monotonic() < deadline:
            time.sleep(0.05)  # start reading as soon as the refresh has begun
        during = load(port, "/api/timeline", args.seconds, args.connections)
        while status_now()["refreshing"]:
            time.sleep(0.2)
        last = status_now()["last_refresh"]
        print(f"GET /api/timeline while a refresh runs ({last['extracted']} documents re-extracted in "
              f"{last['duration']:.1f} s): {during['requests_per_s']:,.0f} req/s, p50 {during['p50_ms']:.1f} ms, "
              f"p99 {during['p99_ms']:.1f} ms")
        for path in changed:  # put the feed back for the next run
            path.write_text(path.read_text(encoding="utf-8").replace("stated", "said"), encoding="utf-8")
            os.utime(path, (past, past))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
