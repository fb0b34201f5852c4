"""Which words of a parsed sentence are events, in the TimeML sense of the word, and their tense.

- verbs, reporting verbs among them ("said", "told"); a verb that only frames another ("was set to hold
  talks", "plans to visit") is not an event of its own when it has that complement: the complement is;
- event nouns ("the sale", "the merger", "the crash", lexicon.toml); with a light verb ("held talks", "made a
  decision", "gave a speech") the noun is the one event, told in the verb's tense (TimeML tags both words; they
  name one happening, and the noun says which);
- predicative states ("the airline is bankrupt"): an adjective after a copula that names a state that begins
  and ends (lexicon.toml); any other predicative adjective only where a date anchors it (see extract.py).

Words inside a name ("the Belt and Road Initiative") and inside a timex are never events. A phrasal verb keeps
its head word as the trigger and its particle in ``phrase`` ("showed off").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from timeline.events.nouns import observer, shipped_model
from timeline.events.vocabulary import load
from timeline.nlp import children, lemma, token_list

if TYPE_CHECKING:
    from spacy.tokens import Token

_FUTURE = {"will", "shall", "'ll", "wo"}
_CONDITIONAL = {"would", "'d", "could", "should", "might", "may", "must", "can", "ca", "ought"}
_PAST_AUX = {"was", "were", "did", "had", "'d"}
_PRESENT_AUX = {"is", "are", "am", "'s", "'re", "'m", "does", "do", "has", "have", "'ve"}
_COPULAS = {"be", "become", "remain", "stay", "seem", "appear", "get", "go"}


@dataclass
class Trigger:
    token: Token  # the spaCy token of the head word
    kind: str  # "verb", "noun" or "state"
    lemma: str
    phrase: str  # the head word and its particles: "showed off"
    tense: str | None  # "past", "past-perfect", "present", "present-perfect", "future", "conditional", None
    reporting: bool = False
    negated: bool = False
    verb: Token | None = None  # the light verb of an event noun ("held" in "held talks"): its clause is the event's

    @property
    def clause(self):
        """The word that stands for the event in its clause: the light verb of such a noun, else the trigger."""
        return self.verb if self.verb is not None else self.token

    @property
    def i(self) -> int:
        return self.token.i


def listed_event_noun(token) -> bool | None:
    """What lexicon.toml says of a noun: True for an event noun, False for an aspectual one ("the start of"),
    None when it does not list it."""
    vocab = load()
    word = lemma(token).lower()
    low = token.lower_
    if word in vocab.aspectual_nouns or low in vocab.aspectual_nouns:
        return False
    if word in vocab.event_nouns or low in vocab.event_nouns:
        return True
    return None


def is_event_noun(token) -> bool:
    """Whether a noun names an event where it stands: the hand list first, then, for a common noun it does
    not list, the learned model (nouns.py) when its weights ship."""
    listed = listed_event_noun(token)
    if listed is not None:
        return listed
    if token.pos_ != "NOUN":
        return False
    model = shipped_model()
    if model is None:
        return False
    decided = token.doc.user_data.setdefault("event_nouns", {})  # asked again by attach.py and for light verbs
    found = decided.get(token.i)
    if found is None:
        found = decided[token.i] = model.is_event(token)
    return found


def _verb_complement(token):
    for child in children(token):
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            return child
    return None


def verb_group(token) -> list:
    """The auxiliaries of a verb (or the copula of a predicative adjective) and the word itself, in order."""
    group = [c for c in children(token) if c.dep_ in ("aux", "auxpass")]
    if token.pos_ == "ADJ" and token.dep_ == "acomp" and token.head.i != token.i:
        head = token.head
        group += [head] + [c for c in children(head) if c.dep_ in ("aux", "auxpass")]
    group.append(token)
    return sorted(group, key=lambda t: t.i)


def tense_of(token) -> str | None:
    """The tense and aspect of the verb group of ``token``: "will meet" future, "would meet" conditional,
    "had met" past-perfect, "has met"/"have been met" present-perfect, "met"/"was met" past, "meets"/"is
    meeting" present; an infinitive or a participle alone has none."""
    group = verb_group(token)
    words = [t.lower_ for t in group]
    tags = [t.tag_ for t in group]
    for w, tag in zip(words, tags):
        if tag == "MD":
            return "future" if w in _FUTURE else "conditional"
    if "going" in words and "to" in words:
        return "future"
    for k, (w, tag) in enumerate(zip(words, tags)):
        if w in ("had", "'d") and tag == "VBD" and any(t == "VBN" for t in tags[k + 1 :]):
            return "past-perfect"
        if w in ("has", "have", "'ve", "'s") and tag in ("VBZ", "VBP") and any(t == "VBN" for t in tags[k + 1 :]):
            return "present-perfect"
    first = tags[0]
    if first == "VBD" or (words[0] in _PAST_AUX and first.startswith("VB")):
        return "past"
    if first in ("VBZ", "VBP"):
        return "present"
    return None


def find_triggers(doc, skip: set[int]) -> list[Trigger]:
    """The events of one parsed sentence (``skip``: the tokens of timexes and names)."""
    vocab = load()
    out: list[Trigger] = []
    light_objects: dict[int, Token] = {}  # event noun -> its light verb
    tokens = token_list(doc)
    for token in tokens:
        if token.i in skip:
            continue
        pos = token.pos_
        if pos == "VERB" and token.tag_.startswith("VB"):
            if token.dep_ in ("compound", "prep") or (token.dep_ == "amod" and token.tag_ not in ("VBN", "VBG")):
                continue  # a participle used as a preposition ("according to", "including") is no event
            if token.i > 0 and tokens[token.i - 1].tag_ == "HYPH" and not tokens[token.i - 1].whitespace_:
                continue  # part of a compound adjective: "inward-looking", "long-awaited"
            word = lemma(token).lower()
            if word == "be":
                continue  # "there is", "it was": a copula or existential, whose state is its complement
            if word in vocab.frame_verbs and _verb_complement(token) is not None:
                continue
            if word in vocab.light_verbs:
                objects = [c for c in children(token) if c.dep_ == "dobj" and c.i not in skip and is_event_noun(c)]
                if objects:
                    light_objects[objects[0].i] = token
                    continue
            particles = [c.text for c in children(token) if c.dep_ == "prt" or is_adverb_particle(token, c)]
            denied = token.dep_ == "xcomp" and lemma(token.head).lower() in vocab.negative_implicative_verbs
            out.append(Trigger(token, "verb", word, " ".join([token.text, *particles]), tense_of(token),
                               word in vocab.reporting_verbs, _negated(token) or denied))
        elif pos == "ADJ" and token.dep_ == "acomp" and lemma(token).lower() in vocab.state_predicates \
                and lemma(token.head).lower() in _COPULAS:
            out.append(Trigger(token, "state", lemma(token).lower(), token.text, tense_of(token),
                               False, _negated(token) or _negated(token.head)))
    watch = observer()
    if watch is not None:  # training: the nouns as this function sees them
        watch(doc, [t.i for t in tokens if t.i not in skip and t.pos_ == "NOUN"])
    for token in tokens:
        if token.i in skip or token.pos_ != "NOUN" or token.dep_ == "compound":
            continue
        verb = light_objects.get(token.i)
        if verb is not None:
            out.append(Trigger(token, "noun", lemma(token).lower(), token.text, tense_of(verb), False,
                               _negated(verb) or _negated(token), verb))
        elif is_event_noun(token):
            out.append(Trigger(token, "noun", lemma(token).lower(), token.text, None, False, _negated(token)))
    out.sort(key=lambda t: t.i)
    for trigger in out:
        if trigger.tense is None and (trigger.kind == "verb" or trigger.verb is not None):
            trigger.tense = _inherited_tense(trigger.clause, vocab)
    return out


def _inherited_tense(token, vocab) -> str | None:
    """An infinitive or a participle without auxiliaries takes its tense from the verb it depends on: "plans to
    visit" looks ahead; "began to sell", "unveiled the phone, saying ..." and "met and talked" do not."""
    head = token.head
    if head.i == token.i or token.dep_ not in ("xcomp", "advcl", "conj", "pcomp"):
        return None
    if token.dep_ == "xcomp" and lemma(head).lower() in vocab.frame_verbs \
            and lemma(head).lower() not in vocab.implicative_verbs:
        return "future"
    if token.dep_ == "advcl" and token.tag_ not in ("VBG", "VBN"):
        return None
    return tense_of(head) if head.pos_ in ("VERB", "AUX") else None


def state_trigger(token) -> Trigger:
    """A predicative adjective made an event by the date that anchors it ("will be available on June 24")."""
    return Trigger(token, "state", lemma(token).lower(), token.text, tense_of(token), False,
                   _negated(token) or _negated(token.head))


def _negated(token) -> bool:
    return any(c.dep_ == "neg" for c in children(token))


def is_adverb_particle(verb, child) -> bool:
    """A particle the parser read as an adverb: "the launch was pushed back", "took six months off" (right after
    the verb or its object; the lexicon's adverb_particles)."""
    if child.dep_ != "advmod" or child.i < verb.i or child.lower_ not in load().adverb_particles:
        return False
    if child.i == verb.i + 1:
        return True
    obj = next((c for c in children(verb) if c.dep_ == "dobj" and c.i < child.i), None)
    return obj is not None and obj.right_edge.i + 1 == child.i
