"""From a document to its timexes and events: the pure core that the CLI, the service and the
benchmarks share (extraction is a function of the text, its DCT and the model)."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from timeline.analysis import Analysis
from timeline.events.extract import extract_events
from timeline.imports import ROOT, closure, module_file
from timeline.language import DEFAULT_LANGUAGE, language
from timeline.model import Document, DocumentEntity, Event, Timex
from timeline.text import Sentences
from timeline.timex.discourse import Discourse
from timeline.settings import ExtractorSettings
from timeline.timex.extractor import extract
from timeline.timex.rules import check_packs, modules_of


@dataclass
class DocumentResult:
    document: Document
    timexes: list[Timex] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    entities: list[DocumentEntity] = field(default_factory=list)  # who takes part, as this document knows them
    discourse: Discourse | None = field(default=None, compare=False, repr=False)


# what decides a stored document's timexes and events: how files become documents, and extraction (not the
# assembly of the timeline, which is redone from stored events)
FINGERPRINTED = ("timeline.sources", "timeline.pipeline")
_DATA_SUFFIXES = (".toml", ".json", ".npz", ".txt")


def fingerprinted_files(name: str = DEFAULT_LANGUAGE, packs: tuple[str, ...] | None = None) -> list[Path]:
    """The source files of the modules the loaders and the pipeline import, and of those the language bundle
    ``name`` and its ``packs`` name (they are imported by name, not by an import statement), and the data
    files beside them (vocabularies), found by reading the imports: a moved or new module is never missed."""
    bundle = language(name)
    starts = FINGERPRINTED + bundle.modules() + modules_of(name, packs)
    modules = sorted({m for start in starts for m in closure(start)})
    files = {module_file(m) for m in modules} | set(bundle.data_files())
    for directory in {f.parent for f in files}:
        files.update(p for p in directory.iterdir() if p.suffix in _DATA_SUFFIXES and p.is_file())
    return sorted(files)


@functools.lru_cache(maxsize=8)
def extractor_fingerprint(model: str, packs: tuple[str, ...] | None = None, name: str = DEFAULT_LANGUAGE) -> str:
    """A digest of the extraction code, its data files, the model name, the language and the rule packs
    switched on (None: the language's defaults): stored results made under another fingerprint are out of
    date (the service extracts them again after an upgrade or a change of packs)."""
    packs = check_packs(packs, name)
    digest = hashlib.sha256(model.encode("utf-8"))
    digest.update(("packs:" + ",".join(packs)).encode("utf-8"))
    if name != DEFAULT_LANGUAGE:
        digest.update(("language:" + name).encode("utf-8"))
    for file in fingerprinted_files(name, packs):
        digest.update(file.relative_to(ROOT).as_posix().encode("utf-8"))
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def process(document: Document, nlp, settings: ExtractorSettings | None = None,
            sentences: Sequence[tuple[int, int]] | None = None) -> DocumentResult:
    """Timexes and events of one document, from one analysis of it: its sentences are split once, and each
    is tagged and parsed at most once, only as deep as some layer needs. ``settings`` choose the rule packs
    (default: :class:`ExtractorSettings`'s). ``sentences``: character spans of sentences the source already
    gives (pre-tokenised corpora), used instead of splitting the text."""
    settings = settings or ExtractorSettings()
    analysis = Analysis(document.text, nlp, Sentences(sentences) if sentences is not None else None, settings.language)
    timexes, discourse = extract(analysis, document.dct, settings.packs, name=settings.language)
    events, entities = extract_events(document, timexes, analysis, discourse)
    return DocumentResult(document, timexes, events, entities, discourse)
