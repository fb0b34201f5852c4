"""Every rule module's corpus, as one table: each example is read with its value, no counter-example's marked
words are read, and every registered rule (the core grammar's and each pack's) reads at least one example.

The corpora live in the modules (``CORPUS``, see timeline.timex.rules.base.corpus), beside the rules they
exercise, as Duckling keeps a corpus and a negative corpus beside each dimension's rules; the sentences are
written for them."""

from __future__ import annotations

import importlib

import pytest

from timeline import plugins
from timeline.language import language
from timeline.timex.extractor import extract_timexes
from timeline.timex.rules import pack_module, rules_for
from timeline.timex.rules.base import Corpus, Example

PACKS = plugins.names(plugins.TIMEX_PACKS)
MODULES = [(m, None) for m in language().rule_modules] + [(pack_module(p).__name__, p) for p in PACKS]


def _corpus(module: str) -> Corpus:
    found = getattr(importlib.import_module(module), "CORPUS", None)
    assert isinstance(found, Corpus), f"{module} carries no CORPUS"
    return found


CASES = [(m, pack, e) for m, pack in MODULES for e in _corpus(m).examples]
COUNTER = [(m, pack, e) for m, pack in MODULES for e in _corpus(m).counter]
_READ: dict[tuple[Example, str | None], list] = {}  # each sentence is read once, whichever test asks first


def _read(nlp, example: Example, pack: str | None):
    # a pack's examples are read with that pack alone; the core's with no pack, so that a core rule is never
    # credited with what a pack reads
    key = (example, pack)
    if key not in _READ:
        _READ[key] = extract_timexes(example.text, example.dct, nlp=nlp, packs=(pack,) if pack else ())
    return _READ[key]


@pytest.mark.parametrize("module,pack,example", CASES, ids=[f"{m.rsplit('.', 1)[-1]}: {e.marked}" for m, _, e in CASES])
def test_an_example_is_read_with_its_value(nlp, module, pack, example):
    start, end = example.span
    found = _read(nlp, example, pack)
    at = [t for t in found if (t.start, t.end) == (start, end)]
    assert at, f"{example.text[start:end]!r} not read; read: {[(t.text, t.value) for t in found]}"
    (timex,) = at
    assert (timex.value, timex.mod) == (example.value, example.mod), timex


@pytest.mark.parametrize("module,pack,example", COUNTER, ids=[f"{m.rsplit('.', 1)[-1]}: {e.marked}" for m, _, e in COUNTER])
def test_a_counter_example_is_not_read(nlp, module, pack, example):
    start, end = example.span
    found = [t for t in _read(nlp, example, pack) if t.start < end and t.end > start]
    assert not found, [(t.text, t.value, t.anchor.rule) for t in found]


def test_every_module_has_examples_and_counter_examples():
    for module, _ in MODULES:
        corpus = _corpus(module)
        assert corpus.examples and corpus.counter, module


def test_every_registered_rule_reads_an_example(nlp):
    """The rule that read each example's marked expression: every registered rule is one of them, so none is
    dead weight (shadowed by another everywhere, or never matching)."""
    fired: set[str] = set()
    for _, pack, example in CASES:
        start, end = example.span
        fired.update(t.anchor.rule.split("+")[0] for t in _read(nlp, example, pack) if (t.start, t.end) == (start, end))
    registered = {r.name for r in rules_for(PACKS)}
    assert not registered - fired, f"rules that read none of the examples: {sorted(registered - fired)}"
