"""`timeline extract`: the timexes of each input document, as JSON or TimeML."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from service import extraction
from service.settings import ServiceSettings
from timeline.export import timeml
from timeline.model import Document, Timex
from timeline_cli.common import EXIT_OK, EXIT_SOME_FAILED, Inputs, bar_safe_error, error
from timeline_cli.running import executor_for, run_in_order, why, with_options


def document_json(doc: Document, timexes: list[dict]) -> dict:
    return {**doc.to_json(), "timexes": timexes}


def timeml_name(doc: Document) -> str:
    """Output file name: the input's name without a trailing .TE3input."""
    name = Path(doc.path).name if doc.path and doc.path != "<stdin>" else f"{doc.id}.tml"
    return name[: -len(".TE3input")] if name.endswith(".TE3input") else name


def run(args, config: ServiceSettings) -> int:
    """Extract where --executor says and write each document as its window comes back, in the inputs' order:
    memory stays bounded however many files are given."""
    config = with_options(args, config)
    inputs = Inputs(args.paths, args.dct, config.extractor.fallback_dct, config.extractor.max_file_bytes,
                    desc="extracting", progress=False,
                    follow_links=args.follow_links)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    failed: list[Document] = []
    with executor_for(config) as executor:

        def extracted() -> Iterator[tuple[Document, list[dict]]]:
            jobs = (extraction.Job(doc) for doc in inputs)
            for job, done in run_in_order(executor, jobs, extraction.timexes_batch, "extracting"):
                if isinstance(done, str):
                    yield job.document, json.loads(done)
                else:
                    bar_safe_error(f"{job.document.path or job.document.id}: {why(done)}")
                    failed.append(job.document)

        if args.format == "json":
            target = (args.out / "timexes.json").open("w", encoding="utf-8") if args.out else sys.stdout
            try:
                _write_json(target, extracted())
            finally:
                if args.out:
                    target.close()
        else:
            for doc, timexes in extracted():
                rendered = timeml.render(doc.id, doc.dct.isoformat(), doc.text, [Timex.from_json(t) for t in timexes],
                                         doc.title)
                if args.out:
                    (args.out / timeml_name(doc)).write_text(rendered, encoding="utf-8")
                else:
                    sys.stdout.write(rendered)
    if inputs.failures or failed:
        error(f"{len(inputs.failures) + len(failed)} input(s) skipped")
        return EXIT_SOME_FAILED
    return EXIT_OK


def _write_json(out: TextIO, results: Iterable[tuple[Document, list[dict]]]) -> None:
    """``{"documents": [...]}`` indented as json.dumps(indent=2) would, written as each document is done."""
    out.write('{\n  "documents": [')
    first = True
    for doc, timexes in results:
        block = json.dumps(document_json(doc, timexes), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        out.write(("\n    " if first else ",\n    ") + block)
        first = False
    out.write("]\n}\n" if first else "\n  ]\n}\n")
