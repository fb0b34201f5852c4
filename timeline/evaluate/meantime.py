"""MEANTIME (NewsReader) documents: tokens, markables and relations, read into plain records.

A MEANTIME file holds the tokens of one article (``<token t_id sentence number>``), its ``<Markables>`` (entity
and event mentions, TIMEX3s, entity and event instances, each spanning token ids) and its ``<Relations>``
(REFERS_TO from mentions to the instance they refer to, HAS_PARTICIPANT from an event mention to a participant
with a PropBank role, TLINKs). An instance's ``instance_id`` is shared across documents: it is the cross-document
coreference the entity evaluation scores against.

The text is rebuilt the way the SemEval-2015 task documents are: each sentence's tokens joined by single spaces,
one sentence a line, so every token has a character span.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from timeline.model import Document


class MeantimeFormatError(ValueError):
    """A file that is not a MEANTIME document this reader understands."""


@dataclass(frozen=True)
class Token:
    id: str
    sentence: int
    number: int  # position in the document
    text: str
    start: int  # character span in the rebuilt text
    end: int


@dataclass(frozen=True)
class Markable:
    """A mention (entity, event or TIMEX3) over some tokens, with its attributes as the file gives them."""

    id: str
    tag: str  # ENTITY_MENTION, EVENT_MENTION, TIMEX3, VALUE, SIGNAL, ...
    tokens: tuple[str, ...]
    attrs: dict = field(hash=False, compare=False)

    @property
    def syntactic_type(self) -> str:
        return self.attrs.get("syntactic_type", "")


@dataclass(frozen=True)
class Instance:
    """An entity or event the mentions refer to; ``instance_id`` is the same in every document."""

    id: str  # m_id, local to the document
    tag: str  # ENTITY or EVENT
    instance_id: str
    name: str  # TAG_DESCRIPTOR
    kind: str  # ent_type (PER, ORG, PRO, LOC, FIN, MIX) or the event's class


@dataclass(frozen=True)
class Participation:
    event: str  # an EVENT_MENTION's m_id
    participant: str  # an ENTITY_MENTION's m_id (or another markable's)
    role: str  # PropBank: Arg0, Arg1, Argm-LOC, ...


@dataclass
class MeantimeDocument:
    doc_id: str
    name: str
    dct: dt.date | None
    tokens: list[Token]
    markables: dict[str, Markable]
    instances: dict[str, Instance]
    refers_to: dict[str, str]  # mention m_id -> instance m_id
    participants: list[Participation]
    tlinks: list[tuple[str, str, str]]  # (source m_id, reltype, target m_id)
    url: str | None = None

    @property
    def text(self) -> str:
        lines: dict[int, list[str]] = {}
        for token in self.tokens:
            lines.setdefault(token.sentence, []).append(token.text)
        return "\n".join(" ".join(words) for _, words in sorted(lines.items()))

    def sentence_spans(self) -> list[tuple[int, int]]:
        spans: dict[int, tuple[int, int]] = {}
        for token in self.tokens:
            start, end = spans.get(token.sentence, (token.start, token.end))
            spans[token.sentence] = (min(start, token.start), max(end, token.end))
        return [spans[k] for k in sorted(spans)]

    def span(self, markable: Markable) -> tuple[int, int] | None:
        """The character span of a markable (from its first to its last token), None when it has no token."""
        found = [self._by_id[t] for t in markable.tokens if t in self._by_id]
        if not found:
            return None
        return min(t.start for t in found), max(t.end for t in found)

    def words(self, markable: Markable) -> str:
        return " ".join(self._by_id[t].text for t in markable.tokens if t in self._by_id)

    def instance_of(self, mention_id: str) -> Instance | None:
        target = self.refers_to.get(mention_id)
        return self.instances.get(target) if target is not None else None

    def of_tag(self, tag: str) -> list[Markable]:
        return [m for m in self.markables.values() if m.tag == tag]

    def document(self) -> Document:
        if self.dct is None:
            raise MeantimeFormatError(f"{self.name}: no creation time")
        return Document(id=self.doc_id, text=self.text, dct=self.dct, dct_source="meantime:CREATION_TIME",
                        title=self.name, url=self.url)

    @property
    def _by_id(self) -> dict[str, Token]:
        cached = self.__dict__.get("_token_index")
        if cached is None:
            cached = self.__dict__["_token_index"] = {t.id: t for t in self.tokens}
        return cached


def read_document(path: Path) -> MeantimeDocument:
    """One MEANTIME file."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise MeantimeFormatError(f"{path}: not XML: {exc}") from exc
    if root.tag != "Document":
        raise MeantimeFormatError(f"{path}: the root element is <{root.tag}>, not <Document>")
    raw = [(t.get("t_id", ""), int(t.get("sentence", "0")), int(t.get("number", "0")), t.text or "")
           for t in root.findall("token")]
    raw.sort(key=lambda r: r[2])
    tokens: list[Token] = []
    pos = 0
    previous = None
    for tid, sentence, number, word in raw:
        if previous is not None:
            pos += 1  # a space within a sentence, a line break between them
        tokens.append(Token(tid, sentence, number, word, pos, pos + len(word)))
        pos += len(word)
        previous = sentence
    markables: dict[str, Markable] = {}
    instances: dict[str, Instance] = {}
    dct = None
    listed = root.find("Markables")
    for element in listed if listed is not None else ():
        mid = element.get("m_id", "")
        anchors = tuple(a.get("t_id", "") for a in element.findall("token_anchor"))
        if element.tag in ("ENTITY", "EVENT") and not anchors:
            instances[mid] = Instance(mid, element.tag, element.get("instance_id") or f"{root.get('doc_id')}:{mid}",
                                      element.get("TAG_DESCRIPTOR", ""),
                                      element.get("ent_type") or element.get("class") or "")
            continue
        markables[mid] = Markable(mid, element.tag, anchors, dict(element.attrib))
        if element.tag == "TIMEX3" and element.get("functionInDocument") == "CREATION_TIME":
            value = element.get("value", "")
            try:
                dct = dt.date.fromisoformat(value[:10])
            except ValueError:
                dct = None
    if dct is None:
        dct = _dateline(tokens, markables)
    refers: dict[str, str] = {}
    participants: list[Participation] = []
    tlinks: list[tuple[str, str, str]] = []
    relations = root.find("Relations")
    for element in relations if relations is not None else ():
        sources = [s.get("m_id", "") for s in element.findall("source")]
        target = element.find("target")
        if target is None:
            continue
        tid = target.get("m_id", "")
        if element.tag == "REFERS_TO":
            for source in sources:
                refers[source] = tid
        elif element.tag == "HAS_PARTICIPANT":
            participants.extend(Participation(s, tid, element.get("sem_role", "")) for s in sources)
        elif element.tag == "TLINK":
            tlinks.extend((s, element.get("reltype", ""), tid) for s in sources)
    return MeantimeDocument(root.get("doc_id", path.stem.split("_")[0]), root.get("doc_name", path.stem), dct, tokens,
                            markables, instances, refers, participants, tlinks, root.get("url"))


def _dateline(tokens: list[Token], markables: dict[str, Markable]) -> dt.date | None:
    """The date of a TIMEX3 that is a whole sentence of its own (a news article's date line), for the few
    files whose creation time is not marked as such."""
    sentence_of = {t.id: t.sentence for t in tokens}
    sizes: dict[int | None, int] = {}
    for token in tokens:
        sizes[token.sentence] = sizes.get(token.sentence, 0) + 1
    for markable in sorted(markables.values(), key=lambda m: int(m.id) if m.id.isdigit() else 0):
        if markable.tag != "TIMEX3" or not markable.tokens:
            continue
        sentences = {sentence_of.get(t) for t in markable.tokens}
        if len(sentences) == 1 and sizes.get(next(iter(sentences)), -1) == len(markable.tokens):
            try:
                return dt.date.fromisoformat(markable.attrs.get("value", "")[:10])
            except ValueError:
                continue
    return None


def read_corpus(directory: Path) -> list[MeantimeDocument]:
    """Every ``*.xml`` document of a MEANTIME topic directory, in name order."""
    return [read_document(path) for path in sorted(directory.glob("*.xml"))]
