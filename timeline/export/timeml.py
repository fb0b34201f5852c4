"""Timexes as TimeML: the document with its DCT and TIMEX3-tagged TEXT, as the TempEval-3 scorer reads it
(`timeline extract --format timeml`)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from timeline.model import Timex


def timex_tag(timex: Timex, body: str) -> str:
    """One TIMEX3 element around already-escaped ``body``."""
    attrs = [("tid", timex.id), ("type", timex.type), ("value", timex.value)]
    if timex.mod:
        attrs.append(("mod", timex.mod))
    if timex.quant:
        attrs.append(("quant", timex.quant))
    if timex.freq:
        attrs.append(("freq", timex.freq))
    rendered = " ".join(f"{k}={quoteattr(v)}" for k, v in attrs)
    return f"<TIMEX3 {rendered}>{body}</TIMEX3>"


def tag_text(text: str, timexes: list[Timex]) -> str:
    """The text, XML-escaped, with a TIMEX3 element around each (non-overlapping) timex."""
    parts: list[str] = []
    pos = 0
    for timex in sorted(timexes, key=lambda t: t.start):
        if timex.start < pos:
            continue  # overlapping spans cannot be nested in TimeML; keep the first
        parts.append(escape(text[pos : timex.start]))
        parts.append(timex_tag(timex, escape(text[timex.start : timex.end])))
        pos = timex.end
    parts.append(escape(text[pos:]))
    return "".join(parts)


def render(docid: str, dct: str, text: str, timexes: list[Timex], title: str | None = None) -> str:
    """A complete TimeML document with the DCT and TIMEX3-tagged TEXT, as the TempEval-3 scorer reads it."""
    lines = [
        '<?xml version="1.0" ?>',
        '<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">',
        "",
        f"<DOCID>{escape(docid)}</DOCID>",
        "",
        f'<DCT><TIMEX3 tid="t0" type="DATE" value={quoteattr(dct)} temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{escape(dct)}</TIMEX3></DCT>',
        "",
    ]
    if title:
        lines += [f"<TITLE>{escape(title)}</TITLE>", ""]
    lines += [f"<TEXT>{tag_text(text, timexes)}</TEXT>", "", "</TimeML>", ""]
    return "\n".join(lines)
