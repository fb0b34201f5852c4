"""Train the choice model of :mod:`timeline.evaluate.choice_model` on TimeML corpora, and measure it honestly.

Training examples come from running the rules over the gold documents: at every choice point the rules
propose readings; where the candidate overlaps a gold TIMEX3 (the scorer's relaxed match), each reading is
right if its value equals the gold value as the scorer normalizes it; a candidate that overlaps no gold
expression makes "not a timex" the right reading. A log-linear model over the readings' features is fit by
gradient descent (numpy), the probability of the right readings maximized with an L2 penalty.

:func:`cross_validate` trains inside each fold of documents (a fixed seed) and scores the held-out fold,
against the rules alone on the same documents; :func:`cross_corpus` trains on one corpus and scores
another. The shipped weights (``timeline train``) are never used there.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np

from timeline.analysis import Analysis
from timeline.evaluate.tempeval3 import Counts, corpus_files, normalize_value, read_gold, score_document
from timeline.model import Timex
from timeline.evaluate.choice_model import ChoiceModel, learned_chooser, reading_features, recording_chooser
from timeline.timex.extractor import extract

SEED = 13
L2 = 0.01  # the penalty that did best in cross-validation (0.0003, 0.003, 0.01 and 0.03 tried)
ITERATIONS = 400
LEARNING_RATE = 0.05


@dataclass
class Example:
    """One choice point: the features of each reading and which readings are right."""

    readings: list[list[str]]
    right: list[bool]


@dataclass
class GoldDocument:
    corpus: str
    name: str
    text: str
    dct: dt.date
    gold: list
    examples: list[Example] = field(default_factory=list)
    rules_timexes: list[Timex] = field(default_factory=list)


def load_documents(paths: Iterable[Path]) -> list[GoldDocument]:
    docs = []
    for path in paths:
        corpus = Path(path).name or str(path)
        for f in corpus_files(Path(path)):
            doc = read_gold(f)
            if doc is not None:
                docs.append(GoldDocument(corpus, f.name, doc.text, doc.dct, doc.gold))
    return docs


def _overlapping(gold: list, start: int, end: int):
    best, size = None, 0
    for g in gold:
        overlap = min(g.end, end) - max(g.start, start)
        if overlap > size:
            best, size = g, overlap
    return best


def collect(doc: GoldDocument, nlp, packs: tuple[str, ...] | None = None) -> None:
    """Run the rules alone over a gold document: its timexes, and a labelled example per choice point."""
    doc.examples = []

    def record(features, options, cand, mention):
        g = _overlapping(doc.gold, cand.start, cand.end)
        if g is None:
            right = [o.resolved is None for o in options]
        else:
            gold_value = normalize_value(g.value)
            right = [o.resolved is not None and normalize_value(o.resolved.value) == gold_value for o in options]
            if not any(right):  # a timex all the same, whose value no reading has
                right = [o.resolved is not None for o in options]
        if any(right) and not all(right):
            doc.examples.append(Example([reading_features(o, features, doc.dct, mention) for o in options], right))

    doc.rules_timexes = extract(Analysis(doc.text, nlp), doc.dct, packs, recording_chooser(record))[0]


def train(examples: Sequence[Example], l2: float = L2, iterations: int = ITERATIONS,
          learning_rate: float = LEARNING_RATE) -> ChoiceModel:
    """A log-linear model over the readings of each example: softmax within an example, the log of the
    probability of its right readings maximized (mean over examples) with an L2 penalty, by Adam."""
    if not examples:
        return ChoiceModel({})
    index: dict[str, int] = {}
    reading_of_entry, feature_of_entry, example_of_reading, right = [], [], [], []
    starts = []
    r = 0
    for e, example in enumerate(examples):
        starts.append(r)
        for feats, ok in zip(example.readings, example.right):
            for f in set(feats):
                reading_of_entry.append(r)
                feature_of_entry.append(index.setdefault(f, len(index)))
            example_of_reading.append(e)
            right.append(ok)
            r += 1
    rid = np.asarray(reading_of_entry)
    fid = np.asarray(feature_of_entry)
    ex = np.asarray(example_of_reading)
    pos = np.asarray(right, dtype=float)
    starts_a = np.asarray(starts)
    n_examples = len(examples)
    w = np.zeros(len(index))
    m1 = np.zeros_like(w)
    m2 = np.zeros_like(w)
    for t in range(1, iterations + 1):
        s = np.bincount(rid, weights=w[fid], minlength=r)
        top = np.maximum.reduceat(s, starts_a)
        e = np.exp(s - top[ex])
        z = np.add.reduceat(e, starts_a)
        ep = e * pos
        zp = np.add.reduceat(ep, starts_a)
        p = e / z[ex]
        q = ep / zp[ex]
        g_reading = (p - q) / n_examples
        grad = np.bincount(fid, weights=g_reading[rid], minlength=len(w)) + 2 * l2 * w
        m1 = 0.9 * m1 + 0.1 * grad
        m2 = 0.999 * m2 + 0.001 * grad * grad
        w -= learning_rate * (m1 / (1 - 0.9 ** t)) / (np.sqrt(m2 / (1 - 0.999 ** t)) + 1e-8)
    names = list(index)
    return ChoiceModel({names[i]: float(w[i]) for i in range(len(w)) if abs(w[i]) >= 1e-4})


def score(docs: Iterable[GoldDocument], timexes_of: Callable[[GoldDocument], list[Timex]]) -> dict[str, Counts]:
    """TempEval-3 counts per corpus, with "overall"."""
    out: dict[str, Counts] = {}
    for doc in docs:
        counts = score_document(doc.name, doc.text, doc.gold, timexes_of(doc)).counts
        out.setdefault(doc.corpus, Counts()).add(counts)
        out.setdefault("overall", Counts()).add(counts)
    return out


def folds(docs: Sequence[GoldDocument], k: int, seed: int = SEED) -> list[list[GoldDocument]]:
    """``k`` folds of whole documents, shuffled with a fixed seed."""
    order = sorted(docs, key=lambda d: (d.corpus, d.name))
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def learned_timexes(doc: GoldDocument, nlp, model: ChoiceModel, packs: tuple[str, ...] | None = None) -> list[Timex]:
    return extract(Analysis(doc.text, nlp), doc.dct, packs, learned_chooser(model))[0]


@dataclass
class Comparison:
    name: str
    rules: dict[str, Counts]
    learned: dict[str, Counts]


def cross_validate(docs: Sequence[GoldDocument], nlp, k: int, packs: tuple[str, ...] | None = None,
                   progress: Callable[[str], None] = lambda message: None) -> tuple[list[Comparison], Comparison]:
    """Per-fold and pooled comparisons, each fold's model trained on the other folds only."""
    per_fold = []
    pooled_rules: dict[str, Counts] = {}
    pooled_learned: dict[str, Counts] = {}
    for i, held_out in enumerate(folds(docs, k)):
        held = {id(d) for d in held_out}
        model = train([e for d in docs if id(d) not in held for e in d.examples])
        progress(f"fold {i + 1}/{k}: trained on {len(docs) - len(held_out)} documents")
        rules = score(held_out, lambda d: d.rules_timexes)
        learned = score(held_out, lambda d: learned_timexes(d, nlp, model, packs))  # noqa: B023 - called within this iteration
        per_fold.append(Comparison(f"fold {i + 1}", rules, learned))
        for target, source in ((pooled_rules, rules), (pooled_learned, learned)):
            for name, counts in source.items():
                target.setdefault(name, Counts()).add(counts)
    return per_fold, Comparison("pooled", pooled_rules, pooled_learned)


def cross_corpus(docs: Sequence[GoldDocument], nlp, train_on: str, test_on: str,
                 packs: tuple[str, ...] | None = None) -> Comparison:
    model = train([e for d in docs if d.corpus == train_on for e in d.examples])
    test = [d for d in docs if d.corpus == test_on]
    return Comparison(f"{train_on} -> {test_on}", score(test, lambda d: d.rules_timexes),
                      score(test, lambda d: learned_timexes(d, nlp, model, packs)))


def format_comparisons(rows: Iterable[Comparison]) -> str:
    header = f"{'':<22}{'corpus':<10}{'docs':>5}{'gold':>6}  {'rules value F1':>15}{'learned value F1':>18}{'Δ':>8}"
    lines = [header, "-" * len(header)]
    for row in rows:
        for name in sorted(row.rules, key=lambda n: (n == "overall", n)):
            r, l = row.rules[name].scores()["value_f1"], row.learned[name].scores()["value_f1"]
            c = row.rules[name]
            lines.append(f"{row.name:<22}{name:<10}{c.documents:>5}{c.gold:>6}  {r:>15.3f}{l:>18.3f}{l - r:>+8.3f}")
    return "\n".join(lines)
