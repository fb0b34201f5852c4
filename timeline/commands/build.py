"""`timeline build`: the merged timeline of the input documents, as JSON, TimelineJS3 JSON or CSV."""

from __future__ import annotations

import sys
from dataclasses import replace

from timeline.assemble import build_timeline, filter_timeline
from timeline.commands.common import EXIT_OK, EXIT_SOME_FAILED, Inputs, error
from timeline.config import Config
from timeline.export import csv_export, json_export, timelinejs
from timeline.nlp import load_pipeline
from timeline.pipeline import process


def run(args, config: Config) -> int:
    inputs = Inputs(args.paths, args.dct, config.fallback_dct, config.max_file_bytes, desc="building")
    nlp = load_pipeline(args.model or config.model)
    # one file at a time; only the events and each document's metadata are kept for the merge, not its text
    results = [(replace(doc, text=""), process(doc, nlp).events) for doc in inputs]
    timeline = build_timeline(results)
    timeline = filter_timeline(
        timeline, start=args.date_from, end=args.date_to, entity=args.entity, text=args.text, document=args.document
    )
    writer = {"json": json_export.write, "csv": csv_export.write,
              "timelinejs": lambda t, out: timelinejs.write(t, out, title=args.title)}[args.format]
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8", newline="") as out:
            _write(writer, timeline, out, args.format)
    else:
        _write(writer, timeline, sys.stdout, args.format)
    if inputs.failures:
        error(f"{len(inputs.failures)} input(s) skipped")
        return EXIT_SOME_FAILED
    return EXIT_OK


def _write(writer, timeline, out, fmt: str) -> None:
    """The export, streamed event by event, ending with a newline (CSV rows end with one already)."""
    writer(timeline, out)
    if fmt != "csv":
        out.write("\n")
