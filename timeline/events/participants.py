"""Who takes part in an event: named entities in its clause, each under its longest in-document name.

"Xi" becomes "Xi Jinping" and "Putin" "Vladimir Putin" when the article names them in full
somewhere; a subject "he" becomes the person the sentence (or the one before) was about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timeline.events.vocabulary import load
from timeline.model import Participant
from timeline.nlp import lemma

_GROUPS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_PRONOUNS = {"he", "she", "him", "her", "his"}
_ROLES = {"leader", "president", "premier", "minister", "chancellor", "king", "queen", "prince", "head", "chief",
          "ruler", "strongman", "counterpart", "dictator", "emperor", "monarch", "pope", "secretary", "spokesman",
          "spokeswoman", "general", "commander", "official", "foreign", "prime"}


def clean_name(text: str) -> str:
    text = _POSSESSIVE.sub("", text.strip())
    text = _LEADING.sub("", text)
    return re.sub(r"\s+", " ", text).strip(" ,.;:\"“”'")


@dataclass(frozen=True)
class Mention:
    name: str
    label: str


class NameIndex:
    """The entity names of one document, to map short mentions to the longest name that contains them,
    and descriptions ("the Chinese leader") to the person the article introduced with them."""

    def __init__(self, mentions: list[Mention], descriptions: dict[str, str] | None = None):
        self.descriptions = descriptions or {}
        self._by_group: dict[str, list[tuple[str, ...]]] = {}
        self._labels: dict[tuple[str, ...], str] = {}
        for m in mentions:
            words = tuple(m.name.split())
            if not words:
                continue
            group = _GROUPS.get(m.label, m.label)
            self._by_group.setdefault(group, []).append(words)
            self._labels.setdefault(words, m.label)

    def canonical(self, name: str, label: str) -> str:
        words = tuple(clean_name(name).split())
        if not words:
            return name
        best = words
        for candidate in self._by_group.get(_GROUPS.get(label, label), []):
            if len(candidate) > len(best) and _contains(candidate, words):
                best = candidate
        return " ".join(best)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def mentions_of(sent) -> list[Mention]:
    labels = load().participant_labels
    return [Mention(clean_name(e.text), e.label_) for e in sent.ents if e.label_ in labels and _is_name(clean_name(e.text))]


def _is_name(text: str) -> bool:
    return bool(text) and any(c.isupper() for c in text) and text[0].isupper()


def descriptions_of(sents, names: "NameIndex") -> dict[str, str]:
    """Nationality → person, from introductions such as "Chinese leader Xi Jinping" or "Russian President
    Vladimir Putin"; a nationality that introduces two people is ambiguous and left out."""
    found: dict[str, set[str]] = {}
    for sent in sents:
        for ent in sent.ents:
            if ent.label_ != "PERSON":
                continue
            window = sent[max(0, ent.start - 4) : ent.start]
            for other in sent.ents:
                if other.label_ == "NORP" and other.start >= window.start and other.end <= ent.start:
                    found.setdefault(other.text.lower(), set()).add(names.canonical(ent.text, "PERSON"))
    return {norp: next(iter(people)) for norp, people in found.items() if len(people) == 1}


def described_person(token, names: NameIndex) -> str | None:
    """The person a description names: "The Chinese leader" → Xi Jinping (when the article said so)."""
    if token.pos_ not in ("NOUN", "PROPN") or lemma(token).lower() not in _ROLES:
        return None
    phrase = token.doc[token.left_edge.i : token.i + 1]
    if any(e.label_ == "PERSON" for e in phrase.ents):
        return None
    for word in phrase:
        if word.lower_ in names.descriptions:
            return names.canonical(names.descriptions[word.lower_], "PERSON")
    return None


def participants(sent, indices: set[int], names: NameIndex, exclude: set[int], extra: list[Participant] = ()) -> list[Participant]:
    """Entities of ``sent`` with a token in ``indices`` (and none in ``exclude``), canonical, in order."""
    labels = load().participant_labels
    out: list[Participant] = list(extra)
    seen = {p.name for p in out}
    for ent in sent.ents:
        if ent.label_ not in labels or not _is_name(clean_name(ent.text)):
            continue
        span = {t.i for t in ent}
        if not span & indices or span & exclude:
            continue
        if _in_title(ent):
            continue  # "US House Speaker Nancy Pelosi": "US" and "House" are her title
        name = names.canonical(ent.text, ent.label_)
        if name and name not in seen:
            seen.add(name)
            out.append(Participant(name, ent.label_))
    return out


def _in_title(ent) -> bool:
    """Whether an entity only modifies a person's name ("US" and "House" in "US House Speaker Nancy Pelosi")."""
    node = ent.root
    for _ in range(4):
        if node.dep_ not in ("compound", "nmod", "amod") or node.head.i == node.i:
            return False
        node = node.head
        if node.ent_type_ == "PERSON" and node.i >= ent.end:
            return True
    return False


def pronoun_antecedent(pronoun, previous_person: str | None, names: NameIndex) -> str | None:
    """The person a subject pronoun stands for: the last person named before it in its sentence,
    else the person the previous sentence was about."""
    if pronoun.lower_ not in _PRONOUNS:
        return None
    sent = pronoun.doc
    persons = [e for e in sent.ents if e.label_ == "PERSON" and e.end <= pronoun.i]
    if persons:
        return names.canonical(persons[-1].text, "PERSON")
    return previous_person


def sentence_person(sent, names: NameIndex) -> str | None:
    """The person a sentence is about: its subject when that is a named or described person."""
    for token in sent:
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT":
            for ent in sent.ents:
                if ent.label_ == "PERSON" and ent.start <= token.i < ent.end:
                    return names.canonical(ent.text, "PERSON")
            return described_person(token, names)
    return None
