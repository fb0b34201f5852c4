"""`timeline extract`: the timexes of each input document, as JSON or TimeML."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from timeline import timeml
from timeline.commands.common import EXIT_OK, EXIT_SOME_FAILED, error, iter_with_progress, read_inputs
from timeline.config import Config
from timeline.model import Document, Timex
from timeline.nlp import load_pipeline
from timeline.timex.extractor import extract_timexes


def document_json(doc: Document, timexes: list[Timex]) -> dict:
    return {
        "id": doc.id,
        "title": doc.title,
        "dct": doc.dct.isoformat(),
        "dct_source": doc.dct_source,
        "path": doc.path,
        "url": doc.url,
        "timexes": [t.to_json() for t in timexes],
    }


def timeml_name(doc: Document) -> str:
    """Output file name: the input's name without a trailing .TE3input."""
    name = Path(doc.path).name if doc.path and doc.path != "<stdin>" else f"{doc.id}.tml"
    return name[: -len(".TE3input")] if name.endswith(".TE3input") else name


def run(args, config: Config) -> int:
    inputs = read_inputs(args.paths, args.dct, config.fallback_dct, config.max_file_bytes)
    nlp = load_pipeline(args.model or config.model)
    results = []
    for doc in iter_with_progress(inputs.documents, "extracting"):
        results.append((doc, extract_timexes(doc.text, doc.dct, nlp=nlp)))
    if args.format == "json":
        payload = {"documents": [document_json(doc, timexes) for doc, timexes in results]}
        text = json.dumps(payload, ensure_ascii=False, indent=2)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / "timexes.json").write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
    else:
        for doc, timexes in results:
            rendered = timeml.render(doc.id, doc.dct.isoformat(), doc.text, timexes, doc.title)
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                target = args.out / timeml_name(doc)
                target.write_text(rendered, encoding="utf-8")
            else:
                sys.stdout.write(rendered)
    if inputs.failures:
        error(f"{len(inputs.failures)} input(s) skipped")
        return EXIT_SOME_FAILED
    return EXIT_OK
