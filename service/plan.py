"""What a refresh has to do, decided from what the feed holds and what the store holds, touching neither:
pure functions, so each rule is a row of a table in tests/test_plan.py.

- unchanged: same size and mtime as stored (no read at all);
- touched: size or mtime differ but the content hash is the same (nothing to extract);
- renamed: a new path whose content hash is a missing file's (documents move, ids stay);
- changed / new: read and extracted again, entry by entry (a feed updated in place re-extracts only the
  entries whose document changed: ``plan_file``);
- deleted: missing on two consecutive scans (one miss may be a file being replaced);
- every file is read again when the extraction version changed, and the timeline is merged again from the
  stored raw events when the assembly version changed (``Versions``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Callable, Mapping, Sequence

from service.scanner import Found, Scan
from service.store.records import FileRecord, StoredDocument
from timeline.model import Document
from timeline.sources import Entry


@dataclass(frozen=True)
class Versions:
    """What makes the stored results now, and what made those in the store (None: not recorded)."""

    extraction: str  # timeline.pipeline.extractor_fingerprint: what extraction produces
    assembly: str  # service.store.rows.assembly_version: how the timeline is ordered and merged
    stored_extraction: str | None = None
    stored_assembly: str | None = None


@dataclass(frozen=True)
class Change:
    """What changed in the feed since the store was written, and what to do about it."""

    reextract: bool = False  # the extraction version changed: every file was read, documents compared again
    remerge: bool = False  # the assembly version changed: merge the timeline again from the stored raw events
    unchanged: int = 0
    revived: tuple[str, ...] = ()  # unchanged files that had been missing on a scan: their count starts over
    touched: tuple[Found, ...] = ()  # new size or mtime, same content: only their record changes
    load: tuple[Found, ...] = ()  # new or changed: their entries are loaded and compared with what is stored
    new: int = 0  # how many of ``load`` the store does not know
    renamed: tuple[tuple[str, Found], ...] = ()  # (old path, the file now)
    missing: tuple[str, ...] = ()  # absent from this scan for the first time
    deleted: tuple[str, ...] = ()  # absent from two scans in a row
    complete: bool = True  # a re-extraction read every stored file (then the store is up to date with it)

    @property
    def changed(self) -> int:
        return len(self.load) - self.new

    def parts(self, size: int) -> list[tuple[Found, ...]]:
        """``load`` in parts of at most ``size`` files, each written as one version (at least one part)."""
        size = max(1, size)
        return [self.load[i : i + size] for i in range(0, len(self.load), size)] or [()]


def to_read(scan: Scan, stored: Mapping[str, FileRecord], versions: Versions) -> list[Found]:
    """The files whose content must be hashed: those whose size or mtime moved, new ones, and all of them
    when the extraction changed."""
    reextract = _reextract(stored, versions)
    return [f for f in scan.files if reextract or not _same_stat(stored.get(f.path), f)]


def plan(scan: Scan, stored: Mapping[str, FileRecord], versions: Versions, hashes: Mapping[str, str]) -> Change:
    """What changed: ``scan`` is what the feed holds now, ``stored`` the store's record of each file,
    ``hashes`` the content hashes of the files ``to_read`` named (one that could not be read is absent: it
    is left as it was)."""
    reextract = _reextract(stored, versions)
    unchanged, revived, touched, load = 0, [], [], []
    for f in scan.files:
        record = stored.get(f.path)
        if not reextract and _same_stat(record, f):
            unchanged += 1
            if record is not None and record.missing_scans:
                revived.append(f.path)
            continue
        if f.path not in hashes:
            continue  # unreadable: the applier says why
        if not reextract and record is not None and record.content_hash == hashes[f.path]:
            touched.append(f)
        else:
            load.append(f)
    present = {f.path for f in scan.files}
    waiting = set(scan.settling)
    missing = [p for p in stored if p not in present and p not in waiting]
    by_hash = {stored[p].content_hash: p for p in missing}
    renamed: list[tuple[str, Found]] = []
    for f in list(load):
        old = by_hash.get(hashes[f.path])
        if f.path not in stored and old is not None:
            renamed.append((old, f))
            load.remove(f)
            missing.remove(old)
            del by_hash[hashes[f.path]]
    deleted = [p for p in missing if stored[p].missing_scans + 1 >= 2]
    return Change(
        reextract=reextract,
        remerge=_remerge(stored, versions),
        unchanged=unchanged,
        revived=tuple(revived),
        touched=tuple(touched),
        load=tuple(load),
        new=sum(1 for f in load if f.path not in stored),
        renamed=tuple(renamed),
        missing=tuple(p for p in missing if p not in deleted),
        deleted=tuple(deleted),
        complete=not reextract or set(stored) <= set(hashes),
    )


def _reextract(stored: Mapping[str, FileRecord], versions: Versions) -> bool:
    return bool(stored) and versions.stored_extraction != versions.extraction


def _remerge(stored: Mapping[str, FileRecord], versions: Versions) -> bool:
    return bool(stored) and versions.stored_assembly != versions.assembly


def _same_stat(record: FileRecord | None, f: Found) -> bool:
    return record is not None and record.size == f.size and record.mtime_ns == f.mtime_ns


# --- one file's entries ----------------------------------------------------------------------------------
def document_digest(document: Document, extraction: str) -> str:
    """What a stored document's extraction depends on: the document (``Document.identity``: every field of
    it, now and later) and the extraction version."""
    return hashlib.sha256(f"{document.identity()}\0{extraction}".encode("utf-8")).hexdigest()


@dataclass
class Pending:
    """A document to extract, with where it goes."""

    path: str
    entry: str
    key: str
    document: Document
    digest: str


@dataclass
class FilePlan:
    """What to write for one changed file once its documents are extracted."""

    found: Found
    digest: str  # the file's content hash
    error: str | None = None  # the file as a whole cannot be read: recorded, what was stored is kept
    problems: list[tuple[str, str]] = field(default_factory=list)  # (entry key, reason)
    pending: list[Pending] = field(default_factory=list)
    kept: int = 0  # entries whose stored extraction stands
    gone: list[str] = field(default_factory=list)  # keys of stored entries no longer in the file


def plan_file(found: Found, digest: str, entries: Sequence[Entry], stored: Mapping[str, StoredDocument],
              extraction: str, id_taken: Callable[[str], bool]) -> FilePlan:
    """Which entries of a changed file to extract: those whose document is new or differs from the one stored
    under its key. A new document keeps the id its loader gave unless ``id_taken`` says another document has
    it (then a suffix from its key makes it unique); a stored one keeps its id."""
    result = FilePlan(found, digest)
    mine: set[str] = set()
    for entry in entries:
        if entry.document is None:
            result.problems.append((entry.key, entry.error or "unreadable entry"))
            continue
        doc_digest = document_digest(entry.document, extraction)
        old = stored.get(entry.key)
        if old is not None and old.content_hash == doc_digest:
            result.kept += 1
            continue
        key = f"{found.path}#{entry.key}"
        if old is not None:
            doc_id = old.id
        elif entry.document.id in mine or id_taken(entry.document.id):
            doc_id = f"{entry.document.id}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"
        else:
            doc_id = entry.document.id
        mine.add(doc_id)
        result.pending.append(Pending(found.path, entry.key, key, replace(entry.document, id=doc_id, path=found.path),
                                      doc_digest))
    seen = {entry.key for entry in entries}
    result.gone = [old.key for entry_key, old in stored.items() if entry_key not in seen]
    return result


def failed_file(found: Found, digest: str, reason: str) -> FilePlan:
    """A changed file that cannot be loaded at all."""
    return FilePlan(found, digest, error=reason)
