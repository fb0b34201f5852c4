"""`timeline eval tempeval3`: score the extractor on TimeML corpora with the TempEval-3 measures."""

from __future__ import annotations

import sys
from pathlib import Path

from tqdm import tqdm

from timeline_cli.common import EXIT_OK, EXIT_USAGE, error
from service.settings import ServiceSettings
from timeline.evaluate import anchoring, semeval2015, tempeval3
from timeline.nlp import load_pipeline
from timeline.timex.extractor import extract_timexes


def run_tempeval3(args, config: ServiceSettings) -> int:
    paths = [Path(p) for p in args.gold_dirs]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for p in missing:
            error(f"{p}: no such file or directory")
        return EXIT_USAGE
    nlp = load_pipeline(args.model or config.extractor.model)

    def bar(jobs):
        return tqdm(jobs, desc="evaluating", unit="doc", file=sys.stderr, disable=None)

    results = tempeval3.evaluate(paths, lambda text, dct: extract_timexes(text, dct, nlp=nlp), progress=bar)
    if not results:
        error("no TimeML documents with a DCT found")
        return EXIT_USAGE
    print(tempeval3.format_table(results))
    if args.errors:
        print()
        print(tempeval3.format_errors(results))
    return EXIT_OK


def run_semeval2015(args, config: ServiceSettings) -> int:
    for path in (args.docs_dir, args.gold_dir):
        if not path.is_dir():
            error(f"{path}: not a directory")
            return EXIT_USAGE
    nlp = load_pipeline(args.model or config.extractor.model)

    def bar(paths):
        return tqdm(list(paths), desc="parsing", unit="doc", file=sys.stderr, disable=None)

    total, per = semeval2015.evaluate(args.docs_dir, args.gold_dir, nlp, out_dir=args.out, progress=bar)
    if not per:
        error(f"no gold timelines (*.txt) in {args.gold_dir}")
        return EXIT_USAGE
    print(semeval2015.format_report(total, per))
    return EXIT_OK


def run_anchoring(args, config: ServiceSettings) -> int:
    paths = [Path(p) for p in args.gold_dirs]
    missing = [p for p in paths if not p.is_dir()]
    if missing:
        for p in missing:
            error(f"{p}: not a directory")
        return EXIT_USAGE
    nlp = load_pipeline(args.model or config.extractor.model)

    def bar(jobs):
        return tqdm(list(jobs), desc="dating", unit="doc", file=sys.stderr, disable=None)

    report = anchoring.evaluate(paths, nlp, progress=bar)
    if not any(report.documents.values()):
        error("no TimeML documents with a DCT found")
        return EXIT_USAGE
    print(anchoring.format_report(report))
    return EXIT_OK
