"""`timeline extract`: the timexes of each input document, as JSON or TimeML."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Iterable, TextIO

from timeline.export import timeml
from timeline_cli.common import EXIT_OK, EXIT_SOME_FAILED, Inputs, error
from service.settings import ServiceSettings
from timeline.model import Document, Timex
from timeline.nlp import load_pipeline
from timeline.timex.extractor import extract_timexes


def document_json(doc: Document, timexes: list[Timex]) -> dict:
    return {**doc.to_json(), "timexes": [t.to_json() for t in timexes]}


def timeml_name(doc: Document) -> str:
    """Output file name: the input's name without a trailing .TE3input."""
    name = Path(doc.path).name if doc.path and doc.path != "<stdin>" else f"{doc.id}.tml"
    return name[: -len(".TE3input")] if name.endswith(".TE3input") else name


def run(args, config: ServiceSettings) -> int:
    """Extract and write one document at a time: memory stays flat however many files are given."""
    inputs = Inputs(args.paths, args.dct, config.extractor.fallback_dct, config.extractor.max_file_bytes, desc="extracting",
                    follow_links=args.follow_links)
    nlp = load_pipeline(args.model or config.extractor.model)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    if args.format == "json":
        target = (args.out / "timexes.json").open("w", encoding="utf-8") if args.out else sys.stdout
        try:
            _write_json(target, ((doc, extract_timexes(doc.text, doc.dct, nlp=nlp, packs=config.extractor.packs)) for doc in inputs))
        finally:
            if args.out:
                target.close()
    else:
        for doc in inputs:
            rendered = timeml.render(doc.id, doc.dct.isoformat(), doc.text, extract_timexes(doc.text, doc.dct, nlp=nlp, packs=config.extractor.packs),
                                     doc.title)
            if args.out:
                (args.out / timeml_name(doc)).write_text(rendered, encoding="utf-8")
            else:
                sys.stdout.write(rendered)
    if inputs.failures:
        error(f"{len(inputs.failures)} input(s) skipped")
        return EXIT_SOME_FAILED
    return EXIT_OK


def _write_json(out: TextIO, results: Iterable[tuple[Document, list[Timex]]]) -> None:
    """``{"documents": [...]}`` indented as json.dumps(indent=2) would, written as each document is done."""
    out.write('{\n  "documents": [')
    first = True
    for doc, timexes in results:
        block = json.dumps(document_json(doc, timexes), ensure_ascii=False, indent=2).replace("\n", "\n    ")
        out.write(("\n    " if first else ",\n    ") + block)
        first = False
    out.write("]\n}\n" if first else "\n  ]\n}\n")
