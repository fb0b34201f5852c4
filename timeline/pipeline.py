"""From a document to its timexes and events: the pure core that the CLI, the service and the
benchmarks share (extraction is a function of the text, its DCT and the model)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Sequence

from timeline.analysis import Analysis
from timeline.events.extract import extract_events
from timeline.digest import distribution_version, version_of
from timeline.model import Document, Event, Timex
from timeline.text import Sentences
from timeline.timex.discourse import Discourse
from timeline.settings import ExtractorSettings
from timeline.timex.extractor import extract
from timeline.timex.rules import DEFAULT_PACKS


@dataclass
class DocumentResult:
    document: Document
    timexes: list[Timex] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    discourse: Discourse | None = field(default=None, compare=False, repr=False)


# what decides a stored document's timexes and events: how files become documents, and extraction (not the
# ordering and merging of the timeline, which the store redoes from stored events: its own version)
EXTRACTION = ("timeline.sources", "timeline.pipeline")


@functools.lru_cache(maxsize=8)
def extractor_fingerprint(model: str, packs: tuple[str, ...] = DEFAULT_PACKS) -> str:
    """The extraction version: a digest of what the loaders and the pipeline do (their code as syntax trees
    without docstrings, their data files as parsed, the libraries they use: ``timeline.digest``), of the
    model with its installed version, and of the rule packs switched on. Stored results made under another
    version are out of date (the service extracts them again); a comment or a docstring changes nothing."""
    return version_of(EXTRACTION, {"model": model, "model_version": distribution_version(model),
                                   "packs": sorted(set(packs))})


def process(document: Document, nlp, settings: ExtractorSettings | None = None,
            sentences: Sequence[tuple[int, int]] | None = None) -> DocumentResult:
    """Timexes and events of one document, from one analysis of it: its sentences are split once, and each
    is tagged and parsed at most once, only as deep as some layer needs. ``settings`` choose the rule packs
    (default: :class:`ExtractorSettings`'s). ``sentences``: character spans of sentences the source already
    gives (pre-tokenised corpora), used instead of splitting the text."""
    packs = (settings or ExtractorSettings()).packs
    analysis = Analysis(document.text, nlp, Sentences(sentences) if sentences is not None else None)
    timexes, discourse = extract(analysis, document.dct, tuple(packs))
    return DocumentResult(document, timexes, extract_events(document, timexes, analysis, discourse), discourse)
