"""TempEval-3 timex scoring: strict and relaxed span P/R/F1, and value / type F1 over relaxed matches.

Definitions (UzZaman et al. 2013): a strict match has the same character extent; a relaxed match
overlaps. Attribute F1 = relaxed F1 × the share of relaxed matches whose attribute is right.
Matching is one-to-one: each gold timex pairs with at most one system timex (the largest overlap).

Two kinds of gold files are read: TimeML (``*.tml``, ``*.TE3input``: the TEXT with its TIMEX3 tags, the DCT
apart) and MEANTIME (``*.xml``: tokens and TIMEX3 markables over token ids, read by
:mod:`timeline.evaluate.meantime`). A MEANTIME text is rebuilt one sentence a line and given to the extractor
with those sentences; its creation time is the TIMEX3 with ``functionInDocument="CREATION_TIME"``, the
article's date line, which is the document's metadata as TimeML's DCT is: that line is left out of the
scores (its gold timex and any system timex on it), and so are TIMEX3s that span no token. MEANTIME marks
TIMEX3s in the title and the first sentences only (:data:`MEANTIME_TIMEX_SENTENCES`), while its entity and event
mentions run on: the rest of the text is read (it is the discourse) but not scored.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from timeline.evaluate import meantime
from timeline.model import Timex
from timeline.sources import parse_dct, timeml

log = logging.getLogger(__name__)

# what is scored: extract(text, dct, sentences) -> timexes; sentences are the gold file's own (MEANTIME), else None
Extract = Callable[[str, dt.date, "list[tuple[int, int]] | None"], list[Timex]]


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    words: int = 0
    documents: int = 0

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    def scores(self) -> dict[str, float]:
        sp = self.strict / self.system if self.system else 0.0
        sr = self.strict / self.gold if self.gold else 0.0
        rp = self.relaxed / self.system if self.system else 0.0
        rr = self.relaxed / self.gold if self.gold else 0.0
        rf = self._f1(rp, rr)
        value_acc = self.value / self.relaxed if self.relaxed else 0.0
        type_acc = self.type / self.relaxed if self.relaxed else 0.0
        return {
            "strict_p": sp, "strict_r": sr, "strict_f1": self._f1(sp, sr),
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf,
            "value_f1": rf * value_acc, "type_f1": rf * type_acc,
            "value_accuracy": value_acc,
        }


@dataclass
class Error:
    kind: str  # "missed", "false", "value", "type", "extent"
    doc: str
    gold: timeml.GoldTimex | None
    system: Timex | None
    context: str


@dataclass
class DocumentScore:
    name: str
    counts: Counts
    errors: list[Error] = field(default_factory=list)


def _context(text: str, start: int, end: int, width: int = 60) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"...{left}[{text[start:end]}]{right}..."


_TRAILING_X = re.compile(r"(?:-XX)+$|(?<=\d)X+$")


def normalize_value(value: str) -> str:
    """One spelling for TIMEX3 values that say the same thing.

    The corpora write the same value several ways: "1949-XX" and "1994-XX-XX" (a year whose month or
    day is unknown) are "1949" and "1994"; "196X" is the decade "196"; "2000-W7" is "2000-W07";
    "T17" is "T17:00". Values are compared after this normalization; nothing else is forgiven.

    >>> normalize_value("1998-12-XX"), normalize_value("2000-W7"), normalize_value("1989-11-06T17")
    ('1998-12', '2000-W07', '1989-11-06T17:00')
    """
    v = value.strip()
    v = re.sub(r"-W(\d)(?!\d)", r"-W0\1", v)
    v = re.sub(r"T(\d\d)$", r"T\1:00", v)
    if re.fullmatch(r"\d{4}(?:-[\dXQHWSUFAIP]+)*", v):
        v = _TRAILING_X.sub("", v) or v
    elif re.fullmatch(r"\d{2,3}X+", v):
        v = v.rstrip("X")
    return v


def match(gold: list[timeml.GoldTimex], system: list[Timex]) -> list[tuple[timeml.GoldTimex, Timex]]:
    """One-to-one relaxed matching by largest overlap."""
    pairs = []
    for g in gold:
        for s in system:
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((overlap, g, s))
    pairs.sort(key=lambda p: -p[0])
    used_g: set[int] = set()
    used_s: set[int] = set()
    out = []
    for _, g, s in pairs:
        if id(g) in used_g or id(s) in used_s:
            continue
        used_g.add(id(g))
        used_s.add(id(s))
        out.append((g, s))
    return out


def score_document(name: str, text: str, gold: list[timeml.GoldTimex], system: list[Timex]) -> DocumentScore:
    counts = Counts(gold=len(gold), system=len(system), documents=1, words=len(text.split()))
    errors: list[Error] = []
    matched = match(gold, system)
    matched_g = {id(g) for g, _ in matched}
    matched_s = {id(s) for _, s in matched}
    for g, s in matched:
        counts.relaxed += 1
        if g.start == s.start and g.end == s.end:
            counts.strict += 1
        else:
            errors.append(Error("extent", name, g, s, _context(text, min(g.start, s.start), max(g.end, s.end))))
        if normalize_value(g.value) == normalize_value(s.value):
            counts.value += 1
        else:
            errors.append(Error("value", name, g, s, _context(text, s.start, s.end)))
        if g.type == s.type:
            counts.type += 1
        else:
            errors.append(Error("type", name, g, s, _context(text, s.start, s.end)))
    for g in gold:
        if id(g) not in matched_g:
            errors.append(Error("missed", name, g, None, _context(text, g.start, g.end)))
    for s in system:
        if id(s) not in matched_s:
            errors.append(Error("false", name, None, s, _context(text, s.start, s.end)))
    return DocumentScore(name, counts, errors)


def corpus_files(path: Path) -> list[Path]:
    """The gold files of a corpus directory (or the one file given): TimeML, and MEANTIME's XML."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*")
                  if p.suffix.lower() in (".tml", ".xml") or p.name.endswith(".TE3input"))


@dataclass
class GoldText:
    """A gold document as the scorer reads it: the text, its DCT, the gold timexes, and what it knows besides."""

    name: str
    text: str
    dct: dt.date
    gold: list[timeml.GoldTimex]
    sentences: list[tuple[int, int]] | None = None  # the file's own sentences (MEANTIME), None: split the text
    unscored: list[tuple[int, int]] = field(default_factory=list)  # spans left out of the scores (a date line)


def read_gold(path: Path) -> GoldText | None:
    """A TimeML or MEANTIME gold file, None when it has no DCT (nothing can be anchored)."""
    if path.suffix.lower() == ".xml":
        return _meantime_gold(meantime.read_document(path), path.name)
    doc = timeml.parse(path.read_text(encoding="utf-8"))
    if not doc.dct_value:
        return None
    return GoldText(path.name, doc.text, parse_dct(doc.dct_value).date, doc.gold)


# The sentences of a MEANTIME file whose TIMEX3s are annotated: the title, the date line and four more. In the
# 60 files of the Apple and Airbus topics no TIMEX3 lies beyond them (sentences 0-5 hold 3, 60, 49, 38, 26 and 27).
MEANTIME_TIMEX_SENTENCES = 6


def _meantime_gold(doc: meantime.MeantimeDocument, name: str) -> GoldText | None:
    if doc.dct is None:
        return None
    gold: list[timeml.GoldTimex] = []
    sentences = doc.sentence_spans()
    unscored = [(sentences[MEANTIME_TIMEX_SENTENCES][0], len(doc.text))] if len(sentences) > MEANTIME_TIMEX_SENTENCES else []
    for markable in doc.of_tag("TIMEX3"):
        span = doc.span(markable)
        if span is None:
            continue  # an empty TIMEX3 (a date the annotators inferred), not in the text
        if markable.attrs.get("functionInDocument") == "CREATION_TIME":
            unscored.append(span)
            continue
        gold.append(timeml.GoldTimex(markable.id, span[0], span[1], doc.text[span[0]:span[1]],
                                     markable.attrs.get("type", ""), markable.attrs.get("value", ""),
                                     markable.attrs.get("mod") or None))
    gold.sort(key=lambda g: g.start)
    return GoldText(name, doc.text, doc.dct, gold, sentences, unscored)


def gold_documents(paths: Iterable[Path], progress: Callable[[Iterable], Iterable] = lambda x: x
                   ) -> Iterator[tuple[str, GoldText]]:
    """(corpus name, gold text) of every TimeML and MEANTIME file under ``paths`` that has a creation time; a
    file that cannot be read is logged and passed over."""
    jobs = [(Path(p).name or str(p), f) for p in paths for f in corpus_files(Path(p))]
    for corpus, f in progress(jobs):
        try:
            doc = read_gold(f)
        except meantime.MeantimeFormatError as exc:
            log.warning("skipped %s: %s", f, exc)
            continue
        if doc is not None:
            yield corpus, doc


def score(scored: Iterable[tuple[str, GoldText, list[Timex]]]) -> dict[str, tuple[Counts, list[DocumentScore]]]:
    """The scores of (corpus, gold text, system timexes): {corpus name: (totals, per-document scores)}; what the
    system found in the parts of a text that are not scored is left out."""
    results: dict[str, tuple[Counts, list[DocumentScore]]] = {}
    for corpus, doc, timexes in scored:
        system = [t for t in timexes if not any(t.start < end and t.end > start for start, end in doc.unscored)]
        one = score_document(doc.name, doc.text, doc.gold, system)
        totals, docs = results.setdefault(corpus, (Counts(), []))
        totals.add(one.counts)
        docs.append(one)
    return results


def evaluate(
    paths: Iterable[Path],
    extract: Extract,
    progress: Callable[[Iterable], Iterable] = lambda x: x,
) -> dict[str, tuple[Counts, list[DocumentScore]]]:
    """Score ``extract`` on TimeML and MEANTIME corpora: {corpus name: (totals, per-document scores)}."""
    return score((corpus, doc, extract(doc.text, doc.dct, doc.sentences))
                 for corpus, doc in gold_documents(paths, progress))


def format_table(results: dict[str, tuple[Counts, list[DocumentScore]]]) -> str:
    header = f"{'corpus':<12}{'docs':>6}{'gold':>7}{'sys':>7}  {'strict P/R/F1':<20}{'relaxed P/R/F1':<20}{'value F1':>9}{'type F1':>9}"
    lines = [header, "-" * len(header)]
    overall = Counts()
    for corpus, (counts, _) in results.items():
        overall.add(counts)
        lines.append(_row(corpus, counts))
    if len(results) > 1:
        lines.append(_row("overall", overall))
    return "\n".join(lines)


def _row(name: str, c: Counts) -> str:
    s = c.scores()
    strict = f"{s['strict_p']:.3f}/{s['strict_r']:.3f}/{s['strict_f1']:.3f}"
    relaxed = f"{s['relaxed_p']:.3f}/{s['relaxed_r']:.3f}/{s['relaxed_f1']:.3f}"
    return f"{name:<12}{c.documents:>6}{c.gold:>7}{c.system:>7}  {strict:<20}{relaxed:<20}{s['value_f1']:>9.3f}{s['type_f1']:>9.3f}"


def format_errors(results) -> str:
    lines = []
    for _corpus, (_, docs) in results.items():
        for d in docs:
            for e in d.errors:
                if e.kind == "missed":
                    lines.append(f"MISSED  {d.name}: {e.gold.text!r} {e.gold.type} {e.gold.value}  {e.context}")
                elif e.kind == "false":
                    lines.append(f"FALSE   {d.name}: {e.system.text!r} {e.system.type} {e.system.value}  {e.context}")
                elif e.kind == "value":
                    lines.append(
                        f"VALUE   {d.name}: {e.system.text!r} gold={e.gold.value} sys={e.system.value} "
                        f"({e.system.anchor.rule}, {e.system.anchor.direction})  {e.context}"
                    )
                elif e.kind == "type":
                    lines.append(f"TYPE    {d.name}: {e.system.text!r} gold={e.gold.type} sys={e.system.type}  {e.context}")
                elif e.kind == "extent":
                    lines.append(f"EXTENT  {d.name}: gold={e.gold.text!r} sys={e.system.text!r}  {e.context}")
    return "\n".join(lines)
