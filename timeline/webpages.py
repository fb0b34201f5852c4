"""Read web material into documents: HTML article pages (main text by trafilatura, publication date by
htmldate) and RSS/Atom feeds (feedparser; each entry is an article with its own published date).

Nothing here touches the network: pages and feeds are read from files already on disk.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from timeline.model import Document

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}


class WebSourceError(ValueError):
    """The page or feed holds no usable article (the message says why)."""


def _paragraphs(text: str) -> str:
    """Blank lines between paragraphs, as the boilerplate finder and sentence splitter expect."""
    lines = [line.strip() for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def html_document(markup: str, name: str, stem: str, dct: dt.date | None = None,
                  fallback_dct: dt.date | None = None) -> Document:
    """An article page: its main text, title and publication date."""
    import htmldate
    import trafilatura

    text = trafilatura.extract(markup, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise WebSourceError("no article text found in the page")
    metadata = trafilatura.extract_metadata(markup)
    title = metadata.title if metadata is not None else None
    url = metadata.url if metadata is not None else None
    if dct is not None:
        when, source = dct, "cli"
    else:
        found = htmldate.find_date(markup, original_date=True, extensive_search=False)
        if found:
            when, source = dt.date.fromisoformat(found[:10]), "html:htmldate"
        elif fallback_dct is not None:
            when, source = fallback_dct, "fallback"
        else:
            raise WebSourceError("no publication date found in the page (pass --dct or set fallback_dct)")
    return Document(
        id=stem,
        text=_paragraphs(text),
        dct=when,
        dct_source=source,
        title=title,
        url=url,
        path=name,
    )


@dataclass(frozen=True)
class FeedEntry:
    """One feed entry as a document, or the reason it cannot be one."""

    key: str
    document: Document | None
    error: str | None = None


def _entry_text(entry) -> str:
    from lxml import html as lxml_html

    parts = []
    if entry.get("content"):
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


def feed_entries(data: bytes, name: str, stem: str, dct: dt.date | None = None,
                 fallback_dct: dt.date | None = None) -> list[FeedEntry]:
    """The entries of an RSS/Atom feed, each keyed by its id (or link) so a feed updated in place
    yields the same keys for the entries it already had."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.get("bozo") and not parsed.entries:
        raise WebSourceError(f"malformed feed: {parsed.get('bozo_exception')}")
    if not parsed.entries:
        raise WebSourceError("the feed has no entries")
    out: list[FeedEntry] = []
    for index, entry in enumerate(parsed.entries):
        key = entry.get("id") or entry.get("link") or f"entry-{index}"
        doc_id = f"{stem}#{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"
        text = _entry_text(entry)
        title = entry.get("title")
        if title and title.strip() and not text.startswith(title.strip()):
            text = f"{title.strip()}\n\n{text}" if text else title.strip()
        if not text.strip():
            out.append(FeedEntry(key, None, "entry has no text"))
            continue
        # dict.get: feedparser's own get maps a missing "updated" to "published" with a deprecation warning
        stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        raw_date = dict.get(entry, "published") or dict.get(entry, "updated")
        when = None
        if dct is not None:
            when, source = dct, "cli"
        elif stamp:
            when, source = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday), "feed:published"
        elif raw_date:  # feedparser knows the RFC 822 and ISO forms; dateparser tries the rest
            from timeline.sources import parse_dct

            try:
                when, source = parse_dct(raw_date).date, "feed:published"
            except ValueError:
                if fallback_dct is None:
                    out.append(FeedEntry(key, None, f"entry's published date {raw_date[:80]!r} is not a date"))
                    continue
        if when is None:
            if fallback_dct is None:
                out.append(FeedEntry(key, None, "entry has no published date"))
                continue
            when, source = fallback_dct, "fallback"
        document = Document(
            id=doc_id,
            text=text,
            dct=when,
            dct_source=source,
            title=title,
            url=entry.get("link"),
            path=name,
            source_name=parsed.feed.get("title") if parsed.get("feed") else None,
        )
        out.append(FeedEntry(key, document))
    return out
