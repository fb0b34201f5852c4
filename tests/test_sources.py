"""Loading documents: text with front matter or a sidecar, JSON articles, TimeML; and bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from timeline import sources
from timeline.sources import SourceError

from conftest import SEEDS


def test_seeds_load_with_sidecar_metadata():
    docs = [d for p in sources.iter_paths([SEEDS]) for d in sources.load_path(p)]
    assert [d.id for d in docs] == ["000_7d9800583c3c9883", "003_f115f9060a59de12"]
    assert all(d.dct == dt.date(2022, 9, 15) and d.dct_source == "sidecar:published" for d in docs)
    assert docs[0].title == "Putin, Xi Hail 'Great Power' Ties at Talks Defying West"
    assert docs[0].source_name == "The Moscow Times"
    # the article text is the file, byte for byte
    assert docs[0].text == (SEEDS / "000_7d9800583c3c9883.txt").read_text(encoding="utf-8")


def test_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Talks\npublished: 2022-09-15T10:30:00Z\nurl: https://example.org/a\n---\nXi met Putin.\n")
    (doc,) = sources.load_path(path)
    assert (doc.title, doc.dct, doc.dct_time, doc.url, doc.dct_source) == (
        "Talks", dt.date(2022, 9, 15), "10:30", "https://example.org/a", "front-matter:published"
    )
    assert doc.text == "Xi met Putin.\n"


def test_missing_publication_date_is_an_error_unless_given(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Xi met Putin on Thursday.")
    with pytest.raises(SourceError, match="no publication date"):
        sources.load_path(path)
    (doc,) = sources.load_path(path, dct=dt.date(2022, 9, 15))
    assert doc.dct_source == "cli"
    (doc,) = sources.load_path(path, fallback_dct=dt.date(2020, 1, 1))
    assert (doc.dct, doc.dct_source) == (dt.date(2020, 1, 1), "fallback")


def test_json_articles(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([
        {"title": "One", "text": "Talks on Friday.", "published": "Thu, 15 Sep 2022 08:00:00 GMT", "url": "u1"},
        {"title": "Two", "text": "Talks on Monday.", "published": "2022-09-16"},
    ]))
    docs = sources.load_path(path)
    assert [(d.title, d.dct.isoformat(), d.dct_time, d.url) for d in docs] == [
        ("One", "2022-09-15", "08:00", "u1"), ("Two", "2022-09-16", None, None)
    ]


def test_timeml(tmp_path):
    path = tmp_path / "doc.tml"
    path.write_text(
        '<?xml version="1.0" ?><TimeML><DOCID>D1</DOCID>'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07">1998-08-07</TIMEX3></DCT>'
        '<TEXT>Bombs exploded <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3> &amp; killed dozens.</TEXT></TimeML>'
    )
    (doc,) = sources.load_path(path)
    assert (doc.id, doc.dct, doc.dct_source) == ("D1", dt.date(1998, 8, 7), "timeml:DCT")
    assert doc.text == "Bombs exploded Friday & killed dozens."


@pytest.mark.parametrize(
    "name,content,reason",
    [
        ("bad.txt", b"caf\xe9 broken", "invalid UTF-8 at byte 3"),
        ("bom.txt", b"\xff\xfe broken", "invalid UTF-16 at byte 8"),
        ("nul.txt", b"---\npublished: 2022-09-15\n---\nab\x00\x00cd", "binary data"),
        ("deep.json", b"[" * 100000 + b"]" * 100000, "nested too deeply"),
        ("string.json", b'"just a string"', "JSON must be an article object"),
        ("empty.txt", b"", "empty"),
        ("bad.json", b"{not json", "malformed JSON"),
        ("nodate.json", b'{"text": "hello"}', "no publication date"),
        ("baddate.md", b"---\npublished: 2022-13-45\n---\ntext", "malformed publication date"),
        ("badfront.md", b"---\n: : :\n  - [\n---\ntext", "malformed front matter"),
        ("bad.tml", b"<TimeML>no text here</TimeML>", "malformed TimeML"),
        ("notes.pdf", b"%PDF", "unsupported file type"),
    ],
)
def test_bad_files_raise_clear_errors(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError, match=reason) as info:
        sources.load_path(path)
    assert info.value.path == str(path)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_byte_order_marks_name_the_encoding(tmp_path, encoding):
    path = tmp_path / "marked.txt"
    text = "---\npublished: 2022-09-15\n---\nLes ministres se sont réunis à Astana on Tuesday."
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    [doc] = sources.load_path(path)
    assert doc.text == text.split("---\n", 2)[2] and doc.dct == dt.date(2022, 9, 15)


def test_huge_file(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000)
    with pytest.raises(SourceError, match="too large"):
        sources.load_path(path, dct=dt.date(2022, 1, 1), max_bytes=1000)


def test_malformed_sidecar(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Some news.")
    (tmp_path / "a.txt.meta.toml").write_text("published = ")
    with pytest.raises(SourceError, match="malformed sidecar"):
        sources.load_path(path)


def test_directory_expansion_skips_hidden_and_sidecars(tmp_path):
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "a.txt.meta.toml").write_text("published = 2022-01-01")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.json").write_text("{}")
    names = [p.name for p in sources.iter_paths([tmp_path])]
    assert names == ["a.txt", "b.json"]


@pytest.mark.parametrize("value,expected", [
    ("2022-09-15", dt.date(2022, 9, 15)),
    ("19980108", dt.date(1998, 1, 8)),
    ("September 15, 2022", dt.date(2022, 9, 15)),
    ("Thu, 15 Sep 2022 10:30:00 +0000", dt.date(2022, 9, 15)),
])
def test_parse_dct(value, expected):
    assert sources.parse_dct(value).date == expected


@pytest.mark.parametrize("value", ["2022-02-30", "March 2020", "soon", ""])
def test_parse_dct_rejects(value):
    with pytest.raises(ValueError):
        sources.parse_dct(value)


_RSS_ITEM = "<item><guid>a</guid><title>A</title><description>They met on Monday.</description>{date}</item>"
_KINDS = {  # one article of each kind of file, with the publication date it carries (or none)
    "md": ("a.md", "---\npublished: {date}\n---\nThey met on Monday.", "---\ntitle: t\n---\nThey met on Monday."),
    "json": ("a.json", '{{"text": "They met on Monday.", "published": "{date}"}}', '{{"text": "They met on Monday."}}'),
    "timeml": ("a.tml", '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="{date}"/></DCT><TEXT>They met on Monday.</TEXT></TimeML>',
               "<TimeML><TEXT>They met on Monday.</TEXT></TimeML>"),
    "rss": ("a.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>' + _RSS_ITEM.replace("{date}", "<pubDate>{date}</pubDate>") + "</channel></rss>",
            '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>' + _RSS_ITEM.replace("{date}", "") + "</channel></rss>"),
}
GIVEN, CARRIED, FALLBACK = dt.date(2001, 2, 3), dt.date(2022, 9, 15), dt.date(1999, 12, 31)


def _load(tmp_path, kind: str, carried: str | None, **kwargs):
    name, with_date, without = _KINDS[kind]
    path = tmp_path / name
    path.write_text(with_date.format(date=carried) if carried else without.format(), encoding="utf-8")
    entries = sources.load_entries(path, **kwargs)
    if entries[0].document is None:
        raise SourceError(str(path), entries[0].error)
    return entries[0].document


@pytest.mark.parametrize("kind", list(_KINDS))
@pytest.mark.parametrize("carried, given, fallback, expected", [
    ("2022-09-15", GIVEN, FALLBACK, GIVEN),  # the caller's date wins
    ("2022-09-15", None, FALLBACK, CARRIED),  # then the document's own
    (None, None, FALLBACK, FALLBACK),  # then the configured fallback
    (None, None, None, "no publication date"),  # else the document is refused
    ("the day after", None, FALLBACK, "is not a date"),  # a date that is not one is reported, never replaced
])
def test_one_rule_chooses_every_kind_of_documents_date(tmp_path, kind, carried, given, fallback, expected):
    if kind == "timeml" and carried == "the day after":
        carried = "2022-02-30"  # a TimeML value is ISO-shaped
        expected = "not a valid date"
    if kind == "rss" and carried == "2022-09-15":
        carried = "Thu, 15 Sep 2022 08:00:00 GMT"
    if isinstance(expected, str):
        with pytest.raises(SourceError, match=expected):
            _load(tmp_path, kind, carried, dct=given, fallback_dct=fallback)
        return
    doc = _load(tmp_path, kind, carried, dct=given, fallback_dct=fallback)
    assert doc.dct == expected
    assert doc.dct_source == {GIVEN: "cli", FALLBACK: "fallback"}.get(expected) or doc.dct_source.endswith(
        ("published", "DCT"))


def test_only_regular_files_are_opened(tmp_path):
    """A FIFO would block whoever opens it: it is refused from its type, never opened (this test would hang)."""
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(SourceError, match="not a regular file but a named pipe"):
        sources.load_path(tmp_path / "pipe.txt", dct=dt.date(2022, 9, 15))
    (tmp_path / "a.txt").write_text("They met on Monday.")
    os.mkfifo(tmp_path / "a.txt.meta.toml")  # a sidecar that is a pipe
    with pytest.raises(SourceError, match="sidecar a.txt.meta.toml: not a regular file but a named pipe"):
        sources.load_path(tmp_path / "a.txt")
    with pytest.raises(SourceError, match="not a regular file but a directory"):
        sources.read_regular(tmp_path, 100)


@pytest.mark.parametrize("text, reason", [
    ("---\npublished: 2022-09-15\ntitle: Talks\nThey met on Monday.", "unterminated front matter"),
    ("---\ntitle: Talks\n\nThey met on Monday.", "unterminated front matter"),
    ("---\n\nA rule above prose, then the story. They met on Monday.", "no publication date"),  # not front matter
])
def test_front_matter_that_never_closes_is_named_as_such(tmp_path, text, reason):
    path = tmp_path / "a.md"
    path.write_text(text)
    with pytest.raises(SourceError, match=reason):
        sources.load_path(path)


def test_walking_a_directory_refuses_links_out_of_it_pipes_and_devices_with_reasons(tmp_path):
    import os

    inside, outside = tmp_path / "in", tmp_path / "out"
    inside.mkdir()
    outside.mkdir()
    (inside / "a.txt").write_text("x")
    (outside / "secret.txt").write_text("x")
    os.symlink(outside / "secret.txt", inside / "out.txt")
    os.symlink(inside / "a.txt", inside / "alias.txt")
    os.mkfifo(inside / "pipe.txt")
    walked = sources.walk([inside])
    assert [p.name for p in walked.files] == ["a.txt", "alias.txt"]
    reasons = {p.name: r for p, r in walked.refused}
    assert "symbolic link to outside the input directory" in reasons["out.txt"]
    assert "named pipe" in reasons["pipe.txt"]
    followed = sources.walk([inside], follow_links=True)
    assert [p.name for p in followed.files] == ["a.txt", "alias.txt", "out.txt"]
