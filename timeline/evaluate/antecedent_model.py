"""The learned choice of what a definite description or a pronoun refers back to, off the production path: each
candidate the resolver offers (:mod:`timeline.entities.antecedents`) is described by a few named features, and
a linear model over them picks one, or none when "no antecedent" scores higher.

The weights (``antecedents.json`` beside this module) are written by ``timeline train coref``
(:mod:`timeline.evaluate.coref_training`, trained on MEANTIME's Apple and Airbus topics); the file says which
forms the model decides. Held out across the two topics the model did not beat the rules (README, "Who takes
part"), so the pipeline resolves with the rules alone and never imports this module; ``timeline eval entities``
and ``timeline eval semeval2015`` score with a weights file given as ``--antecedents``.

Scoring needs no library: a weight per feature name, summed.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path

from timeline.entities.antecedents import Candidate, Decision
from timeline.entities.names import designator

WEIGHTS_PATH = Path(__file__).with_name("antecedents.json")


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
    flags = {
        "rule": candidate.entity.id == decision.rule,
        "last_subject": candidate.last_subject,
        "subject": candidate.subject,
        "first_subject_before": candidate.first_subject_before,
        "governs": candidate.governs,
        "place_name": candidate.place,
        "person_like": candidate.person_like,
        f"model_number>{decision.kind}": designator(entity.name) is not None,
        "first_entity": entity.id == 0,
        "both_subjects": decision.subject and candidate.last_subject,
    }
    out.update((name, 1.0) for name, on in flags.items() if on)
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


@functools.lru_cache(maxsize=1)
def shipped_model() -> LinearModel | None:
    """The model whose weights ship beside this module, None without the file."""
    return read_model(WEIGHTS_PATH) if WEIGHTS_PATH.is_file() else None
