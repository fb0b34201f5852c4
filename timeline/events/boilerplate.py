"""Find the parts of an article page that are not news: donation appeals, subscription boxes,
"Read more" links. Their dates ("every month", "for over 30 years") must not become events.

A paragraph is boilerplate when, outside quotations, it appeals to the reader ("support us",
"subscribe", "a small favor to ask") while addressing them ("you", "we", "our"), or when it is a
lone interface string ("Continue", "Read more"). Once an appeal starts in the second half of a
page, what follows it in the same voice is the rest of the appeal.

A paragraph is judged line by line: a text that breaks only its lines (one sentence or one paragraph a
line, no blank lines) is otherwise one paragraph, and one appeal word with one "we" anywhere in the
whole article would make all of it boilerplate. Quotations are found in the whole text first, so a
quotation that runs over several lines (a spokesman's "We are committed to support ...") is not an
appeal in any of them.
"""

from __future__ import annotations

import re

from timeline.text import paragraphs

# A quotation: straight, curly, guillemets or the Penn Treebank's ``...''; bounded, so a stray mark does
# not hide the rest of a page.
_QUOTED = re.compile(r"\"[^\"]{0,1500}\"|“[^”]{0,1500}”|«[^»]{0,1500}»|``.{0,1500}?''", re.S)
# the reader and the publisher addressing them; lower case or capitalised, not "US" (the country)
_READER = re.compile(r"\b(?:[Yy]ou|[Yy]our|[Yy]ours|[Yy]ou're|[Yy]ou've|[Ww]e|[Uu]s|[Oo]ur|[Oo]urs|[Ww]e're|[Ww]e've)\b")
_APPEAL = re.compile(
    r"\b(?:support(?:ing)?\s+(?:us|our|the|independent)|donat(?:e|ion|ions)|subscri(?:be|ption|ptions)|contribut(?:e|ion)|"
    r"sign\s+up|newsletter|favou?r\s+to\s+ask|become\s+a\s+(?:member|subscriber|patron)|make\s+a\s+gift|"
    r"all\s+rights\s+reserved|cookies?\s+policy|privacy\s+policy|terms\s+of\s+(?:use|service)|click\s+here|"
    r"follow\s+us|share\s+this|advertisement)\b",
    re.I,
)
_INTERFACE = re.compile(
    r"^(?:continue|read\s+more|more|advertisement|share|share\s+this|print|email|comments?|related|"
    r"related\s+articles|subscribe|support\s+.{0,40}!?|photo:.*|.{1,30}\s/\s.{1,30})$",
    re.I,
)


def _is_appeal(outside: str) -> bool:
    return bool(_APPEAL.search(outside)) and len(_READER.findall(outside)) >= 1


def _addresses_reader(outside: str) -> bool:
    return bool(_READER.search(outside))


def _lines(text: str) -> list[tuple[int, int]]:
    """The paragraphs' lines, each a span without surrounding space."""
    out = []
    for start, end in paragraphs(text):
        for line in re.finditer(r"[^\n]+", text[start:end]):
            if line.group().strip():
                lead = len(line.group()) - len(line.group().lstrip())
                out.append((start + line.start() + lead, start + line.start() + len(line.group().rstrip())))
    return out


def _is_interface(paragraph: str) -> bool:
    line = paragraph.strip().strip("…. ")
    return len(line.split()) <= 6 and bool(_INTERFACE.match(line))


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the page furniture and appeals in ``text``."""
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group()), text)
    out: list[tuple[int, int]] = []
    in_appeal = False
    for start, end in _lines(text):
        chunk, outside = text[start:end], unquoted[start:end]
        late = start >= len(text) / 2
        if _is_interface(chunk) or _is_appeal(outside):
            out.append((start, end))
            in_appeal = in_appeal or (late and _is_appeal(outside)) or (late and "favor to ask" in chunk.lower())
        elif in_appeal and (_addresses_reader(outside) or len(chunk.split()) <= 6):
            out.append((start, end))
        else:
            in_appeal = False
    return out


def is_boilerplate(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)
