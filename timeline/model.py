"""The domain types every part of the product passes around: documents and the timexes found in them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable

from timeline.calendar import Point, parse_value


@dataclass(frozen=True, slots=True)
class Image:
    """An article's picture: where it is (an absolute http(s) URL), its words for who cannot see it (alt), and
    whom it is credited to. Read from front matter, a feed entry's media or enclosure, or a page's lead image."""

    src: str
    alt: str = ""
    credit: str | None = None

    def to_json(self) -> dict:
        return {"src": self.src, "alt": self.alt, "credit": self.credit}

    @staticmethod
    def from_json(data) -> "Image | None":
        if not isinstance(data, dict) or not isinstance(data.get("src"), str):
            return None
        return Image(data["src"], str(data.get("alt") or ""), data.get("credit") if isinstance(data.get("credit"), str) else None)


@dataclass(frozen=True, slots=True)
class Document:
    """An article ready for extraction.

    ``dct`` is the document creation time (publication date) that relative expressions
    are anchored to; ``dct_source`` says where it came from ("front-matter", "sidecar",
    "json:published", "timeml:DCT", "cli", "fallback", ...), so a user can see why.

    The fields are listed here once: the JSON codec, the summary a timeline cites, the store's rows and what
    a refresh compares to see whether an article changed are all made from them, in this order (``text``
    aside). A new field of the feed is one more field here, read by its loader.
    """

    id: str
    text: str
    title: str | None = field(default=None, kw_only=True)
    url: str | None = field(default=None, kw_only=True)
    source_name: str | None = field(default=None, kw_only=True)
    dct: dt.date
    dct_source: str
    dct_time: str | None = field(default=None, kw_only=True)  # "HH:MM" when the source gives a time of day
    path: str | None = field(default=None, kw_only=True)
    image: Image | None = field(default=None, kw_only=True)  # the article's picture, when it has one

    @staticmethod
    def make_id(path_or_name: str, text: str) -> str:
        """A stable id from where the document came from and its text."""
        digest = hashlib.sha1(f"{path_or_name}\0{text}".encode("utf-8")).hexdigest()
        return digest[:16]

    def to_json(self, *, text: bool = False) -> dict:
        """The document's fields (its text last, when asked)."""
        out = {f.name: _DOCUMENT_CODEC.get(f.name, (_same, _same))[0](getattr(self, f.name))
               for f in dataclasses.fields(self) if f.name != "text"}
        if text:
            out["text"] = self.text
        return out

    def summary_json(self) -> dict:
        """What a timeline says of a document it cites: every field but the text and the path on the reader's
        disk."""
        out = self.to_json()
        del out["path"]
        return out

    def identity(self) -> str:
        """What the article says, as one text: every field but where it is kept and under which id (the store
        decides those). Two readings of a file with the same identity need no new extraction; a change of any
        field, now or added later, is a change."""
        content = self.to_json(text=True)
        for name in PLACEMENT:
            content.pop(name, None)
        return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @staticmethod
    def from_json(data: dict) -> "Document":
        """The inverse of ``to_json`` and ``summary_json`` (a summary gives a document without text)."""
        values = {}
        for f in dataclasses.fields(Document):
            if f.name in data:
                values[f.name] = _DOCUMENT_CODEC.get(f.name, (_same, _same))[1](data[f.name])
        values.setdefault("text", "")
        values.setdefault("dct_source", "")
        return Document(**values)


def _same(value):
    return value


# (to JSON, from JSON) of the fields that are not JSON values themselves
_Codec = tuple[Callable[[Any], Any], Callable[[Any], Any]]
_DOCUMENT_CODEC: dict[str, _Codec] = {"dct": (dt.date.isoformat, lambda text: dt.date.fromisoformat(text[:10])),
                   "image": (lambda image: image.to_json() if image else None, Image.from_json)}
# where a document is kept and under which id: decided by whoever stores it, not said by the article
PLACEMENT = ("id", "path")


@dataclass(frozen=True, slots=True)
class Anchor:
    """How a timex got its value: the kind of reference and the reference date used.

    kind: "absolute" (fully given in the text), "dct" (relative to the document date),
    "previous" (anaphoric: relative to the last date the text mentioned), or "none"
    (durations, sets and vague references, which need no anchor).
    """

    kind: str
    reference: str | None = None
    rule: str = ""
    direction: str | None = None  # "past" / "future" / "present" when tense chose the date

    def to_json(self) -> dict:
        out = {"kind": self.kind, "reference": self.reference, "rule": self.rule}
        if self.direction:
            out["direction"] = self.direction
        return out

    @staticmethod
    def from_json(data: dict) -> "Anchor":
        return Anchor(data["kind"], data.get("reference"), data.get("rule", ""), data.get("direction"))


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression found in a text, normalized to TIMEX3.

    >>> Timex("t1", "early February", 10, 24, "DATE", "2022-02", "START", Anchor("dct", "2022-09-15"))
    """

    id: str
    text: str
    start: int
    end: int
    type: str  # DATE, TIME, DURATION, SET
    value: str
    mod: str | None
    anchor: Anchor
    quant: str | None = None  # SET: EVERY / EACH
    freq: str | None = None  # SET: e.g. 2X
    point: str | None = None  # a DURATION counted from a date ("three days later"): the date it reaches
    # the calendar point resolution found: the date a DATE or TIME denotes, or the one a counted DURATION
    # reaches; what later layers read (they never parse the TIMEX3 value back)
    date: Point | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict:
        out = {
            "id": self.id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "value": self.value,
            "mod": self.mod,
            "anchor": self.anchor.to_json(),
        }
        if self.quant:
            out["quant"] = self.quant
        if self.freq:
            out["freq"] = self.freq
        if self.point:
            out["point"] = self.point
        return out

    @staticmethod
    def from_json(data: dict) -> "Timex":
        """The inverse of ``to_json``: the calendar point is read back from the value (or the point reached)."""
        reached = data.get("point")
        date = None
        if reached or data["type"] in ("DATE", "TIME"):
            found = parse_value(reached or data["value"])
            date = found if found is not None and found.resolved else None
        return Timex(data["id"], data["text"], data["start"], data["end"], data["type"], data["value"],
                     data.get("mod"), Anchor.from_json(data["anchor"]), data.get("quant"), data.get("freq"),
                     reached, date)


@dataclass(frozen=True, slots=True)
class Participant:
    """A person, organisation, product or place taking part in an event, by its longest in-document name, with
    the other names the article used for it ("Doe", "SCO"), and the entity it is: in one document's events the
    key of that document's entity (``DocumentEntity.key``), in an assembled timeline the registry's id."""

    name: str
    label: str  # PERSON, ORG, GPE, PRODUCT, or NAME when the article does not say what kind of entity it is
    aliases: tuple[str, ...] = ()
    entity: str | None = None

    def to_json(self) -> dict:
        out = {"name": self.name, "label": self.label, "aliases": list(self.aliases)}
        if self.entity is not None:
            out["entity"] = self.entity
        return out

    @staticmethod
    def from_json(data: dict) -> "Participant":
        return Participant(data["name"], data["label"], tuple(data.get("aliases", ())), data.get("entity"))


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One place an article names or refers to an entity: its text and offsets, its form (name, description,
    pronoun, relative) and why it was taken for the entity ("" for the entity's own name)."""

    text: str
    start: int
    end: int
    form: str
    why: str = ""

    def to_json(self) -> dict:
        out = {"text": self.text, "start": self.start, "end": self.end, "form": self.form}
        if self.why:
            out["why"] = self.why
        return out

    @staticmethod
    def from_json(data: dict) -> "EntityMention":
        return EntityMention(data["text"], data["start"], data["end"], data["form"], data.get("why", ""))


@dataclass(frozen=True, slots=True)
class DocumentEntity:
    """An entity as one article knows it: its longest name there, the other names it used (with why each stands
    for it), its kind, what the article called it ("airliner", "carmaker"), the acronyms it gave for it, and
    where it is mentioned. The registry links these across articles."""

    key: str  # unique within the document: "e1", "e2", ...
    name: str
    kind: str | None  # person, org, index, product, place; None when the article does not say
    names: tuple[str, ...] = ()  # every name the article uses for it (the longest first)
    why: tuple[tuple[str, str], ...] = ()  # (name, why it stands for this entity)
    classes: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    mentions: tuple[EntityMention, ...] = ()

    def to_json(self) -> dict:
        return {"key": self.key, "name": self.name, "kind": self.kind, "names": list(self.names),
                "why": [list(pair) for pair in self.why], "classes": list(self.classes),
                "acronyms": list(self.acronyms), "mentions": [m.to_json() for m in self.mentions]}

    @staticmethod
    def from_json(data: dict) -> "DocumentEntity":
        return DocumentEntity(data["key"], data["name"], data.get("kind"), tuple(data.get("names", ())),
                              tuple((a, b) for a, b in data.get("why", ())), tuple(data.get("classes", ())),
                              tuple(data.get("acronyms", ())),
                              tuple(EntityMention.from_json(m) for m in data.get("mentions", ())))


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an event happened, as an interval on the axis, with the reason it was chosen.

    status: "dated" (on the axis), "vague" (PAST_REF and the like, or "since 2020": kept apart),
    "undated" (no date of its own: kept apart). ``start``/``end`` are ISO datetimes of the
    half-open interval [start, end); a modifier narrows it ("early February" → Feb 1–11).
    """

    value: str
    mod: str | None
    type: str
    granularity: str | None
    start: str | None
    end: str | None
    label: str
    scheduled: bool
    status: str
    relation: str = "on"  # how the event relates to the date: on, since, until, before, after, by
    why: dict = field(default_factory=dict, compare=False)
    point: Point | None = field(default=None, compare=False, repr=False)  # the calendar point of ``value``

    def to_json(self) -> dict:
        return {
            "value": self.value,
            "mod": self.mod,
            "type": self.type,
            "granularity": self.granularity,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "scheduled": self.scheduled,
            "status": self.status,
            "relation": self.relation,
            "why": self.why,
        }

    @staticmethod
    def from_json(data: dict) -> "EventDate":
        """The inverse of ``to_json``: the calendar point is read back from the value."""
        point = parse_value(data["value"]) if data.get("start") else None
        return EventDate(data["value"], data.get("mod"), data["type"], data.get("granularity"), data.get("start"),
                         data.get("end"), data["label"], data["scheduled"], data["status"], data.get("relation", "on"),
                         data.get("why") or {}, point if point is not None and point.resolved else None)


@dataclass(frozen=True, slots=True)
class Source:
    """Where an event was read: the document, the sentence, and the offsets of trigger and timex."""

    document_id: str
    title: str | None
    url: str | None
    dct: str
    sentence: str
    sentence_start: int
    sentence_end: int
    trigger_text: str
    trigger_start: int
    trigger_end: int
    timex_text: str | None = None
    timex_start: int | None = None
    timex_end: int | None = None
    timex_value: str | None = None
    source_name: str | None = None
    trigger_phrase: str | None = None  # a phrasal verb's head word and particles ("showed off"); None when one word
    image: Image | None = None  # the document's picture

    def to_json(self) -> dict:
        trigger = {"text": self.trigger_text, "start": self.trigger_start, "end": self.trigger_end}
        if self.trigger_phrase:
            trigger["phrase"] = self.trigger_phrase
        return {
            "document_id": self.document_id,
            "title": self.title,
            "url": self.url,
            "source_name": self.source_name,
            "dct": self.dct,
            "sentence": self.sentence,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "trigger": trigger,
            "timex": None
            if self.timex_text is None
            else {"text": self.timex_text, "start": self.timex_start, "end": self.timex_end, "value": self.timex_value},
            **({"image": self.image.to_json()} if self.image else {}),
        }

    @staticmethod
    def from_json(data: dict) -> "Source":
        timex = data.get("timex") or {}
        return Source(
            data["document_id"], data.get("title"), data.get("url"), data["dct"], data["sentence"],
            data["sentence_start"], data["sentence_end"], data["trigger"]["text"], data["trigger"]["start"],
            data["trigger"]["end"], timex.get("text"), timex.get("start"), timex.get("end"), timex.get("value"),
            data.get("source_name"), data["trigger"].get("phrase"), Image.from_json(data.get("image")),
        )


@dataclass(slots=True)
class Event:
    """A dated statement: what happened (trigger, headline), who took part, when, and where it was read."""

    id: str
    trigger: str
    lemma: str
    headline: str
    sentence: str
    participants: list[Participant]
    date: EventDate
    sources: list[Source]
    inferred: bool = False  # dated from its context (date.why.rule says how), not by a timex of its own
    # tense and aspect of its verb group: past, past-perfect, present, present-perfect, future, conditional;
    # None for nouns and untensed verbs. Orders events within one date (past perfect first).
    tense: str | None = None
    # what its trigger is: "verb", "noun" (an event noun), "state" (a predicative adjective) or "modifier" (a
    # participle describing a noun: "growing isolation", "the ruling party")
    kind: str = "verb"

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "headline": self.headline,
            "trigger": self.trigger,
            "lemma": self.lemma,
            "sentence": self.sentence,
            "participants": [p.to_json() for p in self.participants],
            "date": self.date.to_json(),
            "inferred": self.inferred,
            "tense": self.tense,
            "kind": self.kind,
            "sources": [s.to_json() for s in self.sources],
        }

    @staticmethod
    def from_json(data: dict) -> "Event":
        return Event(
            data["id"], data["trigger"], data["lemma"], data["headline"], data["sentence"],
            [Participant.from_json(p) for p in data["participants"]], EventDate.from_json(data["date"]),
            [Source.from_json(s) for s in data["sources"]], data.get("inferred", False), data.get("tense"),
            data.get("kind", "verb"),
        )
