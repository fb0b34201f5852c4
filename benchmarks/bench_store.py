"""The store at a million events: a synthetic store (benchmarks/synthetic.py, written through the store
interface, not by extraction) on SQLite and on PostgreSQL, served by `timeline serve` (waitress, one
process, executor "processes") on 127.0.0.1 and loaded by wrk (or a Python client pool when wrk is missing).

    python benchmarks/bench_store.py [--events 1000000] [--backends sqlite postgresql] [--workdir DIR]
                                     [--seconds 10] [--connections 16] [--changed 1000] [--json PATH]

Per store: how long building it took; requests/s and p50/p99 of GET /api/timeline (first page), a date-filtered
page, an entity page, GET /api/entities (first page) and GET /api/events/<id> (500 ids at random), all hot (the
cache of prepared pages answers), and of date pages over random ranges (each a new query: the database
answers); a refresh with one changed document, one with a new article naming the most famous synthetic person
(its entity's part of the registry is rebuilt: how many articles' entities that is), and one with --changed
changed documents (a real feed directory, extracted on the server's process pool), with GET /api/timeline
measured during the latter; and the serving process's peak RSS. The synthetic documents carry entities
(synthetic.with_entities), so the store keeps a registry of a few hundred thousand entities. The synthetic stores are kept in --workdir for the next run. PostgreSQL runs as a throwaway cluster
(tests/pgkit.py: Debian's postgresql, initdb in the work directory as the postgres user).
Bounded: each load runs --seconds, every wait has a deadline, everything stops at the end.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_service import describe, free_port, get_json, load  # noqa: E402
import synthetic  # noqa: E402

BATCH = 5000
from service.store.schema import SCHEMA_VERSION  # noqa: E402  (a store of an older schema is built again)
RANGES = 20_000  # distinct date windows for the uncached date pages (the old 300 repeated within a run)


def build(database: str, events: int) -> dict:
    """Write the synthetic documents through the store interface, one version at the end; the time taken."""
    from service.store import open_store
    from service.store import rows
    from service.store.records import DocumentWrite
    from timeline.model import Document, Event
    from service.store.rows import dumps

    started = time.perf_counter()
    store = open_store(database)
    made = 0
    try:
        with store.write() as w:
            batch = []
            for path, document, items in synthetic.documents(events):
                entities = synthetic.with_entities(document["id"], items)
                raw = [rows.raw_event(Event.from_json(e)) for e in items]
                text, summary = rows.document_json(Document.from_json(document))
                batch.append(DocumentWrite(f"{path}#", path, "", document["id"], "synthetic", text, summary, 2000,
                                           "[]", 0, raw, dumps(entities)))
                made += len(items)
                if len(batch) >= BATCH:
                    w.put_documents(batch)
                    batch = []
                    print(f"  {made:,} events written ({time.perf_counter() - started:.0f} s)", flush=True)
            w.put_documents(batch)
            written = time.perf_counter() - started
            print(f"  merging {made:,} events into the first version...", flush=True)
            w.publish()
        version = store.current_version()
    finally:
        store.close()
    total = time.perf_counter() - started
    return {"events_written": made, "write_s": round(written, 1), "build_s": round(total, 1),
            "timeline_events": version.events, "vague": version.vague, "undated": version.undated,
            "documents": version.documents, "schema": SCHEMA_VERSION, "entities": _entities(database)}


def _entities(database: str) -> int:
    from service.store import open_store

    store = open_store(database)
    try:
        with store.session() as s:
            return int(s.one("SELECT COUNT(*) FROM entities WHERE valid_to IS NULL")[0])
    finally:
        store.close()


def _members_of(database: str, name: str) -> tuple[str | None, int]:
    """The registry id of the entity named ``name`` and how many articles' entities it is made of."""
    from service.store import open_store

    store = open_store(database)
    try:
        with store.session() as s:
            row = s.one("SELECT id FROM entities WHERE valid_to IS NULL AND name = ?", (name,))
            if row is None:
                return None, 0
            return row[0], int(s.one("SELECT COUNT(*) FROM document_entities WHERE entity_id = ?", (row[0],))[0])
    finally:
        store.close()


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_version(port: int, above: int, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = get_json(port, "/api/status")
        if (status.get("version") or 0) > above and not status["refreshing"]:
            return status
        time.sleep(0.1)
    raise SystemExit(f"no new version within {timeout} s")


def land(feed: Path, names: list[str], word: str) -> None:
    """Articles written aside and renamed into the feed at once (one refresh sees all of them)."""
    staging = feed.parent / f"staging-{word}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    past = time.time() - 120
    for i, name in enumerate(names):
        path = staging / name
        path.write_text(f"---\npublished: 2022-09-15\ntitle: Report {name}\n---\nThe {word} delegation {i} arrived "
                        f"in Samarkand on Wednesday. Its ministers met the mayor on 3 March 2021 and will fly home "
                        f"on Saturday, officials said.\n", encoding="utf-8")
        os.utime(path, (past, past))
    for path in staging.iterdir():
        os.replace(path, feed / path.name)
    staging.rmdir()


def serve_and_measure(database: str, workdir: Path, args) -> dict:
    figures: dict = {}
    feed = workdir / "feed"
    shutil.rmtree(feed, ignore_errors=True)
    feed.mkdir(parents=True)
    port = free_port()
    env = dict(os.environ, TIMELINE_FEED_DIR=str(feed), TIMELINE_DATABASE=database, TIMELINE_SETTLE_SECONDS="1",
               TIMELINE_REFRESH_SECONDS="3600", TIMELINE_WATCH_FEED="true", TIMELINE_LOG_LEVEL="WARNING",
               TIMELINE_EXECUTOR="processes", TIMELINE_WORKERS="2", PYTHONPATH=str(ROOT))
    server = subprocess.Popen([sys.executable, "-m", "timeline_cli.main", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=open(workdir / "serve.log", "w"))
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                status = get_json(port, "/api/status")
                if status.get("version"):
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("server did not come up")
        version = status["version"]
        land(feed, ["warm.md"], "warming")  # starts the worker processes, so later refreshes time only work
        version = wait_version(port, version, 300)["version"]

        rng = random.Random(3)
        first = get_json(port, "/api/timeline?limit=1000")
        ids = [e["id"] for e in first["events"]]
        later = get_json(port, "/api/timeline?from=2015-01-01&limit=1000")
        ids += [e["id"] for e in later["events"]]
        people = [p["name"] for e in first["events"][:50] for p in e["participants"]]
        entity = max(set(people), key=people.count)
        ranges = []  # distinct day-to-day windows, more than a run asks, so (almost) every request is a new query
        first_day = synthetic.FIRST_DAY.toordinal()
        for _ in range(RANGES):
            start = first_day + rng.randint(0, synthetic.DAYS)
            a, b = (datetime.date.fromordinal(d) for d in (start, start + rng.randint(0, 730)))
            ranges.append(f"/api/timeline?from={a.isoformat()}&to={b.isoformat()}&limit=50")
        loads = {
            "first_page": ("/api/timeline", "GET /api/timeline (first page)"),
            "date_page": ("/api/timeline?from=2000-01-01&to=2005-12-31&limit=50", "GET /api/timeline?from=2000-01-01&to=2005-12-31&limit=50"),
            "entity_page": (f"/api/timeline?entity={urllib.request.quote(entity)}&limit=50", f"GET /api/timeline?entity={entity}&limit=50"),
            "entities_page": ("/api/entities", "GET /api/entities (first page)"),
            "event": ([f"/api/events/{i}" for i in rng.sample(ids, min(500, len(ids)))], "GET /api/events/<id> (500 ids at random)"),
            "date_pages_uncached": (ranges, f"GET /api/timeline?from=..&to=.. ({RANGES:,} random day ranges: each a new query)"),
        }
        load(port, "/api/timeline", 2, args.connections)  # warm-up
        for key, (path, name) in loads.items():
            figures[key] = result = load(port, path, args.seconds, args.connections)
            result["what"] = name
            print("  " + describe(name, result), flush=True)

        (feed / "warm.md").write_text((feed / "warm.md").read_text().replace("warming", "changed"), encoding="utf-8")
        os.utime(feed / "warm.md", (time.time() - 120, time.time() - 120))
        landed = time.monotonic()
        status = wait_version(port, version, 300)
        version = status["version"]
        figures["refresh_one_document"] = {"refresh_s": status["last_refresh"]["duration"],
                                           "landed_to_served_s": round(time.monotonic() - landed, 2)}
        print(f"  a refresh with one changed document: {status['last_refresh']['duration']:.2f} s "
              f"(landing to served {time.monotonic() - landed:.2f} s, settle 1 s included)", flush=True)

        famous = synthetic.person(0)[0]
        staging = feed.parent / "famous.md"
        staging.write_text(f"---\npublished: 2022-09-15\ntitle: {famous} in Samarkand\n---\n{famous} met the "
                           f"delegation in Samarkand on Wednesday. {famous.split()[-1]} said the talks had gone well.\n",
                           encoding="utf-8")
        os.utime(staging, (time.time() - 120, time.time() - 120))
        os.replace(staging, feed / "famous.md")
        landed = time.monotonic()
        status = wait_version(port, version, 300)
        version = status["version"]
        entity_id, members = _members_of(database, famous)
        figures["refresh_famous_entity"] = {"refresh_s": status["last_refresh"]["duration"], "entity": entity_id,
                                            "articles_entities": members,
                                            "landed_to_served_s": round(time.monotonic() - landed, 2)}
        print(f"  a refresh with a new article naming {famous} ({entity_id}: {members:,} articles' entities): "
              f"{status['last_refresh']['duration']:.2f} s (landing to served {time.monotonic() - landed:.2f} s)",
              flush=True)

        names = [f"batch-{i:04d}.md" for i in range(args.changed)]
        land(feed, names, "landed")
        deadline = time.monotonic() + 60
        while not get_json(port, "/api/status")["refreshing"] and time.monotonic() < deadline:
            time.sleep(0.05)
        result = load(port, "/api/timeline", args.seconds, args.connections)
        result["refresh_still_running"] = get_json(port, "/api/status")["refreshing"]
        figures["first_page_during_refresh"] = result
        print("  " + describe(f"GET /api/timeline during a refresh of {args.changed:,} new documents", result)
              + ("" if result["refresh_still_running"] else " (the refresh ended before the load did)"), flush=True)
        status = wait_version(port, version, 900)
        last = status["last_refresh"]
        figures["refresh_many_documents"] = {"documents": last["extracted"], "refresh_s": last["duration"]}
        print(f"  a refresh with {last['extracted']:,} new documents: {last['duration']:.1f} s", flush=True)
        figures["peak_rss_mb"] = round(peak_rss_mb(server.pid), 1)
        print(f"  peak RSS of the serving process: {figures['peak_rss_mb']:.0f} MB", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
        # the feed's documents leave the store again, so the next run starts from the same synthetic store
        shutil.rmtree(feed, ignore_errors=True)
        feed.mkdir()
        for _ in range(2):  # deleted: missing on two scans
            subprocess.run([sys.executable, "-m", "timeline_cli.main", "refresh"], env=env, capture_output=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "timeline-bench-store")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--changed", type=int, default=1000)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures: dict = {"events": args.events, "seconds": args.seconds, "connections": args.connections}
    cluster = None
    try:
        for backend in args.backends:
            workdir = args.workdir / f"{backend}-{args.events}"
            workdir.mkdir(parents=True, exist_ok=True)
            print(f"{backend}, {args.events:,} synthetic events", flush=True)
            if backend == "sqlite":
                database = str(workdir / "timeline.db")
            else:
                from pgkit import Cluster

                cluster = Cluster()
                if not cluster.start():
                    print(f"  skipped: {cluster.reason}")
                    continue
                database = cluster.url()
            marker = workdir / "built.json"
            if backend == "postgresql" or not marker.exists() or json.loads(marker.read_text()).get("schema") != SCHEMA_VERSION:
                if backend == "sqlite":
                    for stale in workdir.glob("timeline.db*"):
                        stale.unlink()
                built = build(database, args.events)
                marker.write_text(json.dumps(built))
                print(f"  built in {built['build_s']:.0f} s ({built['write_s']:.0f} s writing documents and raw "
                      f"events, the rest merging): {built['timeline_events']:,} events on the axis, "
                      f"{built['vague']:,} vague, {built['undated']:,} undated; {built['entities']:,} entities",
                      flush=True)
            figures[backend] = {"build": json.loads(marker.read_text())}
            figures[backend].update(serve_and_measure(database, workdir, args))
            if cluster is not None:
                cluster.stop()
                cluster = None
    finally:
        if cluster is not None:
            cluster.stop()
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
