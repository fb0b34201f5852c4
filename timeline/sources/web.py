"""Web material already on disk: HTML article pages (main text by trafilatura, publication date by htmldate)
and RSS/Atom feeds (feedparser; each entry is an article with its own published date).

Nothing here touches the network: pages and feeds are read from files the feed directory already holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from timeline.model import Document
from timeline.sources import media
from timeline.sources.dates import publication_date
from timeline.sources.entry import Entry, SourceError


def _paragraphs(text: str) -> str:
    """Blank lines between paragraphs, as the boilerplate finder and sentence splitter expect."""
    lines = [line.strip() for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def html_document(markup: str, where: str, stem: str, dct: dt.date | None = None,
                  fallback_dct: dt.date | None = None) -> Document:
    """An article page: its main text, title and publication date."""
    import htmldate
    import trafilatura

    text = trafilatura.extract(markup, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise SourceError(where, "no article text found in the page")
    metadata = trafilatura.extract_metadata(markup)
    found = None if dct is not None else htmldate.find_date(markup, original_date=True, extensive_search=False)
    parsed, dct_source = publication_date([("html:htmldate", found[:10] if found else None)], where, given=dct,
                                          fallback=fallback_dct, missing="none found in the page (pass --dct or set fallback_dct)")
    return Document(
        id=stem,
        text=_paragraphs(text),
        dct=parsed.date,
        dct_source=dct_source,
        title=metadata.title if metadata is not None else None,
        url=metadata.url if metadata is not None else None,
        path=where,
        image=media.from_page(markup, metadata.image if metadata is not None else None,
                              metadata.url if metadata is not None else None),
    )


def _entry_text(entry) -> str:
    from lxml import html as lxml_html

    parts = []
    if entry.get("content") and not media.content_is_media_description(entry):
        parts = [c.get("value", "") for c in entry.content]
    elif entry.get("summary"):
        parts = [entry.summary]
    text = ""
    for part in parts:
        if "<" in part:
            try:
                fragment = lxml_html.fromstring(f"<div>{part}</div>")
                for block in fragment.iter("p", "br", "div", "li", "h1", "h2", "h3"):
                    block.tail = (block.tail or "") + "\n"
                part = fragment.text_content()
            except (ValueError, TypeError):
                part = re.sub(r"<[^>]+>", " ", part)
        text += part + "\n"
    return _paragraphs(text)


def _entry_dates(entry) -> list[tuple[str, object]]:
    # dict.get: feedparser's own get maps a missing "updated" to "published" with a deprecation warning
    stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    if stamp:  # feedparser's reading, in UTC: the day and the time of day (a date alone would drop the time)
        return [("feed:published", dt.datetime(*stamp[:6]))]
    # feedparser knows the RFC 822 and ISO forms; dateparser tries the rest
    return [("feed:published", dict.get(entry, "published") or dict.get(entry, "updated"))]


def feed_entries(data: bytes, where: str, stem: str, dct: dt.date | None = None,
                 fallback_dct: dt.date | None = None) -> list[Entry]:
    """The entries of an RSS/Atom feed, each keyed by its id (or link) so a feed updated in place yields the
    same keys for the entries it already had."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.get("bozo") and not parsed.entries:
        raise SourceError(where, f"malformed feed: {parsed.get('bozo_exception')}")
    if not parsed.entries:
        raise SourceError(where, "the feed has no entries")
    source_name = parsed.feed.get("title") if parsed.get("feed") else None
    out: list[Entry] = []
    for index, entry in enumerate(parsed.entries):
        key = entry.get("id") or entry.get("link") or f"entry-{index}"
        text = _entry_text(entry)
        title = entry.get("title")
        if title and title.strip() and not text.startswith(title.strip()):
            text = f"{title.strip()}\n\n{text}" if text else title.strip()
        if not text.strip():
            out.append(Entry(key, None, "entry has no text"))
            continue
        try:
            when, dct_source = publication_date(_entry_dates(entry), f"{where}#{key}", given=dct,
                                                fallback=fallback_dct, missing="the entry has none")
        except SourceError as exc:
            out.append(Entry(key, None, exc.reason))
            continue
        document = Document(
            id=f"{stem}#{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}",
            text=text,
            dct=when.date,
            dct_time=when.time,
            dct_source=dct_source,
            title=title,
            url=entry.get("link"),
            path=where,
            source_name=source_name,
            image=media.from_feed_entry(entry),
        )
        out.append(Entry(key, document))
    return out
