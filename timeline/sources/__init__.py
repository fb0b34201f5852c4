"""Where documents come from: article files (text, Markdown, JSON, TimeML, HTML pages, RSS/Atom feeds) read
into :class:`timeline.model.Document` entries, each with its publication date and where that date came from.

    entry.py          the entry and error types, the kinds of files
    dates.py          parsing publication dates, and the one rule for choosing a document's date
    reading.py        which files may be read (regular files; links only inside the directory read), opened so
                      that nothing blocks
    files.py          text and Markdown articles (front matter, sidecars)
    json_articles.py  JSON articles and lists of them
    web.py            HTML pages and RSS/Atom feeds
    timeml.py         TimeML documents (and their gold TIMEX3 annotations)
    load.py           any file into its entries, by its kind
"""

from timeline.sources.dates import ParsedDate, parse_dct, publication_date
from timeline.sources.entry import (
    DEFAULT_MAX_BYTES, SIDECAR_SUFFIX, Entry, SourceError, is_sidecar, is_supported, kind_of,
)
from timeline.sources.files import decode
from timeline.sources.load import Walk, iter_paths, load_entries, load_path, load_text, usable, walk
from timeline.sources.reading import link_problem, node_problem, open_regular, read_regular

__all__ = [
    "DEFAULT_MAX_BYTES", "SIDECAR_SUFFIX", "Entry", "ParsedDate", "SourceError", "decode", "is_sidecar",
    "is_supported", "iter_paths", "kind_of", "link_problem", "load_entries", "load_path", "load_text", "node_problem",
    "open_regular", "parse_dct", "publication_date", "read_regular", "usable", "walk", "Walk",
]
