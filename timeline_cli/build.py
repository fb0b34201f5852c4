"""`timeline build`: the merged timeline of the input documents, as JSON, TimelineJS3 JSON or CSV."""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import replace

from timeline.assemble import build_timeline, filter_timeline
from timeline.filters import FILTERS, Criteria
from timeline_cli.common import EXIT_OK, EXIT_SOME_FAILED, Inputs, error
from service.settings import ServiceSettings
from timeline.export.registry import export_format
from timeline.nlp import load_pipeline
from timeline.pipeline import process


def run(args, config: ServiceSettings) -> int:
    inputs = Inputs(args.paths, args.dct, config.extractor.fallback_dct, config.extractor.max_file_bytes, desc="building",
                    follow_links=args.follow_links)
    nlp = load_pipeline(args.model or config.extractor.model)
    # one file at a time; only the events and each document's metadata are kept for the merge, not its text
    results = []
    entities = {}
    for doc in inputs:
        done = process(doc, nlp, config.extractor)
        results.append((replace(doc, text=""), done.events))
        entities[doc.id] = done.entities
    timeline = build_timeline(results, entities=entities)
    criteria = Criteria.of({f.name: getattr(args, f"filter_{f.name}") for f in FILTERS})
    timeline = filter_timeline(timeline, **dataclasses.asdict(criteria))
    export = export_format(args.format)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8", newline="") as out:
            export.write_file(timeline, out, title=args.title)
    else:
        export.write_file(timeline, sys.stdout, title=args.title)
    if inputs.failures:
        error(f"{len(inputs.failures)} input(s) skipped")
        return EXIT_SOME_FAILED
    return EXIT_OK

