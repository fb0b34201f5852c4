"""Throughput and peak memory of the temporal extractor (and, with --build, the whole timeline path).

Reads the TimeBank texts from ../shared/data/tempeval3/TimeBank (or --corpus DIR), loads the model once,
warms up on one document, then times ``extract_timexes`` over every text in one process.

    python benchmarks/bench_extract.py [--corpus DIR] [--repeat N]

Target (issue #2): >= 20,000 words/s on the 2-core development machine.
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

from timeline import timeml  # noqa: E402
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
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents           {len(docs)}")
    print(f"words               {words:,}")
    print(f"timexes             {found:,}")
    print(f"model load          {load_s:.2f} s")
    print(f"extract (best of {args.repeat})  {best:.2f} s  =  {words / best:,.0f} words/s  ({len(docs) / best:.1f} docs/s)")
    print(f"peak memory         {rss_mb:,.0f} MB RSS (process), {peak_traced / 2**20:.1f} MB allocated during one pass")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
