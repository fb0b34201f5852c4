"""Throughput and peak memory of the temporal extractor and of the whole timeline path.

Reads the TimeBank texts from ../shared/data/tempeval3/TimeBank (or --corpus DIR), loads the model once,
warms up on one document, then times, in one process:
- extract: ``extract_timexes`` over every text (words/s);
- build: timexes + events of every text and the merged timeline (documents/s).

    python benchmarks/bench_extract.py [--corpus DIR] [--repeat N]

Targets: extract >= 20,000 words/s; build >= 15 documents/s, single process, on the 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.sources import timeml  # noqa: E402
from timeline.assemble import build_timeline  # noqa: E402
from timeline.model import Document  # noqa: E402
from timeline.pipeline import process  # noqa: E402
from timeline.nlp import load_pipeline  # noqa: E402
from timeline.sources import parse_dct  # noqa: E402
from timeline.timex.extractor import extract_timexes  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "tempeval3" / "TimeBank"


def load_corpus(path: Path) -> list[tuple[str, dt.date]]:
    docs = []
    for f in sorted(path.glob("*.tml")):
        parsed = timeml.parse(f.read_text(encoding="utf-8"))
        docs.append((parsed.text, parse_dct(parsed.dct_value).date))
    return docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    docs = load_corpus(args.corpus)
    words = sum(len(text.split()) for text, _ in docs)
    t0 = time.perf_counter()
    nlp = load_pipeline()
    load_s = time.perf_counter() - t0
    extract_timexes(docs[0][0], docs[0][1], nlp=nlp)  # warm-up: regex compilation, lazy imports
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        found = sum(len(extract_timexes(text, dct, nlp=nlp)) for text, dct in docs)
        best = min(best, time.perf_counter() - t0)
    tracemalloc.start()
    for text, dct in docs:
        extract_timexes(text, dct, nlp=nlp)
    _, peak_traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    documents = [Document(f"d{i}", text, dct, "benchmark") for i, (text, dct) in enumerate(docs)]
    process(documents[0], nlp)
    build_best = build_cpu = float("inf")
    events = 0
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        results = [process(d, nlp) for d in documents]
        timeline = build_timeline([(r.document, r.events) for r in results])
        build_best = min(build_best, time.perf_counter() - t0)
        build_cpu = min(build_cpu, time.process_time() - c0)
        events = len(timeline.all_events())
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents           {len(docs)}")
    print(f"words               {words:,}")
    print(f"timexes             {found:,}")
    print(f"model load          {load_s:.2f} s")
    print(f"extract (best of {args.repeat})  {best:.2f} s  =  {words / best:,.0f} words/s  ({len(docs) / best:.1f} docs/s)")
    print(f"build (best of {args.repeat})    {build_best:.2f} s  =  {len(docs) / build_best:.1f} docs/s  "
          f"({words / build_best:,.0f} words/s, {events:,} events)")
    # CPU time: what a busy shared machine's wall clock hides (other processes' turns)
    print(f"build CPU time      {build_cpu:.2f} s  =  {len(docs) / build_cpu:.1f} docs/s")
    print(f"peak memory         {rss_mb:,.0f} MB RSS (process), {peak_traced / 2**20:.1f} MB allocated during one extract pass")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
