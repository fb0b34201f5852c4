"""The learned choice of what a definite description or a pronoun refers back to: each entity mentioned before
it within the rules' reach is a candidate, described by a few features, and a linear model over them picks one.

A choice (``Decision``) is what the resolver (coref.py) knows when it reaches "the company" or "it": the kind and
class the word asks for, where it stands, and the candidates, each with what the article said of it so far
(its kind and classes, its names, how many times and how lately it was mentioned, whether as a subject) and
whether the rules would pick it. ``features`` turns a candidate into named values; ``LinearModel`` scores them
with the weights of the language bundle's ``antecedents`` file (JSON, written by ``timeline train coref``:
:mod:`timeline.evaluate.coref_training`) and picks the best candidate, or none when no candidate's probability
reaches the model's threshold. The weights file says which forms the model decides (``"forms"``); the rules
decide the others, and all of them where the file decides none.

Scoring needs no library: a weight per feature name, summed.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from timeline.entities.names import designator
from timeline.language import DEFAULT_LANGUAGE, LanguageError, language


class Named(Protocol):
    """What the features read of an entity (coref.Entity has it)."""

    id: int
    name: str
    names: list[str]
    kind: str | None
    classes: set[str]


@dataclass
class Candidate:
    """An entity mentioned before the description or pronoun, and how the article mentioned it so far."""

    entity: Named
    distance: int = 0  # sentences back to its last mention
    count: int = 0  # its mentions within reach
    total: int = 0  # its mentions in the article so far
    last_subject: bool = False  # its last mention is a subject
    subject: bool = False  # some mention within reach is a subject
    last_form: str = "name"  # name, description, pronoun, relative
    order: int = 0  # the position of its last mention in the article (a larger number: later)
    salience: float = 0.0  # the rules' weighing: mentions halving with each sentence back, subjects 1.5x
    first_subject_before: bool = False  # the first subject of the sentence just before (a pronoun's favourite)
    governs: bool = False  # the subject of a verb the word depends on ("Acme said its ...", "Acme, which ... its")
    place: bool = False  # a name the article uses as a place ("in Seattle")
    person_like: bool = False  # an untyped name of two or three capitalised words ("Tim Cook")
    rank: int = 0  # 0 for the candidate mentioned last, 1 for the one before, ...
    salience_rank: int = 0  # 0 for the candidate the mentions weigh most


@dataclass
class Decision:
    """One description or pronoun to resolve, and its candidates."""

    form: str  # "description" or "pronoun"
    kind: str  # what the word asks for: org, product, index, place (descriptions); thing, plural (pronouns)
    cls: str  # a description's class ("aircraft", "carmaker"); the kind itself when the word names no class
    word: str  # the description's noun (lemma) or the pronoun, lower case
    plural: bool
    subject: bool  # the description or pronoun is itself a subject
    modified: bool  # a description with a capitalised modifier ("the US carmaker", "the European planemaker")
    sentence: int = 0  # where the word is: its sentence's index in the article, its token's in the sentence
    token: int = 0
    candidates: list[Candidate] = field(default_factory=list)
    rule: int | None = None  # the entity id the rules pick, None when they pick none


Chooser = Callable[[Decision], "int | None"]  # a decision -> the entity id it refers to, or None


def _bucket(value: int, top: int) -> str:
    return str(value) if value < top else f"{top}+"


def features(decision: Decision, candidate: Candidate) -> dict[str, float]:
    """The named values that describe ``candidate`` as what ``decision`` refers to."""
    entity = candidate.entity
    kind = entity.kind or "none"
    out = {
        f"kind:{decision.kind}>{kind}": 1.0,
        f"distance:{_bucket(candidate.distance, 3)}": 1.0,
        f"rank:{_bucket(candidate.rank, 3)}": 1.0,
        f"salience_rank:{_bucket(candidate.salience_rank, 2)}": 1.0,
        f"last_form:{candidate.last_form}": 1.0,
        "count": math.log1p(candidate.count),
        "total": math.log1p(candidate.total),
        "salience": math.log1p(candidate.salience),
    }
    if candidate.entity.id == decision.rule:
        out["rule"] = 1.0
    if candidate.last_subject:
        out["last_subject"] = 1.0
    if candidate.subject:
        out["subject"] = 1.0
    if candidate.first_subject_before:
        out["first_subject_before"] = 1.0
    if candidate.governs:
        out["governs"] = 1.0
    if candidate.place:
        out["place_name"] = 1.0
    if candidate.person_like:
        out["person_like"] = 1.0
    if designator(entity.name) is not None:
        out[f"model_number>{decision.kind}"] = 1.0
    if entity.id == 0:
        out["first_entity"] = 1.0
    if decision.subject and candidate.last_subject:
        out["both_subjects"] = 1.0
    if decision.form == "description":
        if decision.cls != decision.kind:
            out["class:" + ("match" if decision.cls in entity.classes else "other" if entity.classes else "unknown")] = 1.0
        words = entity.name.lower().split()
        if len(words) > 1 and words[-1] in (decision.word, decision.word + "s"):
            out["repeats_last_word"] = 1.0
        elif any(decision.word in n.lower().split() for n in entity.names):
            out["word_in_name"] = 1.0
        if decision.modified:
            out[f"modified>{kind}"] = 1.0
        if decision.plural:
            out[f"plural>{kind}"] = 1.0
    return out


def null_features(decision: Decision) -> dict[str, float]:
    """The named values that describe "no antecedent" for ``decision`` (a word that refers to nothing the
    article named, or to several things at once: "the two companies")."""
    out = {"null": 1.0, f"null:{decision.kind}": 1.0, "null:candidates": math.log1p(len(decision.candidates))}
    if decision.rule is None:
        out["null:rules_none"] = 1.0
    if decision.plural:
        out["null:plural"] = 1.0
    if decision.modified:
        out["null:modified"] = 1.0
    if decision.subject:
        out["null:subject"] = 1.0
    return out


def scored(weights: dict[str, float], form: str, values: dict[str, float]) -> float:
    prefix = form + "|"
    return sum(weights.get(prefix + name, 0.0) * value for name, value in values.items())


def best_of(scores: list[float], null: float) -> int | None:
    """The index of the highest score (the first on a tie: the candidate mentioned last), None when "no
    antecedent" scores higher than every candidate."""
    best = None
    for k, score in enumerate(scores):
        if best is None or score > scores[best]:
            best = k
    return best if best is not None and scores[best] >= null else None


@dataclass
class LinearModel:
    """Weights over feature names (each written ``form|name``), and the forms the model decides."""

    weights: dict[str, float]
    forms: tuple[str, ...] = ()

    def choose(self, decision: Decision) -> int | None:
        """The entity id of the candidate that scores highest, None when "no antecedent" scores higher."""
        weights, form = self.weights, decision.form
        scores = [scored(weights, form, features(decision, c)) for c in decision.candidates]
        best = best_of(scores, scored(weights, form, null_features(decision)))
        return decision.candidates[best].entity.id if best is not None else None

    def decides(self, form: str) -> bool:
        return form in self.forms

    def to_json(self) -> dict:
        return {"forms": list(self.forms),
                "weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if round(v, 5)}}

    @classmethod
    def from_json(cls, raw: dict) -> "LinearModel":
        return cls({str(k): float(v) for k, v in raw.get("weights", {}).items()},
                   tuple(str(f) for f in raw.get("forms", ())))


def read_model(path: Path) -> LinearModel:
    with path.open(encoding="utf-8") as handle:
        return LinearModel.from_json(json.load(handle))


@functools.lru_cache(maxsize=4)
def shipped_model(name: str = DEFAULT_LANGUAGE) -> LinearModel | None:
    """The model the language bundle ships (its ``antecedents`` file), None when it ships none or the model
    decides no form."""
    try:
        path = language(name).file("antecedents")
    except LanguageError:
        return None
    if not path.is_file():
        return None
    model = read_model(path)
    return model if model.forms else None
