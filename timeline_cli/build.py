"""`timeline build`: the merged timeline of the input documents, as JSON, TimelineJS3 JSON or CSV."""

from __future__ import annotations

import dataclasses
import json
import sys
from dataclasses import replace

from service import extraction
from service.settings import ServiceSettings
from timeline.assemble import build_timeline, filter_timeline
from timeline.export.registry import export_format
from timeline.filters import FILTERS, Criteria
from timeline.model import DocumentEntity, Event
from timeline_cli.common import EXIT_OK, EXIT_SOME_FAILED, Inputs, bar_safe_error, error
from timeline_cli.running import executor_for, run_in_order, why, with_options


def run(args, config: ServiceSettings) -> int:
    config = with_options(args, config)
    inputs = Inputs(args.paths, args.dct, config.extractor.fallback_dct, config.extractor.max_file_bytes,
                    desc="building", progress=False,
                    follow_links=args.follow_links)
    # each document's events and entities, extracted where --executor says; only they and each document's
    # metadata are kept for the merge, not its text
    results = []
    entities = {}
    failed = 0
    with executor_for(config) as executor:
        jobs = (extraction.Job(doc) for doc in inputs)
        for job, done in run_in_order(executor, jobs, extraction.events_batch, "building"):
            doc = job.document
            if not isinstance(done, extraction.Assembled):
                bar_safe_error(f"{doc.path or doc.id}: {why(done)}")
                failed += 1
                continue
            results.append((replace(doc, text=""), [Event.from_json(e) for e in json.loads(done.events)]))
            entities[doc.id] = [DocumentEntity.from_json(e) for e in json.loads(done.entities)]
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
    if inputs.failures or failed:
        error(f"{len(inputs.failures) + failed} input(s) skipped")
        return EXIT_SOME_FAILED
    return EXIT_OK
