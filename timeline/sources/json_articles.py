"""JSON articles: an object ``{"title", "text", "published", "url", "source", "id"}``, a list of them, or
``{"articles": [...]}``. Each article of a list is an entry keyed by its id (else its url, else its index), so
a bad one is reported on its own and the others are still read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from timeline.model import Document
from timeline.sources.dates import publication_date
from timeline.sources.entry import Entry, SourceError
from timeline.sources.files import carried_dates


def article_document(obj: Any, where: str, default_id: str, dct: dt.date | None = None,
                     fallback_dct: dt.date | None = None) -> Document:
    """A Document from one JSON article object."""
    if not isinstance(obj, dict):
        raise SourceError(where, "a JSON article must be an object with 'text' and 'published'")
    text = obj.get("text") or obj.get("body") or obj.get("content")
    if not isinstance(text, str) or not text.strip():
        raise SourceError(where, "JSON article has no 'text'")
    parsed, dct_source = publication_date(carried_dates(obj, "json"), where, given=dct, fallback=fallback_dct,
                                          missing="give the article a 'published' field, or pass --dct YYYY-MM-DD")
    title = obj.get("title")
    return Document(
        id=str(obj.get("id") or default_id),
        text=text.replace("\r\n", "\n"),
        dct=parsed.date,
        dct_time=parsed.time,
        dct_source=dct_source,
        title=str(title) if title else None,
        url=obj.get("url"),
        path=where.split("#", 1)[0],
        source_name=obj.get("source"),
    )


def json_entries(path: Path, text: str, dct: dt.date | None, fallback_dct: dt.date | None) -> list[Entry]:
    where = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(where, f"malformed JSON: {exc}") from None
    except RecursionError:
        raise SourceError(where, "malformed JSON: nested too deeply") from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):
        return [Entry("", article_document(data, where, path.stem, dct, fallback_dct))]
    if not isinstance(data, list):
        raise SourceError(where, "JSON must be an article object or a list of them")
    out = []
    for i, item in enumerate(data):
        key = str(item.get("id") or item.get("url") or i) if isinstance(item, dict) else str(i)
        try:
            out.append(Entry(key, article_document(item, f"{where}#{i}", f"{path.stem}-{i}", dct, fallback_dct)))
        except SourceError as exc:
            out.append(Entry(key, None, exc.reason))
    return out
