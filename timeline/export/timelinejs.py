"""The timeline as TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

Dates hold only the parts that are known: a month-only event has no ``day``, a year-only one only
``year``; periods (weeks, quarters, seasons, decades) get an ``end_date``; modifiers and parts of
the day go in ``display_date`` ("early February 2022"). A date inferred from the context says so in
``display_date`` ("(date inferred)") and gives its reason in the slide's text. An event whose article has a
picture shows it (``media``: its address, alt text as caption, credit). Every piece of article text is
HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TextIO

from timeline.assemble import Timeline
from timeline.export.format import ExportFormat
from timeline.export.jsonstream import Streamed, write_object
from timeline.model import Event
from timeline import calendar as cal


def _date_object(point: cal.Point) -> dict:
    out: dict = {}
    day = point.date()
    if day is not None:
        out.update(year=day.year, month=day.month, day=day.day)
        if point.hour is not None:
            out.update(hour=min(point.hour, 23), minute=point.minute or 0)
        return out
    if point.year is None:
        span = point.interval()
        if span is not None:
            out["year"] = span[0].year
        return out
    out["year"] = point.year
    if point.month is not None:
        out["month"] = point.month
    return out


def _span_objects(event: Event) -> tuple[dict, dict | None]:
    """start_date and (for periods) end_date, from the event's calendar point."""
    point = event.date.point
    if point is None:
        assert event.date.start is not None  # the timeline's events are dated
        start = dt.datetime.fromisoformat(event.date.start)
        return {"year": start.year, "month": start.month, "day": start.day}, None
    granularity = point.granularity
    if granularity in ("year", "month", "day", "part_of_day", "hour", "minute"):
        return _date_object(point), None
    span = point.interval()
    assert span is not None  # a dated event's point is on the calendar
    lo, hi = span
    last = hi - dt.timedelta(days=1)
    if granularity == "week":
        return ({"year": lo.year, "month": lo.month, "day": lo.day},
                {"year": last.year, "month": last.month, "day": last.day})
    if granularity in ("decade", "century"):
        return {"year": lo.year}, {"year": last.year}
    # quarters, halves, seasons: from their first month to their last
    return {"year": lo.year, "month": lo.month}, {"year": last.year, "month": last.month}


def _text(event: Event) -> str:
    esc = html.escape
    parts = []
    if event.date.scheduled:
        parts.append("<p><strong>Scheduled</strong></p>")
    if event.inferred:
        reason = event.date.why.get("explanation") or str(event.date.why.get("rule") or "").replace("-", " ")
        parts.append(f"<p><em>Date inferred: {esc(reason)}</em></p>")
    if event.participants:
        parts.append("<p>" + ", ".join(esc(p.name) for p in event.participants) + "</p>")
    items = []
    for source in event.sources:
        title = esc(source.title or source.document_id)
        link = f'<a href="{esc(source.url, quote=True)}">{title}</a>' if source.url else title
        items.append(f"<li>{link}: “{esc(source.sentence)}”</li>")
    parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)


def slide(event: Event) -> dict:
    start, end = _span_objects(event)
    out = {
        "start_date": start,
        "display_date": f"{event.date.label} (date inferred)" if event.inferred else event.date.label,
        "text": {"headline": html.escape(event.headline), "text": _text(event)},
        "unique_id": event.id,
    }
    if end is not None:
        out["end_date"] = end
    if event.date.scheduled:
        out["group"] = "Scheduled"
    picture = next((s.image for s in event.sources if s.image is not None), None)
    if picture is not None:  # the article's picture, with its words and credit (TimelineJS escapes neither)
        out["media"] = {"url": picture.src, "alt": html.escape(picture.alt), "caption": html.escape(picture.alt),
                        "credit": html.escape(picture.credit or "")}
    return out


def timelinejs(timeline: Timeline, title: str | None = None) -> dict:
    """TimelineJS3 data: a slide per dated event (events without a date cannot go on its axis)."""
    data: dict = {"events": [slide(e) for e in timeline.events]}
    if title:
        data["title"] = {"text": {"headline": html.escape(title), "text": ""}}
    return data


def write(timeline: Timeline, out: TextIO, *, title: str | None = None) -> None:
    """``dumps`` written to ``out`` one slide at a time."""
    fields: list = [("events", Streamed(slide(e) for e in timeline.events))]
    if title:
        fields.append(("title", {"text": {"headline": html.escape(title), "text": ""}}))
    write_object(out, fields)


FORMAT = ExportFormat("timelinejs", "application/json", ".json", "TimelineJS3 JSON (dated events only)", write)
