"""The linguistic context of a candidate: its sentence and that sentence's tagged tokens.

Two sources give the same view: :class:`LazyContext` splits raw text into sentences cheaply and
runs the tagger only on the sentences it is asked for (the fast path of ``extract_timexes``);
:class:`DocContext` reads a spaCy ``Doc`` that a pipeline has already tagged (the component).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable, Sequence

from timeline.timex.grammar import TIME_ZONE


@dataclass(frozen=True, slots=True)
class Tok:
    start: int  # character offsets in the document
    end: int
    text: str
    tag: str  # Penn Treebank tag, "" when untagged
    dep: str = ""
    head: int = -1  # index of the head token within the sentence, -1 when unparsed

    @property
    def lower(self) -> str:
        return self.text.lower()


_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "gov", "sen", "rep", "lt", "col", "corp", "inc", "co", "ltd", "jr", "sr",
    "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu",
    "thur", "thurs", "fri", "sat", "sun", "no", "vs", "etc", "u.s", "u.n", "u.k", "a.m", "p.m", "prof", "sgt",
    "capt", "cmdr", "adm", "maj", "rev", "ft", "mt", "pres", "est", "approx", "dept", "univ", "assn",
    "bros", "e.g", "i.e", "ave", "blvd", "n.y", "calif", "mass", "fla", "ill", "pa", "va", "wash", "tex", "ariz",
}
# abbreviations that never end a sentence: titles, and month and weekday names before their number
_TITLES = {
    "mr", "mrs", "ms", "dr", "gen", "gov", "sen", "rep", "lt", "col", "prof", "sgt", "capt", "cmdr", "adm", "maj",
    "rev", "pres", "no", "vs", "approx", "e.g", "i.e", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
}
# words that open sentences far more often than they follow an abbreviation mid-sentence
_OPENER = re.compile(
    r"\s+(?:The|A|An|He|She|It|They|We|I|You|In|On|At|But|And|This|That|These|Those|His|Her|Its|Their|Our|"
    r"There|When|While|After|Before|Meanwhile|However|Also|Some|Many|Most|As|If|Since|For|Officials?|Police)\b")
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s)|\n[ \t]*\n""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")  # the word before a full stop, without it: "mr", "p.m", "u.s"
_CLOCK_BEFORE = re.compile(r"\b[ap]\.m\.$", re.I)
_AFTER_CLOCK = re.compile(
    r"\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|today|tomorrow|yesterday|tonight|on\b|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d|" + TIME_ZONE.replace(" ", r"\s+") + ")")


MAX_SENTENCE_CHARS = 2000  # longer "sentences" (tables, run-on text, junk) are cut at a space


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans [start, end) of raw text: ends at . ! ? before a space or at blank lines,
    not after common abbreviations or initials, and never before a lower-case word. A span longer
    than ``MAX_SENTENCE_CHARS`` is cut into pieces, so the tagger's and parser's cost stays bounded.
    Spans hold no whitespace at either end: the tagger sees a sentence the same wherever it stands."""
    out = []
    for span in _sentence_spans(text):
        for start, end in _cut_long(text, *span):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                out.append((start, end))
    return out


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit), text.rfind("\n", start + MAX_SENTENCE_CHARS // 2, limit))
        cut = cut + 1 if cut > start else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group().startswith("\n"):
            if text[start:m.start()].strip():
                spans.append((start, m.start()))
            start = end
            continue
        if m.group().startswith(".") and len(m.group()) == 1:
            word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            before = word.group(1).lower() if word else ""
            if before in _ABBREVIATIONS or re.fullmatch(r"[a-z]", before) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", before):
                # an abbreviation; one that can close a sentence ("at 5 p.m.", "in the U.S.", "Acme Corp.")
                # does when a sentence opener follows
                if before in _TITLES or re.fullmatch(r"[a-z]", before) or not _OPENER.match(text, end):
                    continue
        following = text[end:end + 3].lstrip()
        if following and following[0].islower():
            continue
        if m.group() == "." and _CLOCK_BEFORE.search(text, max(0, m.start() - 6), m.start() + 1) \
                and _AFTER_CLOCK.match(text, end):
            continue  # "at 5 p.m. Friday", "3 a.m. EDT": the time goes on
        spans.append((start, end))
        start = end
    if start < n and text[start:].strip():
        spans.append((start, n))
    return spans


class Sentences:
    """Sentence spans of a text with a fast lookup by character offset."""

    def __init__(self, spans: Sequence[tuple[int, int]]):
        self.spans = list(spans)
        self._starts = [s for s, _ in self.spans]

    def index_at(self, offset: int) -> int:
        i = bisect.bisect_right(self._starts, offset) - 1
        return max(i, 0)

    def span_at(self, offset: int) -> tuple[int, int]:
        if not self.spans:
            return (0, 0)
        return self.spans[self.index_at(offset)]


class Context:
    """Sentences and, for the sentences that were tagged, their tokens."""

    def __init__(self, text: str, sentences: Sentences):
        self.text = text
        self.sentences = sentences
        self._tokens: dict[int, list[Tok]] = {}

    def sentence_index(self, offset: int) -> int:
        return self.sentences.index_at(offset)

    def sentence_span(self, offset: int) -> tuple[int, int]:
        return self.sentences.span_at(offset)

    def tokens(self, offset: int) -> list[Tok] | None:
        """The tagged tokens of the sentence at ``offset``, or None when it was not tagged."""
        return self._tokens.get(self.sentence_index(offset))

    def prepare(self, offsets: Sequence[int]) -> None:
        """Make sure the sentences at these offsets are tagged (a no-op for a parsed Doc)."""


class LazyContext(Context):
    """Tags only the sentences asked for, in one batch."""

    def __init__(self, text: str, tagger: Callable[[list[str]], list] | None):
        super().__init__(text, Sentences(split_sentences(text)))
        self._tagger = tagger

    def prepare(self, offsets: Sequence[int]) -> None:
        if self._tagger is None:
            return
        wanted = sorted({self.sentence_index(o) for o in offsets} - set(self._tokens))
        if not wanted:
            return
        texts = [self.text[slice(*self.sentences.spans[i])] for i in wanted]
        docs = self._tagger(texts)
        for index, doc in zip(wanted, docs):
            base = self.sentences.spans[index][0]
            self._tokens[index] = tokens_of(doc, base)


def tokens_of(sent, base: int = 0, sent_start_token: int = 0) -> list[Tok]:
    """Toks of a spaCy Doc or Span, offsets shifted by ``base``."""
    out = []
    for token in sent:
        head = token.head.i - sent_start_token if token.head is not token or token.dep_ else -1
        out.append(Tok(token.idx + base, token.idx + base + len(token.text), token.text, token.tag_, token.dep_, head))
    return out


class DocContext(Context):
    """The context of a Doc a spaCy pipeline has processed (tags and, if present, sentences)."""

    def __init__(self, doc):
        text = doc.text
        if doc.has_annotation("SENT_START"):
            spans = [(s.start_char, s.end_char) for s in doc.sents]
        else:
            spans = split_sentences(text)
        super().__init__(text, Sentences(spans))
        tagged = doc.has_annotation("TAG")
        if not tagged:
            return
        if doc.has_annotation("SENT_START"):
            for i, sent in enumerate(doc.sents):
                self._tokens[i] = tokens_of(sent, 0, sent.start)
        else:
            for i, (start, end) in enumerate(spans):
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    self._tokens[i] = tokens_of(span, 0, span.start)
