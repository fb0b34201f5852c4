"""How our cost grows with the number of documents: 10, 100, 1,000 and 10,000 documents (the TimeBank
corpus repeated), each size run as the real command line in a fresh process, timed, with its peak memory.

    python benchmarks/bench_scaling.py [--corpus DIR] [--sizes 10,100,1000,10000] [--commands extract,build]
                                       [--timeout SECONDS] [--json PATH]

- extract: `timeline extract --format timeml --out DIR FILES...` (timexes only, one file at a time,
  written as it goes): time should grow linearly and memory stay flat;
- build: `timeline build --out FILE FILES...` (timexes, events, the merged timeline): time should grow
  linearly; memory grows with the events kept for the merge, not with the texts.

Peak memory is the child's own ru_maxrss (os.wait4), so each size is measured alone. Start-up (Python,
spaCy and the model, about 2-3 s) is part of every run; the marginal rate between two sizes leaves it out.
Repeated documents are real work (nothing is cached across documents except the compiled rules and
dateparser's parse cache, as in any long run). Every run is bounded by --timeout and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "tempeval3" / "TimeBank"
WORDS: dict[Path, int] = {}  # words of each corpus file's text


def make_files(corpus: list[Path], n: int, directory: Path) -> int:
    """``n`` TimeML files in ``directory``, cycling through the corpus; returns their word count."""
    directory.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(n):
        source = corpus[i % len(corpus)]
        target = directory / f"{i:05d}-{source.name}"
        shutil.copyfile(source, target)
        words += WORDS[source]
    return words


def run(command: list[str], timeout: float) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit status of ``command``, killed after ``timeout`` seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            return float("inf"), usage.ru_maxrss / 1024, -9
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--commands", default="extract,build")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed to each run")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    corpus = sorted(args.corpus.glob("*.tml"))
    if not corpus:
        print(f"no TimeML files in {args.corpus} (pass --corpus DIR)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(ROOT))
    from timeline.sources import timeml  # imported here so that --help is fast

    for path in corpus:
        WORDS[path] = len(timeml.parse(path.read_text(encoding="utf-8")).text.split())
    sizes = [int(s) for s in args.sizes.split(",")]
    commands = args.commands.split(",")
    results = []
    with tempfile.TemporaryDirectory(prefix="timeline-scaling-") as tmp:
        for n in sizes:
            files = Path(tmp) / f"in-{n}"
            words = make_files(corpus, n, files)
            for name in commands:
                out = Path(tmp) / f"out-{name}-{n}"
                if name == "extract":
                    command = [sys.executable, "-m", "timeline_cli.main", "extract", "--format", "timeml", "--out", str(out), str(files)]
                else:
                    command = [sys.executable, "-m", "timeline_cli.main", "build", "--out", str(out / "timeline.json"), str(files)]
                seconds, rss, status = run(command, args.timeout)
                row = {"command": name, "documents": n, "words": words, "seconds": round(seconds, 2),
                       "peak_rss_mb": round(rss, 1), "exit": status}
                results.append(row)
                print(f"{name:<8}{n:>7,} docs {words:>11,} words  {seconds:8.1f} s  {n / seconds:7.1f} docs/s  "
                      f"{words / seconds:9,.0f} words/s  peak {rss:7.1f} MB" + ("" if status == 0 else f"  exit {status}"),
                      flush=True)
                shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(files, ignore_errors=True)

    print()
    print("| command | documents | words | seconds | documents/s | words/s | marginal words/s | peak memory (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in commands:
        rows = [r for r in results if r["command"] == name]
        previous = None
        for r in rows:
            marginal = ""
            if previous and r["seconds"] > previous["seconds"]:
                marginal = f"{(r['words'] - previous['words']) / (r['seconds'] - previous['seconds']):,.0f}"
                r["marginal_words_per_s"] = round((r["words"] - previous["words"]) / (r["seconds"] - previous["seconds"]))
            print(f"| {name} | {r['documents']:,} | {r['words']:,} | {r['seconds']:.1f} | {r['documents'] / r['seconds']:.1f} | "
                  f"{r['words'] / r['seconds']:,.0f} | {marginal} | {r['peak_rss_mb']:.0f} |")
            previous = r
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["exit"] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
