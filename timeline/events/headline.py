"""A short headline for an event, built from the dependency parse around its trigger.

Verb triggers give "subject verb object (+ one or two prepositional phrases)":
"Vladimir Putin and Xi Jinping met for their first face-to-face talks"; scheduled ones read
"Putin to hold talks with Erdogan and Indian Prime Minister Narendra Modi". Noun triggers give the
noun phrase: "US House Speaker Nancy Pelosi's visit to Taipei". Relative clauses, appositions and
the timex itself are left out; pronoun subjects are replaced by the name they refer to.
"""

from __future__ import annotations

import re

from timeline.events.triggers import is_adverb_particle
from timeline.nlp import children, lemma, token_words

_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass")
_OBJECTS = ("dobj", "attr", "dative", "oprd", "acomp", "prt", "agent")
_NP_KEEP = ("det", "poss", "case", "amod", "compound", "nummod", "nmod", "quantmod", "cc", "conj", "prep",
            "pobj", "predet", "neg", "npadvmod", "hmod", "hyph")
_NP_DROP = ("relcl", "acl", "appos", "advcl", "punct", "parataxis", "dep", "ccomp", "xcomp", "mark")
_TEMPORAL_WORDS = re.compile(
    r"^(?:today|yesterday|tomorrow|tonight|now|then|ago|earlier|later|recently|currently|soon|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|day|morning|evening|night)$",
    re.I,
)
MAX_WORDS = 16
_JOINERS = ("-", "–", ",", "/")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?’'])(?=\s|$)")
_SPACE_BEFORE_POSSESSIVE = re.compile(r"\s+(’s|'s)\b")
_EDGE_PUNCT = re.compile(r"^[,;:\-–—\s]+|[,;:\-–—\s]+$")
_SPACES = re.compile(r"\s{2,}")
_REPORTING = {"say", "tell", "report", "announce", "add", "state", "claim", "note", "confirm", "deny", "warn",
              "declare", "reveal", "predict", "estimate", "acknowledge", "insist"}


def _np(token, exclude: set[int], depth: int = 0) -> set[int]:
    """Indices of a compressed noun phrase headed by ``token``."""
    out = {token.i}
    for child in children(token):
        if child.i in exclude or child.dep_ in _NP_DROP:
            continue
        if child.dep_ == "prep":
            if depth >= 1 or child.lower_ not in ("of", "to", "with", "for", "in", "on", "against", "between", "from", "into"):
                continue
            objects = [c for c in children(child) if c.dep_ == "pobj" and c.i not in exclude]
            if not objects:
                continue
            out.add(child.i)
            for obj in objects:
                out |= _np(obj, exclude, depth + 1)
            continue
        if child.dep_ in _NP_KEEP:
            out |= _np(child, exclude, depth + (1 if child.dep_ == "conj" else 0))
    return out


def _contains(tokens: set[int], excluded: set[int]) -> bool:
    return bool(tokens & excluded)


def _branch(token, cut: tuple[str, ...]) -> set[int]:
    """The token and its descendants, without the branches that hang from it by a dependency in ``cut``
    (a hyphen between words is kept)."""
    out = {token.i}
    for child in children(token):
        if child.dep_ not in cut or (child.dep_ == "punct" and child.tag_ == "HYPH"):
            out |= _branch(child, cut)
    return out


def _subtree(token) -> set[int]:
    return {t.i for t in token.subtree}


def find_subject(trigger, climb: bool = True):
    """The subject of the trigger, or (``climb``) of the verb it completes ("set to hold talks" → Putin)."""
    node = trigger
    for _ in range(3):
        for child in children(node):
            if child.dep_ in _SUBJECTS:
                return child
        if climb and node.dep_ in ("xcomp", "conj", "advcl", "pcomp") and node.head.i != node.i:
            node = node.head
        else:
            return None
    return None


def subject_phrase(token, exclude: set[int]) -> str:
    """A subject's noun phrase as a headline gives it (its relative clauses, appositions and timexes left out)."""
    return _render(token.doc, _np(token, exclude))


def _render(doc, indices: set[int]) -> str:
    texts, spaces = token_words(doc)
    # keep the hyphens and commas inside what is kept ("face-to-face", "political, economic and security"): a
    # word between two kept words
    joined = indices | {i + 1 for i in indices if i >= 0 and i + 2 in indices and texts[i + 1] in _JOINERS}
    ordered = sorted(joined)
    last = len(ordered) - 1
    words = [texts[i] + (spaces[i] if n < last and ordered[n + 1] == i + 1 else " ") for n, i in enumerate(ordered)]
    text = "".join(words).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_BEFORE_POSSESSIVE.sub(r"\1", text)
    text = _EDGE_PUNCT.sub("", text)
    return _SPACES.sub(" ", text)


def _limit(text: str) -> str:
    words = text.split()
    if len(words) <= MAX_WORDS:
        return text
    return " ".join(words[:MAX_WORDS]).rstrip(",;:") + "…"


def _clause(verb, exclude: set[int]) -> set[int]:
    """A reported clause in short: its subject, verb group, objects and first prepositional phrase."""
    out = {verb.i}
    preps = 0
    for child in children(verb):
        if child.i in exclude:
            continue
        if child.dep_ in _SUBJECTS or child.dep_ in _OBJECTS:
            out |= _np(child, exclude)
        elif child.dep_ in ("aux", "auxpass", "neg"):
            out.add(child.i)
        elif child.dep_ == "prep" and preps < 1 and child.i > verb.i:
            objects = [c for c in children(child) if c.dep_ == "pobj"]
            if objects and not _contains(_subtree(child), exclude):
                out.add(child.i)
                out |= _np(objects[0], exclude)
                preps += 1
    return out


def verb_headline(trigger, exclude: set[int], subject_text: str | None, scheduled: bool) -> tuple[str, set[int]]:
    """The headline of a verb trigger and the token indices it was built from."""
    doc = trigger.doc
    subject = find_subject(trigger)
    parts: list[str] = []
    used: set[int] = {trigger.i}
    if subject_text:
        parts.append(subject_text)
    elif subject is not None and subject.i not in exclude:
        subject_np = _np(subject, exclude)
        used |= subject_np
        parts.append(_render(doc, subject_np))
    verb: set[int] = {trigger.i}
    for child in children(trigger):
        if child.dep_ == "neg" or child.dep_ == "prt" or (is_adverb_particle(trigger, child) and child.i == trigger.i + 1):
            verb.add(child.i)
        elif child.dep_ in ("aux", "auxpass") and not scheduled and child.tag_ != "MD" and child.lower_ != "to":
            verb.add(child.i)
    rest: set[int] = set()
    preps = 0
    reporting = lemma(trigger).lower() in _REPORTING
    for child in children(trigger):
        if child.i in exclude or child.i < trigger.i and child.dep_ != "prt":
            continue
        if child.dep_ == "acomp":  # "has become increasingly inward-looking": the adjective with its words
            words = _branch(child, ("advcl", "relcl", "ccomp", "prep", "punct"))
            rest |= words if len(words) <= 6 and not words & exclude else {child.i}
        elif child.dep_ == "agent":  # "by Acme"; not a bare "by" whose object is a date ("by six months")
            phrase = _np(child, exclude)
            if len(phrase) > 1:
                rest |= phrase
        elif child.dep_ in _OBJECTS and child.dep_ != "prt":
            rest |= _np(child, exclude)
        elif is_adverb_particle(trigger, child) and child.i > trigger.i + 1:
            rest.add(child.i)  # after the object: "took the phone out"
        elif child.dep_ == "prep" and preps < 2 and child.lower_ not in ("as", "like", "despite", "amid"):
            if any(obj.dep_ == "pobj" and obj.i < child.i for obj in children(child)):
                continue  # a stranded preposition ("whichever country they impose sanctions on")
            phrase = {child.i}
            for obj in children(child):
                if obj.dep_ in ("pobj", "pcomp"):
                    phrase |= _np(obj, exclude) if obj.dep_ == "pobj" else {obj.i}
            if len(phrase) > 1 and not _contains(_subtree(child), exclude) and not any(
                _TEMPORAL_WORDS.match(doc[i].text) for i in phrase
            ):
                rest |= phrase
                preps += 1
        elif child.dep_ == "xcomp" and child.i not in exclude:
            inner = {t.i for t in child.subtree if t.dep_ not in ("relcl", "appos", "advcl", "punct", "mark")}
            if not _contains(inner, exclude) and len(inner) <= 12:
                rest |= inner
        elif child.dep_ == "ccomp" and reporting and child.i not in exclude:
            rest |= _clause(child, exclude)
    if trigger.dep_ == "relcl":
        for child in children(trigger):
            if child.dep_ == "advmod" and child.lower_ == "where":
                rest.add(-1)  # placeholder for "in <antecedent>"
    if scheduled and trigger.tag_ != "VB":
        # a passive or a participle keeps its verb group as written: "an inspection is planned", not "to plan"
        verb |= {c.i for c in children(trigger) if c.dep_ in ("aux", "auxpass") and c.lower_ != "to"}
    verb_text = _render(doc, verb)
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in children(trigger))
    if trigger.tag_ == "VB" and (scheduled or infinitive):
        # "will meet", "is set to meet", "its plan to meet": "to meet", the verb's own form
        verb_text = "to " + trigger.text + "".join(
            " " + doc[i].text for i in sorted(verb) if i != trigger.i and doc[i].dep_ in ("prt", "neg")
        )
    parts.append(verb_text)
    used |= verb | (rest - {-1})
    if rest - {-1}:
        parts.append(_render(doc, rest - {-1}))
    if -1 in rest:
        antecedent_np = _np(trigger.head, exclude | {trigger.i} | _subtree(trigger))
        used |= antecedent_np
        parts.append(f"in {_render(doc, antecedent_np)}")
    return _limit(" ".join(p for p in parts if p)), used


def noun_headline(trigger, exclude: set[int], agent_text: str | None) -> tuple[str, set[int]]:
    """The headline of an event noun and the token indices it was built from."""
    doc = trigger.doc
    indices = _np(trigger, exclude)
    has_owner = any(c.dep_ == "poss" for c in children(trigger))
    text = _render(doc, indices)
    if agent_text and not has_owner:
        text = re.sub(r"^(?:a|an|the)\s+", "", text, flags=re.I)
        text = f"{agent_text}'s {text}" if not agent_text.endswith("s") else f"{agent_text}' {text}"
    return _limit(text), indices
