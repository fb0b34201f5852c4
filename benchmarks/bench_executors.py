"""Documents/s of a refresh by executor: `timeline refresh` of the same feed into a new SQLite store with
``executor`` inline, processes (--workers) and dask (a local cluster of --workers worker processes on
127.0.0.1, made by the executor), each in a fresh process; the stored results are compared too (they must be
the same bytes).

    python benchmarks/bench_executors.py [--files 10000] [--workers 2] [--workdir DIR] [--json PATH]

The feed is bench_service.py's (one short dated article per file; kept in --workdir for the next runs).
Worker start-up (spawning processes, loading the model in each) is inside the measured time.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_service import make_feed  # noqa: E402


def stored(database: Path) -> str:
    """A digest of what extraction stored (documents with their timexes, raw events), to compare runs."""
    import hashlib

    digest = hashlib.sha256()
    with sqlite3.connect(database) as db:
        for row in db.execute("SELECT key, id, document, timexes FROM documents ORDER BY key"):
            digest.update(repr(row).encode())
        for row in db.execute("SELECT doc_key, seq, body FROM raw_events ORDER BY doc_key, seq"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--executors", nargs="+", default=["inline", "processes", "dask"])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "timeline-bench-executors")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    feed = args.workdir / f"feed-{args.files}"
    if not feed.exists():
        print(f"making a feed of {args.files:,} articles in {feed} (once)...", flush=True)
        make_feed(feed, args.files)
    figures: dict = {"files": args.files, "workers": args.workers, "cores": os.cpu_count()}
    digests = {}
    for executor in args.executors:
        database = args.workdir / f"{executor}.db"
        for stale in args.workdir.glob(f"{executor}.db*"):
            stale.unlink()
        env = dict(os.environ, TIMELINE_FEED_DIR=str(feed), TIMELINE_DATABASE=str(database), TIMELINE_SETTLE_SECONDS="0",
                   TIMELINE_LOG_LEVEL="WARNING", TIMELINE_WORKERS=str(args.workers), PYTHONPATH=str(ROOT))
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "timeline_cli.main", "refresh", "--executor", executor], env=env,
                             capture_output=True, text=True, timeout=3600)
        wall = time.perf_counter() - started
        if out.returncode not in (0, 1):
            raise SystemExit(out.stderr[-2000:])
        report = json.loads(out.stdout)
        figures[executor] = {"documents": report["extracted"], "wall_s": round(wall, 1),
                             "refresh_s": report["duration"], "documents_per_s": round(report["extracted"] / wall, 1)}
        digests[executor] = stored(database)
        print(f"{executor}: {report['extracted']:,} documents in {wall:.1f} s = {report['extracted'] / wall:.1f} documents/s "
              f"(process start and model loading included)", flush=True)
    base = figures.get("inline", {}).get("documents_per_s")
    for executor in args.executors:
        if base and executor != "inline":
            figures[executor]["x_inline"] = round(figures[executor]["documents_per_s"] / base, 2)
            print(f"{executor}: {figures[executor]['x_inline']:.2f}x inline")
    figures["same_bytes"] = len(set(digests.values())) == 1
    print("stored results identical across executors:", figures["same_bytes"])
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
