"""What the resolver (coref.py) offers a learned choice of what a definite description or a pronoun refers back
to: the word (``Decision``: the kind and class it asks for, where it stands) and its candidates, each entity
mentioned before it within the rules' reach with how the article mentioned it so far (``Candidate``), and the
rules' own pick among them. Whoever is handed to the resolver as ``antecedents`` (``Antecedents``) decides the
forms it names; the rules decide the rest, and all of them by default.

The learned model itself, its features and its weights live with the evaluation
(:mod:`timeline.evaluate.antecedent_model`): held out across MEANTIME's topics it did not beat the rules, so
extraction never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class Named(Protocol):
    """What the features read of an entity (coref.Entity has it)."""

    id: int
    name: str
    names: list[str]
    kind: str | None
    classes: set[str]
    mentions: int


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


class Antecedents(Protocol):
    """Who picks what a description or pronoun refers back to, for the forms it ``decides``: a learned model
    (:class:`timeline.evaluate.antecedent_model.LinearModel`), or a recorder of the choices for training."""

    def decides(self, form: str) -> bool: ...

    def choose(self, decision: Decision) -> int | None: ...
