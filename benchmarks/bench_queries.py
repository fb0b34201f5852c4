"""The store's part of uncached date pages, in one process (no HTTP, no cache of prepared pages): for 300
random windows of up to two years, the first page (51 rows) and the total of each status, as
GET /api/timeline?from=..&to=.. asks them; then three wide queries; then entity filters (the registry's lookup,
once per version and query, then the page and total of each status): the most famous synthetic person by
name and by surname, a rare one, a slip of the keyboard, and one letter.

    PYTHONPATH=<tree> python benchmarks/bench_queries.py STORE [--seed 3]

STORE is a SQLite file or a postgresql:// URL (bench_store.py keeps its synthetic SQLite stores in its
--workdir). The tree on PYTHONPATH is the code measured: an older commit's `service/` can be measured on a
copy of a store of its schema version. Opening the store migrates it to this tree's version (timed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from service.store import open_store
from service.store.records import Criteria

STATUSES = ("dated", "vague", "undated")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    store = open_store(args.store)
    print(f"open (migration included) {time.perf_counter() - started:.1f} s")
    version = store.current_version()
    rng = random.Random(args.seed)
    windows = []
    for _ in range(300):
        a = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randint(0, 32 * 365))
        windows.append(Criteria(start=a, end=a + dt.timedelta(days=rng.randint(0, 2 * 365))))
    wide = [Criteria(start=dt.date(2000, 1, 1), end=dt.date(2005, 12, 31)), Criteria(dated="explicit"),
            Criteria(start=dt.date(1995, 1, 1))]
    times = []
    try:
        for criteria in windows + wide:
            t = time.perf_counter()
            for status in STATUSES:
                store.page(version, status, criteria, None, 51)
                store.count(version, status, criteria)
            times.append((time.perf_counter() - t) * 1000)
    finally:
        store.close()
    entities = [("famous", "Anna Abe"), ("famous, by surname", "Abe"), ("rare", "Dengo Lebarna"),
                ("a slip", "Anna Abbe"), ("one letter", "a")]
    store = open_store(args.store)
    found = []
    try:
        for what, name in entities:
            t = time.perf_counter()
            with store.session() as s:
                selected = store._names(s, version, name)
            looked = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            totals = [0, 0, 0]
            for i, status in enumerate(STATUSES):
                store.page(version, status, Criteria(entity=name), None, 51)
                totals[i] = store.count(version, status, Criteria(entity=name))
            found.append((what, name, looked, (time.perf_counter() - t) * 1000, totals, selected))
    finally:
        store.close()
    r = sorted(times[:300])
    print(f"300 random windows, page and total of the 3 statuses: p50 {r[150]:.1f} ms, p99 {r[297]:.1f} ms, "
          f"max {r[-1]:.1f} ms, mean {statistics.mean(r):.1f} ms")
    print("2000-01-01..2005-12-31: %.1f ms; dated=explicit alone: %.1f ms; from=1995 alone: %.1f ms" % tuple(times[300:]))
    for what, name, looked, took, totals, selected in found:
        shape = ("no entity" if selected == () else f"{len(selected.ids)} entities, "
                 f"{'read by id' if selected.few else 'in the order'}" if selected.ids is not None else "names containing it")
        print(f"entity={name} ({what}: {shape}, {sum(totals):,} events): lookup {looked:.1f} ms, page and total of "
              f"the 3 statuses {took:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
