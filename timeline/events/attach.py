"""Which event a timex dates: follow the dependency parse from the timex up to the word it modifies.

"met ... on Thursday" dates "met"; "Pelosi's visit to Taipei in August" dates "visit" (an event
noun); "the start of the conflict ... on Thursday" climbs past "start" (a noun that only places
something in time) to "met"; "was set to hold talks Friday" dates "hold". The preposition says how
the event relates to the date: "since 2020" is not an event *in* 2020; after a superlative ("its biggest fall
since March", "the first time since 2019") it bounds the span compared over and dates no event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from timeline.events.triggers import is_event_noun
from timeline.nlp import children

if TYPE_CHECKING:
    from spacy.tokens import Token

_RELATIONS = {"since": "since", "until": "until", "till": "until", "through": "until", "before": "before",
              "after": "after", "by": "by", "from": "since", "prior": "before", "following": "after"}
_VERBAL = {"VERB", "AUX"}
_NOMINAL = {"NOUN", "PROPN"}


@dataclass(frozen=True)
class Attachment:
    trigger: Token
    relation: str  # on, since, until, before, after, by


def timex_tokens(doc, start: int, end: int) -> list:
    """The tokens of the parsed sentence ``doc`` that overlap the characters [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    if span is None:
        return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    return list(span)


def _head_of(tokens: list):
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[0]


def attach(sent, start: int, end: int) -> Attachment | None:
    """The event token the timex at [start, end) modifies in the parsed sentence ``sent``."""
    tokens = timex_tokens(sent, start, end)
    if not tokens:
        return None
    head = _head_of(tokens)
    relation = "on"
    inside = {t.i for t in tokens}
    # the preposition (or subordinator) that introduces the timex: "since early 2020", "until Friday"
    for t in tokens:
        if t.dep_ in ("prep", "case") and t.lower_ in _RELATIONS:
            relation = _RELATIONS[t.lower_]
    node = head
    if node.head.i != node.i and node.head.i not in inside and node.head.pos_ in ("ADP", "SCONJ"):
        relation = _RELATIONS.get(node.head.lower_, relation)
    steps = 0
    while steps < 8:
        steps += 1
        if node.head.i == node.i:
            break
        node = node.head
        if node.i in inside:
            continue
        if relation == "since" and _superlative(node):
            return None  # "its biggest fall since March", "the first time since 2019": a window compared over
        if node.pos_ in _VERBAL:
            return Attachment(_main_verb(node), relation)
        if node.pos_ in _NOMINAL and is_event_noun(node):
            return Attachment(node, relation)
        if node.pos_ == "ADJ" and node.dep_ in ("ROOT", "acomp", "amod") and node.head.i == node.i:
            return Attachment(node, relation)
    return Attachment(node, relation) if node.pos_ in _VERBAL | _NOMINAL else None


_FIRST = {"first", "last", "only"}


def _superlative(token) -> bool:
    """A word said of the most or the first in a span ("lowest", "the biggest fall", "the first time"): what
    a "since" after it bounds is the span compared over, not when anything happened."""
    if token.tag_ in ("JJS", "RBS"):
        return True
    return token.pos_ in _NOMINAL and any(
        c.dep_ in ("amod", "advmod", "nummod") and (c.tag_ in ("JJS", "RBS") or c.lower_ in _FIRST)
        for c in children(token))


def _main_verb(token):
    """An auxiliary stands for the verb it helps ("was" in "was set" → "set")."""
    if token.pos_ == "AUX" and token.dep_ in ("aux", "auxpass") and token.head.pos_ == "VERB":
        return token.head
    return token
