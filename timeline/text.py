"""The text's own segments: paragraphs (blank lines between them) and sentences, found once per document
and shared by every layer (timex, events, boilerplate), so no two layers can disagree on where a sentence
ends; and the text of a sentence as the parser is given it. What these know of English prose (abbreviations,
sentence openers, compound adjectives written apart) is data: text.toml."""

from __future__ import annotations

import bisect
import functools
import re
import tomllib
from dataclasses import dataclass
from typing import Sequence

from timeline.language import DEFAULT_LANGUAGE, language

MAX_SENTENCE_CHARS = 2000  # longer "sentences" (tables, run-on text, junk) are cut at a space
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?=\s)|\n[ \t]*\n""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")  # the word before a full stop, without it: "mr", "p.m", "u.s"
_CLOCK_BEFORE = re.compile(r"\b[ap]\.m\.$", re.I)


@dataclass(frozen=True)
class _Knowledge:
    abbreviations: frozenset[str]
    never_final: frozenset[str]
    opener: re.Pattern
    after_clock: re.Pattern
    written_apart: re.Pattern
    participles: tuple[str, ...]


def _words(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _month_day(name: str) -> str:
    """A capitalized month name and a day ("Nov. 9", "March 3"), the names read from the language's lexicon
    (its one month table)."""
    with language(name).file("lexicon").open("rb") as handle:
        months = tomllib.load(handle)["months"]
    return rf"(?:{_words(m.title() for m in months)})\.?\s+\d"


@functools.lru_cache(maxsize=None)
def _knowledge(name: str = DEFAULT_LANGUAGE) -> _Knowledge:
    with language(name).file("text").open("rb") as handle:
        raw = tomllib.load(handle)
    return _Knowledge(
        abbreviations=frozenset(raw["abbreviations"]),
        never_final=frozenset(raw["never_final"]),
        opener=re.compile(rf"\s+(?:{_words(raw['openers'])})\b"),
        after_clock=re.compile(rf"\s+(?:(?:{_words(raw['clock_continues'])})(?!\w)|{_month_day(name)})"),
        # a name, one space, the participle, one space and a capital: "Detroit based General Motors"
        written_apart=re.compile(rf"(\b[A-Z][\w.&'-]*) ((?:{_words(raw['compound_participles'])}) [A-Z])"),
        participles=tuple(f" {word} " for word in raw["compound_participles"]),
    )


def parser_text(text: str, name: str = DEFAULT_LANGUAGE) -> str:
    """The text the parser is given for ``text``, as long as it, character for character: a compound adjective
    made of a name and a participle but written apart ("Detroit based General Motors said", which the parser
    reads as "Detroit based" the clause) joined by its hyphen ("Detroit-based"), as edited news writes it."""
    known = _knowledge(name)
    if not any(word in text for word in known.participles):
        return text
    return known.written_apart.sub(r"\1-\2", text)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans [start, end) of the paragraphs (separated by blank lines), without surrounding space."""
    out = []
    pos = 0
    bounds = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(text)]
    for gap_start, gap_end in bounds + [(len(text), len(text))]:
        chunk = text[pos:gap_start]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            out.append((pos + lead, pos + lead + len(stripped)))
        pos = gap_end
    return out


def split_sentences(text: str, name: str = DEFAULT_LANGUAGE) -> list[tuple[int, int]]:
    """Sentence spans [start, end) of raw text: ends at . ! ? before a space or at blank lines, not after
    common abbreviations or initials, and never before a lower-case word. A span longer than
    ``MAX_SENTENCE_CHARS`` is cut into pieces, so the tagger's and parser's cost stays bounded. Spans hold no
    whitespace at either end: the tagger sees a sentence the same wherever it stands. ``name``: the language
    whose prose it is.

    >>> text = "Mr. Smith met Ms. Jones on Nov. 9 at 5 p.m. Friday. They talked."
    >>> [text[a:b] for a, b in split_sentences(text)]
    ['Mr. Smith met Ms. Jones on Nov. 9 at 5 p.m. Friday.', 'They talked.']
    """
    out = []
    for span in _sentence_spans(text, name):
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


def _sentence_spans(text: str, name: str) -> list[tuple[int, int]]:
    known = _knowledge(name)
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
            if before in known.abbreviations or re.fullmatch(r"[a-z]", before) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", before):
                # an abbreviation; one that can close a sentence ("at 5 p.m.", "in the U.S.", "Acme Corp.")
                # does when a sentence opener follows
                if before in known.never_final or re.fullmatch(r"[a-z]", before) or not known.opener.match(text, end):
                    continue
        following = text[end:end + 3].lstrip()
        if following and following[0].islower():
            continue
        if m.group() == "." and _CLOCK_BEFORE.search(text, max(0, m.start() - 6), m.start() + 1) \
                and known.after_clock.match(text, end):
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

    def __len__(self) -> int:
        return len(self.spans)

    def index_at(self, offset: int) -> int:
        i = bisect.bisect_right(self._starts, offset) - 1
        return max(i, 0)

    def containing(self, offset: int) -> int | None:
        """The index of the sentence that holds ``offset``, None when it falls between sentences."""
        if not self.spans:
            return None
        i = self.index_at(offset)
        start, end = self.spans[i]
        return i if start <= offset < end else None
