"""An article's picture, from what its source says: front matter (``image``, ``image_alt``, ``image_credit``, or
``image`` as a table of ``src``, ``alt``, ``credit``), a feed entry's Media RSS (``media:content`` /
``media:thumbnail`` with ``media:description`` and ``media:credit``) or image enclosure, a web page's lead image
(``og:image`` / ``twitter:image`` with their ``:alt``, as trafilatura's metadata finds it). Only an absolute
http(s) URL is kept (a relative one is resolved against the page's own address): a feed could carry
``javascript:`` or ``data:`` URLs. Pure functions of the metadata."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from timeline.model import Image

MAX_URL = 2048
MAX_WORDS = 500
_META = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'([\w:-]+)\s*=\s*("([^"]*)"|\'([^\']*)\'|([^\s>]+))')


def _url(value: Any, base: str | None = None) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_URL:
        return None
    value = value.strip()
    if base and not urlsplit(value).scheme:
        value = urljoin(base, value)
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.netloc else None


def _words(value: Any) -> str:
    return " ".join(value.split())[:MAX_WORDS] if isinstance(value, str) else ""


def image(src: Any, alt: Any = "", credit: Any = None, base: str | None = None) -> Image | None:
    url = _url(src, base)
    if url is None:
        return None
    return Image(url, _words(alt), _words(credit) or None)


def from_front_matter(meta: dict[str, Any]) -> Image | None:
    """``image: https://...`` (with ``image_alt``, ``image_credit``) or ``image: {src, alt, credit}``."""
    value = meta.get("image")
    if isinstance(value, dict):
        return image(value.get("src") or value.get("url"), value.get("alt"), value.get("credit"))
    return image(value, meta.get("image_alt"), meta.get("image_credit"))


def content_is_media_description(entry) -> bool:
    """Whether a feedparser entry's ``content`` is in fact its picture's ``<media:description>`` (feedparser files
    it there): a single plain-text item beside a ``<description>``, in an entry with Media RSS content."""
    contents = dict.get(entry, "content") or []
    return bool((dict.get(entry, "media_content") or dict.get(entry, "media_thumbnail")) and dict.get(entry, "summary")
                and len(contents) == 1 and isinstance(contents[0], dict) and contents[0].get("type") == "text/plain")


def from_feed_entry(entry) -> Image | None:
    """A feedparser entry's picture: Media RSS content or thumbnail, else an image enclosure."""
    alt = dict.get(entry, "media_description") or ""
    if isinstance(alt, dict):
        alt = alt.get("content", "")
    if not alt and content_is_media_description(entry):
        alt = (dict.get(entry, "content") or [{}])[0].get("value", "")
    credits = dict.get(entry, "media_credit") or []
    credit = next((c.get("content") for c in credits if isinstance(c, dict) and c.get("content")), None)
    for item in (dict.get(entry, "media_content") or []) + (dict.get(entry, "media_thumbnail") or []):
        if not isinstance(item, dict):
            continue
        kind = item.get("medium") or item.get("type") or "image"
        if "image" in str(kind):
            found = image(item.get("url"), alt, credit)
            if found:
                return found
    for link in dict.get(entry, "enclosures") or dict.get(entry, "links") or []:
        if isinstance(link, dict) and str(link.get("type", "")).startswith("image/") and link.get("rel", "enclosure") == "enclosure":
            found = image(link.get("href") or link.get("url"), alt, credit)
            if found:
                return found
    return None


def _meta_tags(markup: str) -> dict[str, str]:
    """The page's <meta property|name=... content=...> values, first of each name (the head is enough)."""
    out: dict[str, str] = {}
    head = markup[: markup.lower().find("</head>") if "</head>" in markup.lower() else 200_000]
    for tag in _META.findall(head):
        attrs = {m.group(1).lower(): (m.group(3) or m.group(4) or m.group(5) or "") for m in _ATTR.finditer(tag)}
        name = (attrs.get("property") or attrs.get("name") or "").lower()
        if name and "content" in attrs:
            out.setdefault(name, attrs["content"])
    return out


def from_page(markup: str, lead: str | None, page_url: str | None) -> Image | None:
    """A web page's lead image (``lead``: trafilatura's metadata.image, its og:image or twitter:image) with the
    words its page gives it."""
    import html

    tags = _meta_tags(markup)
    src = lead or tags.get("og:image") or tags.get("twitter:image")
    alt = tags.get("og:image:alt") or tags.get("twitter:image:alt") or ""
    credit = tags.get("og:image:credit") or tags.get("article:image:credit")
    return image(html.unescape(src) if src else None, html.unescape(alt), html.unescape(credit) if credit else None,
                 base=page_url)
