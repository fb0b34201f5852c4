"""From a document to its timexes and events: the pure core that the CLI, the service and the
benchmarks share (extraction is a function of the text, its DCT and the model)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Sequence

from timeline.analysis import Analysis
from timeline.events.extract import extract_events
from timeline.digest import distribution_version, version_of
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
# ordering and merging of the timeline, which the store redoes from stored events: its own version)
EXTRACTION = ("timeline.sources", "timeline.pipeline")


@functools.lru_cache(maxsize=8)
def extractor_fingerprint(model: str, packs: tuple[str, ...] | None = None, name: str = DEFAULT_LANGUAGE) -> str:
    """The extraction version: a digest of what the loaders and the pipeline do, with the modules and files
    the language bundle ``name`` and its ``packs`` name (imported by name, not by an import statement), as
    ``timeline.digest`` reads them (code as syntax trees without docstrings, data files as parsed, the
    libraries they use), of the model with its installed version, of the language and of the rule packs
    switched on (None: the language's defaults). Stored results made under another version are out of date
    (the service extracts them again); a comment or a docstring changes nothing."""
    packs = check_packs(packs, name)
    bundle = language(name)
    return version_of(EXTRACTION + bundle.modules() + modules_of(name, packs),
                      {"model": model, "model_version": distribution_version(model), "language": name,
                       "packs": list(packs)}, extra_files=bundle.data_files())


def process(document: Document, nlp, settings: ExtractorSettings | None = None,
            sentences: Sequence[tuple[int, int]] | None = None, antecedents=None) -> DocumentResult:
    """Timexes and events of one document, from one analysis of it: its sentences are split once, and each
    is tagged and parsed at most once, only as deep as some layer needs. ``settings`` choose the rule packs
    (default: :class:`ExtractorSettings`'s). ``sentences``: character spans of sentences the source already
    gives (pre-tokenised corpora), used instead of splitting the text. ``antecedents``: who picks what
    descriptions and pronouns refer to for the forms it decides (:func:`timeline.entities.find_mentions`; the
    evaluations hand a learned model here); None, the default: the rules alone."""
    settings = settings or ExtractorSettings()
    analysis = Analysis(document.text, nlp, Sentences(sentences) if sentences is not None else None, settings.language)
    timexes, discourse = extract(analysis, document.dct, settings.packs, name=settings.language)
    events, entities = extract_events(document, timexes, analysis, discourse, antecedents)
    return DocumentResult(document, timexes, events, entities, discourse)
