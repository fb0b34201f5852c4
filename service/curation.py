"""An editor's hand on the timeline: ``curation.toml`` beside the feed (in the feed directory, never read as an
article) gives, per event id, a headline to show instead of the extracted one, ``hidden`` to take the event out,
``pinned`` to keep it among the events that carry the story::

    [event."1d4bb86266f2f235"]
    headline = "Xi launches the Belt and Road Initiative in Kazakhstan"
    pinned = true

    [event."9c0ffee000000000"]
    hidden = true

The service applies it to every read (the API's pages and exports, one event, the widget) as an overlay by id,
so it holds across refreshes for as long as the event keeps its id (ids are stable while the event's text is),
and an id that no longer exists is reported in ``/api/status``. The file is read again when it changes (checked
at most once a second); a file that does not parse is reported there too and the last good one stays in force.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from timeline.sources import SourceError, read_regular

log = logging.getLogger("timeline.service")
MAX_BYTES = 4 * 1024 * 1024  # an editor's file of headlines and flags

FILE_NAME = "curation.toml"
CHECK_SECONDS = 1.0
FIELDS = {"headline": str, "hidden": bool, "pinned": bool}
MAX_HEADLINE = 500


@dataclass(frozen=True)
class Rules:
    """What the file says, by event id, and a digest naming this content (part of every ETag)."""

    events: dict[str, dict] = field(default_factory=dict)
    digest: str = ""
    problems: tuple[str, ...] = ()

    @property
    def hidden(self) -> frozenset[str]:
        return frozenset(i for i, r in self.events.items() if r.get("hidden"))

    def apply(self, event: dict) -> dict | None:
        """The event as readers see it: None when hidden; the editor's headline (the extracted one kept as
        ``curated.headline``) and ``pinned``."""
        rule = self.events.get(event.get("id", ""))
        if not rule:
            return event
        if rule.get("hidden"):
            return None
        out = dict(event)
        if rule.get("headline"):
            out["curated"] = {"headline": event.get("headline")}
            out["headline"] = rule["headline"]
        if rule.get("pinned"):
            out["pinned"] = True
        return out

    def apply_json(self, body: str) -> str | None:
        """``apply`` on an event's JSON text (unparsed when no rule names it: the common case costs a lookup)."""
        if not self.events:
            return body
        start = body.find('"id":')
        if start >= 0:
            quote = body.find('"', start + 5)
            end = body.find('"', quote + 1)
            if quote >= 0 and end > quote and body[quote + 1:end] not in self.events:
                return body
        event = self.apply(json.loads(body))
        return None if event is None else json.dumps(event, ensure_ascii=False)


def parse(text: str) -> Rules:
    """The rules in ``text``; what is wrong with an entry is said in ``problems`` and the entry left out."""
    data = tomllib.loads(text)
    problems: list[str] = []
    events: dict[str, dict] = {}
    section = data.get("event", {})
    if not isinstance(section, dict):
        raise ValueError("[event] must be a table of event ids")
    for event_id, rule in section.items():
        if not isinstance(rule, dict):
            problems.append(f"event {event_id!r}: not a table")
            continue
        kept = {}
        for key, value in rule.items():
            kind = FIELDS.get(key)
            if kind is None:
                problems.append(f"event {event_id!r}: unknown key {key!r} (headline, hidden, pinned)")
            elif not isinstance(value, kind):
                problems.append(f"event {event_id!r}: {key} must be a {kind.__name__}")
            elif key == "headline" and isinstance(value, str) and not (0 < len(value.strip()) <= MAX_HEADLINE):
                problems.append(f"event {event_id!r}: headline must have 1 to {MAX_HEADLINE} characters")
            else:
                kept[key] = value.strip() if isinstance(value, str) else value
        if kept:
            events[event_id] = kept
    digest = hashlib.sha1(json.dumps(events, sort_keys=True).encode()).hexdigest()[:10] if events else ""
    return Rules(events, digest, tuple(problems))


class Curation:
    """The feed directory's curation file, read again when it changes."""

    def __init__(self, feed_dir: Path):
        self.path = Path(feed_dir) / FILE_NAME
        self._rules = Rules()
        self._seen: tuple | None = None
        self._checked = 0.0
        self._error: str | None = None
        self._lock = threading.Lock()

    def rules(self) -> Rules:
        now = time.monotonic()
        if now - self._checked < CHECK_SECONDS:
            return self._rules
        with self._lock:
            self._checked = now
            try:
                stat = self.path.stat()
                seen = (stat.st_mtime_ns, stat.st_size)
            except FileNotFoundError:
                seen = None
            except OSError as exc:  # the reason only: /api/status is public, the path is not
                self._error = f"cannot read {self.path.name}: {exc.strerror or exc.__class__.__name__}"
                return self._rules
            if seen == self._seen:
                return self._rules
            self._seen = seen
            if seen is None:
                self._rules, self._error = Rules(), None
                return self._rules
            try:  # a regular file only, opened so that it cannot block (a FIFO here would hold every reader)
                self._rules = parse(read_regular(self.path, MAX_BYTES).decode("utf-8"))
                self._error = None
                log.info("%s: %d curated events", self.path.name, len(self._rules.events))
            except (SourceError, UnicodeDecodeError, ValueError, tomllib.TOMLDecodeError) as exc:
                why = exc.reason if isinstance(exc, SourceError) else exc
                self._error = f"{self.path.name} is not usable ({why}); the last good one stays in force"
                log.warning("%s", self._error)
            return self._rules

    def report(self, exists) -> dict | None:
        """What ``/api/status`` says of it: the file, how many events it names, which ids no longer exist
        (``exists(id)``: whether the current timeline has it), and what is wrong with it."""
        rules = self.rules()
        if self._seen is None and not rules.events and not self._error:
            return None
        missing = sorted(i for i in rules.events if not exists(i))
        return {"file": self.path.name, "events": len(rules.events), "hidden": len(rules.hidden),
                "pinned": sum(1 for r in rules.events.values() if r.get("pinned")),
                "missing": missing, "problems": list(rules.problems) + ([self._error] if self._error else [])}
