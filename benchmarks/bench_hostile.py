"""The service under hostile conditions (issue #25's targets), against `timeline serve` in a subprocess on
127.0.0.1, with waitress as it was configured before (its defaults) for comparison:

    python benchmarks/bench_hostile.py [--requests 100] [--pages 5000] [--events 20000] [--json PATH]

1. Connections: a new client's GET /api/timeline, --requests times, while 150 idle and 150 slow ("slowloris",
   a header line every 0.5 s, reconnecting when dropped) connections are held: p50/p99/max and failures, for
   waitress with its defaults (what `timeline serve` ran before), waitress with the connection limit raised
   above the attack, and `timeline serve` with its defaults and with a limit (100) below the attack.
2. Memory: the serving process's RSS over --pages page requests varying limit, dates, entity, text and
   dated, on a synthetic store of --events events, with page_cache_bytes at 64 MiB and at 16 MiB.
3. Start-up on a taken port: seconds to exit (5 runs) and whether the store changed.
4. A feed holding a FIFO, a character device and a socket: seconds until the articles are served; Ctrl-C
   during the first refresh: seconds to exit.

Bounded: every request has a timeout (10 s), every wait a deadline; everything stops at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import stat
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from hostilekit import Attackers, Served, get  # noqa: E402
from serverkit import free_port, wait_for  # noqa: E402

TIMEOUT = 10.0
WAITRESS_ONLY = """
import sys, waitress
sys.path.insert(0, {root!r})
from service.app import create_app
app = create_app({{"database": {database!r}, "feed_dir": {feed!r}}}, schedule=False)
waitress.serve(app, host="127.0.0.1", port={port}, threads=8, ident="timeline", **{extra!r})
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(url: str, n: int, give_up: int = 5) -> dict:
    """``n`` requests, each on a new connection; after ``give_up`` unanswered (each waited TIMEOUT) the rest are
    not sent (counted as unanswered), so a configuration that fails does not take n x TIMEOUT."""
    times, failures = [], 0
    for _ in range(n):
        if failures >= give_up:
            times.append(TIMEOUT)
            failures += 1
            continue
        answer = get(url, timeout=TIMEOUT)
        if answer is None or answer[0] != 200:
            failures += 1
            times.append(TIMEOUT)
        else:
            times.append(answer[2])
    return {"requests": n, "failures": failures, "p50_ms": round(1000 * statistics.median(times), 1),
            "p99_ms": round(1000 * percentile(times, 0.99), 1), "max_ms": round(1000 * max(times), 1)}


def build_store(database: str, events: int) -> dict:
    import bench_store

    return bench_store.build(database, events)


def waitress_process(work: Path, database: str, feed: Path, port: int, **extra) -> subprocess.Popen:
    code = WAITRESS_ONLY.format(root=str(ROOT), database=database, feed=str(feed), port=port, extra=extra)
    log = (work / f"waitress-{port}.log").open("w")
    return subprocess.Popen([sys.executable, "-c", code], stdout=log, stderr=subprocess.STDOUT)


def connections(work: Path, database: str, feed: Path, n: int) -> list[dict]:
    out = []
    configs = [
        ("waitress, its defaults (limit 100, idle timeout 120 s, as `timeline serve` ran before)", "waitress", {}),
        ("waitress, connection_limit 1000 (no other change)", "waitress", {"connection_limit": 1000}),
        ("`timeline serve`, defaults (limit 500, idle 30 s, request 20 s)", "serve", {}),
        ("`timeline serve`, connection_limit 100 (below the attack)", "serve", {"connection_limit": 100}),
    ]
    for label, kind, extra in configs:
        port = free_port()
        if kind == "waitress":
            proc = waitress_process(work, database, feed, port, **extra)
        else:
            directory = work / f"serve-{port}"
            directory.mkdir()
            served = Served(directory, port=port, feed_dir=str(feed), database=database, log_level="WARNING",
                            **extra).start()
            proc = served.proc
        url = f"http://127.0.0.1:{port}/api/timeline"
        try:
            wait_for(lambda: get(url, timeout=5), timeout=120)  # noqa: B023 - called within this iteration
            quiet = timed(url, 20)
            with Attackers(port, idle=150, slow=150) as attackers:
                time.sleep(1.0)
                result = timed(url, n)
                result["hostile_reconnects"] = attackers.reconnects
            result.update(config=label, quiet_p50_ms=quiet["p50_ms"])
            out.append(result)
            print(f"  {label}: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, max {result['max_ms']} ms, "
                  f"{result['failures']} of {n} unanswered in {TIMEOUT:g} s", flush=True)
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return out


def varied_queries(rng: random.Random, n: int, names: list[str]) -> list[str]:
    out = []
    for _ in range(n):
        query = {"limit": rng.choice([1, 5, 10, 20, 50, 100, 100, 200, 500, 1000])}
        if rng.random() < 0.6:
            year = rng.randint(1990, 2022)
            query["from"] = f"{year}-{rng.randint(1, 12):02d}"
            if rng.random() < 0.5:
                query["to"] = f"{year + rng.randint(0, 3)}"
        if rng.random() < 0.3:
            query["entity"] = rng.choice(names)
        if rng.random() < 0.15:
            query["q"] = rng.choice(["met", "signed", "visited", "announced", "held"])
        if rng.random() < 0.1:
            query["dated"] = "explicit"
        out.append("&".join(f"{k}={v}" for k, v in query.items()))
    return out


def memory(work: Path, database: str, feed: Path, pages: int, caches: tuple[int, ...] = (64, 16)) -> list[dict]:
    import synthetic

    rng = random.Random(25)
    names = [n.split()[-1] for n in synthetic.FIRST[:20]] + synthetic.LAST[:40]
    queries = varied_queries(rng, pages, names)
    out = []
    for cache_mib in caches:
        directory = work / f"memory-{cache_mib}"
        directory.mkdir()
        served = Served(directory, feed_dir=str(feed), database=database, log_level="WARNING",
                        page_cache_bytes=cache_mib * 2**20).start()
        try:
            served.wait_status(lambda s: s["version"], timeout=120)
            base = served.rss_mib()
            peak, worst_cache, failures, started = base, 0, 0, time.monotonic()
            for i, query in enumerate(queries):
                answer = get(f"{served.url}/api/timeline?{query}", timeout=30)
                failures += answer is None or answer[0] != 200
                if i % 100 == 99:
                    peak = max(peak, served.rss_mib())
                    worst_cache = max(worst_cache, served.status()["page_cache"]["bytes"])
            result = {"page_cache_mib": cache_mib, "requests": pages, "failures": failures,
                      "seconds": round(time.monotonic() - started, 1), "rss_start_mib": round(base, 1),
                      "rss_peak_mib": round(peak, 1), "rss_end_mib": round(served.rss_mib(), 1),
                      "growth_mib": round(peak - base, 1), "cache_peak_mib": round(worst_cache / 2**20, 1),
                      "target_growth_mib": cache_mib + 100}
            out.append(result)
            print(f"  page_cache_bytes {cache_mib} MiB: RSS {result['rss_start_mib']} -> peak {result['rss_peak_mib']} "
                  f"MiB (+{result['growth_mib']}, target within +{cache_mib + 100}); cache peak "
                  f"{result['cache_peak_mib']} MiB; {failures} failures", flush=True)
        finally:
            served.stop()
    return out


def taken_port(work: Path, runs: int = 5) -> dict:
    from service.store import open_store

    database = work / "taken" / "timeline.db"
    open_store(str(database)).close()
    before = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in database.parent.glob("*")}
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    times = []
    try:
        for _ in range(runs):
            started = time.monotonic()
            done = subprocess.run([sys.executable, "-m", "timeline_cli.main", "serve", "--port",
                                   str(holder.getsockname()[1]), "--database", str(database)],
                                  cwd=ROOT, capture_output=True, text=True, timeout=60)
            times.append(time.monotonic() - started)
            assert done.returncode == 1, done.stderr
    finally:
        holder.close()
    after = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in database.parent.glob("*")}
    result = {"runs": runs, "median_s": round(statistics.median(times), 2), "max_s": round(max(times), 2),
              "store_unchanged": after == before, "message": done.stderr.strip()}
    print(f"  taken port: exit after {result['median_s']} s (median of {runs}, max {result['max_s']} s); "
          f"store unchanged: {result['store_unchanged']}", flush=True)
    return result


def hostile_feed(work: Path) -> dict:
    feed = work / "fifo-feed"
    feed.mkdir()
    for path in (ROOT / "seeds").iterdir():
        (feed / path.name).write_bytes(path.read_bytes())
        os.utime(feed / path.name, (time.time() - 60, time.time() - 60))
    os.mkfifo(feed / "pipe.txt")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(feed / "socket.txt"))
    listener.close()
    try:
        os.mknod(feed / "device.txt", stat.S_IFCHR | 0o600, os.makedev(1, 3))
        device = True
    except OSError:
        device = False
    directory = work / "fifo-serve"
    directory.mkdir()
    started = time.monotonic()
    served = Served(directory, feed_dir=str(feed), database=str(directory / "timeline.db"), log_level="WARNING").start()
    status = served.wait_status(lambda s: s["version"], timeout=300)
    served_after = time.monotonic() - started
    skipped = {s["path"]: s["reason"] for s in status["skipped"]}
    code, stop_seconds = served.stop(signal.SIGINT)
    # Ctrl-C during the first refresh: a fresh store, the same feed
    directory = work / "fifo-ctrl-c"
    directory.mkdir()
    second = Served(directory, feed_dir=str(feed), database=str(directory / "timeline.db"), log_level="WARNING").start()
    second.wait_status(lambda s: s["refresh"]["phase"] in ("loading", "extracting"), timeout=120)
    _, during_refresh = second.stop(signal.SIGINT)
    result = {"served_after_s": round(served_after, 1), "skipped": skipped, "device_made": device,
              "ctrl_c_idle_s": round(stop_seconds, 2), "ctrl_c_during_first_refresh_s": round(during_refresh, 2)}
    print(f"  FIFO feed: articles served {result['served_after_s']} s after start; skipped {skipped}; Ctrl-C exits in "
          f"{result['ctrl_c_idle_s']} s idle, {result['ctrl_c_during_first_refresh_s']} s during the first refresh",
          flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--caches", type=int, nargs="+", default=[64, 16], metavar="MIB",
                        help="page_cache_bytes of the memory runs, in MiB")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", nargs="*", choices=("connections", "memory", "port", "feed"))
    args = parser.parse_args()
    wanted = set(args.only or ("connections", "memory", "port", "feed"))
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        work = Path(tmp)
        feed = work / "empty-feed"
        feed.mkdir()
        database = str(work / "synthetic" / "timeline.db")
        if wanted & {"connections", "memory"}:
            print(f"building a synthetic store of {args.events:,} events", flush=True)
            figures["store"] = build_store(database, args.events)
        if "connections" in wanted:
            print(f"connections: {args.requests} requests of a new client with 150 idle + 150 slow connections held")
            figures["connections"] = connections(work, database, feed, args.requests)
        if "memory" in wanted:
            print(f"memory: {args.pages:,} varied page requests")
            figures["memory"] = memory(work, database, feed, args.pages, tuple(args.caches))
        if "port" in wanted:
            figures["taken_port"] = taken_port(work)
        if "feed" in wanted:
            figures["fifo_feed"] = hostile_feed(work)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
