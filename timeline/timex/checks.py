"""Context checks that reject false hits: words that are temporal only in some uses.

A check is a function of a :class:`View` (the candidate's text and neighbours and, when the sentence was
tagged, its tokens), made with ``@check`` beside the rule it guards (in :mod:`timeline.timex.rules`) and
given to that rule as ``check=``. ``@check(tagged=...)`` says for which surfaces the check needs
part-of-speech tags; the extractor tags the sentences of those candidates (and of the ones whose date
depends on tense) and no others. The helpers below serve checks of several rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from timeline.nlp import Tok
from timeline.timex.lexicon import words
from timeline.timex.specs import Spec

CONTEXT = words("context")  # the word lists of the checks: context.toml

_NEXT_WORD = re.compile(r"\s*([\w'$%.-]+)")
_PREV_WORD = re.compile(r"([\w'$%.-]+)[\s]*$")


@dataclass(slots=True)
class Candidate:
    """A matched span with the rule that matched it and the spec the rule built."""

    start: int
    end: int
    rule: str
    spec: Spec
    priority: int = 0
    check: "Check | None" = None

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class View:
    """What a check may look at."""

    text: str
    cand: Candidate
    tokens: list[Tok] | None

    @property
    def surface(self) -> str:
        return self.text[self.cand.start : self.cand.end]

    def next_word(self) -> str:
        """The word after the candidate, without the full stop that ends its sentence ("the Daily Mail." reads
        "Mail"); a full stop alone is the word when nothing else follows."""
        m = _NEXT_WORD.match(self.text, self.cand.end, min(len(self.text), self.cand.end + 40))
        if not m:
            return ""
        word = m.group(1)
        return word.rstrip(".") or word

    def prev_word(self) -> str:
        m = _PREV_WORD.search(self.text, max(0, self.cand.start - 40), self.cand.start)
        return m.group(1) if m else ""

    def prev_char(self) -> str:
        """The character before the candidate; "" at the start of the text (test it with ``==`` or
        against a set: ``"" in "$€"`` is true)."""
        return self.text[self.cand.start - 1] if self.cand.start > 0 else ""

    def next_char(self) -> str:
        return self.text[self.cand.end] if self.cand.end < len(self.text) else ""

    def inner(self) -> list[Tok]:
        if not self.tokens:
            return []
        return [t for t in self.tokens if t.start < self.cand.end and t.end > self.cand.start]

    def after(self, k: int = 1) -> list[Tok]:
        if not self.tokens:
            return []
        return [t for t in self.tokens if t.start >= self.cand.end][:k]

    def before(self, k: int = 1) -> list[Tok]:
        if not self.tokens:
            return []
        return [t for t in self.tokens if t.end <= self.cand.start][-k:]


@dataclass(frozen=True, slots=True)
class Check:
    """A context check: ``test(view)`` is true when the candidate is temporal here; ``tagged(surface)`` says
    whether the test needs the sentence's part-of-speech tags for this surface."""

    test: Callable[[View], bool]
    tagged: Callable[[str], bool] | None = None

    def __call__(self, view: View) -> bool:
        return self.test(view)

    def needs_tags(self, surface: str) -> bool:
        return bool(self.tagged and self.tagged(surface))

    @property
    def name(self) -> str:
        return self.test.__name__


def check(tagged: Callable[[str], bool] | None = None):
    """Make a context check of the function below (``tagged``: the surfaces it reads tags for)."""

    def make(fn: Callable[[View], bool]) -> Check:
        return Check(fn, tagged)

    return make


def needs_tags(chk: Check | None, surface: str) -> bool:
    return chk is not None and chk.needs_tags(surface)


def passes(chk: Check | None, view: View) -> bool:
    return chk is None or chk(view)


CURRENCY = frozenset("$£€¥")  # sets: the "" of the text's edges is not in them
NUMBER_SIGNS = CURRENCY | {"#"}


def title_mid_sentence(v: View) -> bool:
    """A capitalized name in the middle of a sentence: "ABC's 'This Week'", "a show called 'Sixty Minutes'"."""
    parts = v.surface.split()
    if not all(w[:1].isupper() or w[:1].isdigit() for w in parts) or not any(w[:1].isupper() for w in parts[1:] or parts):
        return False
    before = v.text[max(0, v.cand.start - 3) : v.cand.start].strip()
    return bool(before) and before[-1] not in ".!?\n:" and not (before[-1] in "\"'“‘`" and len(parts) < 2)


def is_rate(v: View) -> bool:
    """A rate: "$5 a year", "three ferries a week", "120,000 a month" (but not "$8 million a year ago")."""
    if v.next_word().lower().rstrip(".,;:!?") in CONTEXT["shift_words"]:
        return False
    before = v.text[max(0, v.cand.start - 40) : v.cand.start]
    before = re.split(r"[.!?;:]\s", before)[-1]  # the same sentence only
    for word in re.findall(r"[\w$%.,'-]+", before)[-3:]:
        w = word.lower().strip(",")
        if w.startswith("$") or re.fullmatch(r"[\d.,]+%?", w) or w in CONTEXT["rate_words"]:
            return True
    return False
