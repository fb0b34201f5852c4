"""Whether a noun names an event in its sentence, by a linear model over features of the noun and its parse.

The hand list (lexicon.toml's ``event_nouns``) names the nouns that are events wherever they stand ("the
merger", "the crash"); this model reads what a list cannot: how the word is made ("production" is a verb's
nominalization, "order" a verb used as a noun, "buyer" the verb's agent), and where it stands (the subject of
"landed", the object of "announced", with an "of"-complement or a possessor, plural, capitalised). The
features are strings; a noun's score is the sum of their weights, and it is an event when the probability
that score gives reaches the model's threshold.

The weights are trained with scikit-learn's logistic regression on TempEval-3's EVENT tags
(:mod:`timeline.evaluate.event_nouns`, ``timeline train event-nouns``) and ship beside this module as
``event_nouns.json``; they are applied here without scikit-learn. Without that file no noun is an event by
the model (the hand list still decides).

Training reads the nouns exactly as :func:`~timeline.events.triggers.find_triggers` sees them in the
pipeline: :func:`observing` hands each parsed sentence's candidates to a callback.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

import numpy

from timeline.events.vocabulary import load
from timeline.nlp import children, lemma

WEIGHTS_PATH = Path(__file__).with_name("event_nouns.json")
_VERBAL = ("VERB", "AUX")

# what is called with each parsed sentence and the indices of its candidate nouns, while training
Observer = Callable[[object, list[int]], None]
_OBSERVER: contextvars.ContextVar[Observer | None] = contextvars.ContextVar("event_noun_observer", default=None)


@contextlib.contextmanager
def observing(observer: Observer) -> Iterator[None]:
    """Within the block, every sentence :func:`~timeline.events.triggers.find_triggers` reads is handed to
    ``observer`` with its candidate nouns (what training learns from)."""
    token = _OBSERVER.set(observer)
    try:
        yield
    finally:
        _OBSERVER.reset(token)


def observer() -> Observer | None:
    return _OBSERVER.get()


@functools.lru_cache(maxsize=1)
def _verbs():
    from lemminflect import getAllLemmas  # loads its tables on first use

    return getAllLemmas


@functools.lru_cache(maxsize=65536)
def is_verb(word: str) -> bool:
    """Whether ``word`` is the base form of an English verb (lemminflect's lexicon)."""
    return word in _verbs()(word, "VERB").get("VERB", ())


@functools.lru_cache(maxsize=65536)
def word_features(word: str) -> tuple[str, ...]:
    """What the lemma itself says: the word, its derivational suffix, and whether it is a
    verb used as a noun ("order"), a verb's nominalization ("production" of "produce") or its agent ("buyer")."""
    vocab = load()
    feats = [f"lemma={word}"]
    suffix = next((s for s in vocab.derivational_suffixes if word.endswith(s) and len(word) - len(s) >= 3), "-")
    feats.append(f"suffix={suffix}")
    if is_verb(word):
        feats.append("zero_derived_verb")
    elif word in vocab.irregular_nominals or any(
            word.endswith(ending) and len(word) - len(ending) >= 3 and is_verb(word[: len(word) - len(ending)] + verb)
            for ending, verb in vocab.nominal_endings):
        feats.append("nominalization")
    for ending in ("er", "or", "ist", "ant", "ent"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and (is_verb(stem) or is_verb(stem + "e")):
            feats.append("agent_of_verb")
            break
    return tuple(feats)


def features(token) -> list[str]:
    """The features of a noun token in its parsed sentence."""
    word = lemma(token).lower()
    head = token.head
    dep = token.dep_
    feats = ["bias", *word_features(word), f"dep={dep}", f"tag={token.tag_}"]
    if head.i != token.i:
        feats.append(f"head_pos={head.pos_}")
        if head.pos_ in _VERBAL:
            verb = lemma(head).lower()
            feats.append(f"{dep}|verb={verb}")
            vocab = load()
            for name, words in (("light", vocab.light_verbs), ("occurrence", vocab.occurrence_verbs),
                                ("reporting", vocab.reporting_verbs), ("frame", vocab.frame_verbs)):
                if verb in words:
                    feats.append(f"{dep}|{name}_verb")
        elif dep == "pobj":
            feats.append(f"pobj={head.lower_}")
            governor = head.head
            if governor.i != head.i:
                feats.append(f"pobj={head.lower_}|{governor.pos_}")
        elif dep == "compound":
            feats.append(f"compound_of={lemma(head).lower()}")
    if token.i == 0 or token.is_sent_start:
        feats.append("first_word")
    elif token.text[:1].isupper():
        feats.append("capitalized")
    for child in children(token):
        cdep = child.dep_
        if cdep == "det":
            feats.append(f"det={child.lower_}")
        elif cdep == "prep":
            feats.append(f"prep={child.lower_}")
        elif cdep in ("poss", "compound", "amod", "nummod", "acl", "relcl", "npadvmod"):
            feats.append(f"child={cdep}")
            if cdep == "compound" and child.pos_ == "PROPN":
                feats.append("child=compound_name")
    return feats


def vector(token) -> tuple[float, ...]:
    """The context vector the pipeline's tok2vec layer gave the token (what the tagger and the parser read),
    empty when the doc keeps none."""
    return tuple(float(v) for v in _context(token))


@dataclass(frozen=True)
class EventNounModel:
    """Weights of features, weights of the context vector's dimensions, and the probability from which a noun
    is an event."""

    weights: dict[str, float]
    vector_weights: tuple[float, ...] = ()
    threshold: float = 0.5
    spacy_model: str = ""  # the pipeline whose context vectors the vector weights were fitted to

    _vector: numpy.ndarray = field(init=False, repr=False, compare=False)  # vector_weights as an array

    def __post_init__(self):
        object.__setattr__(self, "_vector", numpy.asarray(self.vector_weights, dtype=numpy.float32))

    def probability(self, feats: list[str], context: Sequence[float] = ()) -> float:
        w = self.weights
        score = sum(w.get(f, 0.0) for f in feats)
        if len(context) and len(context) == len(self.vector_weights):
            score += float(numpy.dot(numpy.asarray(context, dtype=numpy.float32), self._vector))
        return 1.0 / (1.0 + math.exp(-max(score, -50.0)))

    def token_probability(self, token) -> float:
        return self.probability(features(token), _context(token))

    def is_event(self, token) -> bool:
        return self.token_probability(token) >= self.threshold

    def to_json(self) -> dict:
        return {"spacy_model": self.spacy_model, "threshold": round(self.threshold, 4),
                "vector": [round(v, 5) for v in self.vector_weights],
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-3}}

    @classmethod
    def from_json(cls, data: dict) -> "EventNounModel":
        weights = {str(k): float(v) for k, v in data["weights"].items() if math.isfinite(float(v))}
        return cls(weights, tuple(float(v) for v in data.get("vector", ())), float(data.get("threshold", 0.5)),
                   str(data.get("spacy_model", "")))


def _context(token):
    """The token's row of the doc's tensor (a numpy array), or () when the doc keeps none."""
    tensor = token.doc.tensor
    if tensor is None or len(tensor.shape) != 2 or tensor.shape[0] != len(token.doc):
        return ()
    return tensor[token.i]


@functools.lru_cache(maxsize=1)
def shipped_model() -> EventNounModel | None:
    """The weights that ship beside this module, or None when there are none."""
    if not WEIGHTS_PATH.exists():
        return None
    return EventNounModel.from_json(json.loads(WEIGHTS_PATH.read_text(encoding="utf-8")))
