"""TimeML documents as sources: the DCT, the tag-stripped TEXT, and the gold TIMEX3 annotations with their
offsets in that text (what the TempEval-3 scorer compares against)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from timeline.model import Document
from timeline.sources.dates import publication_date
from timeline.sources.entry import SourceError

_TAG = re.compile(r"<(/?)([A-Za-z_][\w.-]*)([^>]*?)(/?)>", re.S)
_ATTR = re.compile(r'([\w:-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
_DCT = re.compile(r"<DCT>\s*(<TIMEX3[^>]*>)", re.S)
_DOCID = re.compile(r"<DOCID>(.*?)</DOCID>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)


class TimeMLError(ValueError):
    """The file is not TimeML this loader understands."""


@dataclass(slots=True)
class GoldTimex:
    """A TIMEX3 annotation found in a TimeML TEXT element (offsets into the stripped text)."""

    tid: str
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None


@dataclass(slots=True)
class TimeMLDocument:
    """What a TimeML file holds that we use."""

    docid: str | None
    dct_value: str | None
    title: str | None
    text: str
    gold: list[GoldTimex] = field(default_factory=list)


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR.finditer(raw)}


def strip_tags(markup: str) -> tuple[str, list[GoldTimex]]:
    """Strip every tag from TimeML TEXT content; return the plain text and the TIMEX3s in it.

    >>> strip_tags('On <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3>.')[0]
    'On Friday.'
    """
    out: list[str] = []
    pos = 0
    length = 0
    open_timexes: list[tuple[int, dict[str, str]]] = []
    spans: list[tuple[int, int, dict[str, str]]] = []
    for m in _TAG.finditer(markup):
        chunk = html.unescape(markup[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, raw_attrs, selfclosing = m.group(1), m.group(2), m.group(3), m.group(4)
        if closing and name == "s" and not markup[m.end() : m.end() + 1].isspace():
            out.append("\n")  # sentences given as <s> elements with nothing between them stay apart
            length += 1
            continue
        if name != "TIMEX3" or selfclosing:
            continue
        if not closing:
            open_timexes.append((length, _attrs(raw_attrs)))
        elif open_timexes:
            start, attrs = open_timexes.pop()
            spans.append((start, length, attrs))
    out.append(html.unescape(markup[pos:]))
    text = "".join(out)
    gold = [
        GoldTimex(
            tid=attrs.get("tid", ""),
            start=start,
            end=end,
            text=text[start:end],
            type=attrs.get("type", ""),
            value=attrs.get("value", ""),
            mod=attrs.get("mod") or None,
        )
        for start, end, attrs in sorted(spans, key=lambda s: s[0])
    ]
    return text, gold


def parse(markup: str) -> TimeMLDocument:
    """Parse a TimeML (.tml / .TE3input) document."""
    text_match = _TEXT.search(markup)
    if not text_match:
        raise TimeMLError("no <TEXT> element")
    text, gold = strip_tags(text_match.group(1))
    dct_value = None
    dct_match = _DCT.search(markup)
    if dct_match:
        dct_value = _attrs(dct_match.group(1)).get("value") or None
    docid = _DOCID.search(markup)
    title = _TITLE.search(markup)
    return TimeMLDocument(
        docid=html.unescape(docid.group(1).strip()) if docid else None,
        dct_value=dct_value,
        title=html.unescape(strip_tags(title.group(1))[0].strip()) if title else None,
        text=text,
        gold=gold,
    )


def timeml_document(path: Path, markup: str, dct=None, fallback_dct=None) -> Document:
    """A Document from TimeML: its DCT element's date, and the TEXT content with tags stripped."""
    where = str(path)
    try:
        parsed = parse(markup)
    except TimeMLError as exc:
        raise SourceError(where, f"malformed TimeML: {exc}") from None
    when, dct_source = publication_date([("timeml:DCT", parsed.dct_value)], where, given=dct, fallback=fallback_dct,
                                        missing="the file has no DCT element; pass --dct YYYY-MM-DD")
    name = path.name
    if name.endswith(".TE3input"):
        name = name[: -len(".TE3input")]
    return Document(
        id=parsed.docid or Path(name).stem,
        text=parsed.text,
        dct=when.date,
        dct_time=when.time,
        dct_source=dct_source,
        title=parsed.title,
        path=where,
    )
