"""One document's analysis, built once and shared by the layers that read it (timex, then events): its
sentences, found once, and the spaCy docs of the sentences that need them, each made once and deepened in
place as later layers need more of it (tags for timex checks and tense; parses and entities for events).

    analysis = Analysis(text, nlp)
    analysis.prepare(offsets, "tagged")     # timex: the sentences of candidates that need tags
    analysis.docs([0, 4, 7], "named")       # events: those sentences parsed, with entities

:meth:`Analysis.of_doc` gives the same view of a Doc that a spaCy pipeline has already processed (the
``timex_tagger`` component), whose sentences then cannot be deepened.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Iterable

from timeline.language import DEFAULT_LANGUAGE
from timeline.nlp import DEPTH, Tok, components_between, deepen, tokens_of
from timeline.text import Sentences, paragraphs, parser_text, split_sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc


class Analysis:
    """Sentences, paragraphs, and per-sentence docs at the depth each was asked for."""

    def __init__(self, text: str, nlp=None, sentences: Sentences | None = None, language: str = DEFAULT_LANGUAGE):
        self.text = text
        self.nlp = nlp
        self.sentences = sentences if sentences is not None else Sentences(split_sentences(text, language))
        self._paragraph_starts: list[int] | None = None
        self._docs: dict[int, Doc] = {}  # sentence index -> spaCy Doc of that sentence alone
        self._depth: dict[int, int] = {}
        self._tokens: dict[int, list[Tok]] = {}
        self._fixed = nlp is None  # nothing can be tagged or parsed (a Doc given whole, or no model)

    @classmethod
    def of_doc(cls, doc) -> "Analysis":
        """The analysis of a Doc a spaCy pipeline has processed: its sentences (or ours, when it has none) and
        its tags and parse as they are."""
        text = doc.text
        sentenced = doc.has_annotation("SENT_START")
        spans = [(s.start_char, s.end_char) for s in doc.sents] if sentenced else split_sentences(text)
        analysis = cls(text, None, Sentences(spans))
        if doc.has_annotation("TAG"):
            for i, (start, end) in enumerate(spans):
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    analysis._tokens[i] = tokens_of(span, 0, span.start)
        return analysis

    # --- where things are -----------------------------------------------------------------------
    def sentence_index(self, offset: int) -> int:
        return self.sentences.index_at(offset)

    def paragraph_index(self, offset: int) -> int:
        """The paragraph holding ``offset`` (0 for text before the first blank line)."""
        if self._paragraph_starts is None:
            self._paragraph_starts = [start for start, _ in paragraphs(self.text)]
        return max(bisect.bisect_right(self._paragraph_starts, offset) - 1, 0)

    # --- the statistical parts, once per sentence -----------------------------------------------------
    def prepare(self, offsets: Iterable[int], level: str = "tagged") -> None:
        """Make sure the sentences at these offsets are analysed to ``level``, in one batch."""
        self._deepen({self.sentence_index(o) for o in offsets}, level)

    def docs(self, indices: Iterable[int], level: str = "parsed") -> dict[int, Doc]:
        """The spaCy docs of these sentences (by index), analysed to at least ``level``."""
        indices = sorted(set(indices))
        self._deepen(indices, level)
        return {i: self._docs[i] for i in indices if i in self._docs}

    def _deepen(self, indices: Iterable[int], level: str) -> None:
        if self._fixed:
            return
        want = DEPTH[level]
        by_depth: dict[int, list[int]] = {}
        for i in indices:
            if 0 <= i < len(self.sentences) and self._depth.get(i, 0) < want:
                by_depth.setdefault(self._depth.get(i, 0), []).append(i)
        for have, group in sorted(by_depth.items()):
            group.sort()
            if have:
                docs = [self._docs[i] for i in group]
            else:
                docs = [self.nlp.make_doc(parser_text(self.text[slice(*self.sentences.spans[i])])) for i in group]
            done = deepen(self.nlp, docs, components_between(self.nlp, have, want))
            for i, doc in zip(group, done):
                self._docs[i] = doc
                self._depth[i] = want
                self._tokens.pop(i, None)

    def tokens(self, offset: int) -> list[Tok] | None:
        """The tagged tokens of the sentence at ``offset`` (with heads when it was parsed), or None when it was
        not tagged."""
        i = self.sentence_index(offset)
        if i not in self._tokens:
            doc = self._docs.get(i)
            if doc is None:
                return None
            self._tokens[i] = tokens_of(doc, self.sentences.spans[i][0])
        return self._tokens[i]

