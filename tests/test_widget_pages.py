"""The widget's server side, without a browser: the page and its noscript list, the embed script,
the static files, filters passing through, escaping, CORS and the page's security headers."""

from __future__ import annotations

import json
import re
from html import escape, unescape

import pytest

from widget_feed import SCRIPT, feed_app


@pytest.fixture(scope="module")
def client():
    return feed_app().test_client()


HEADLINE = r'<p class="headline" dir="auto">(.*?)</p>'


def noscript(html: str) -> str:
    return re.search(r"<noscript>(.*)</noscript>", html, re.S).group(1)


def test_page_and_widget_render_the_widget_host_and_the_embed_script(client):
    for path in ("/", "/widget"):
        response = client.get(path)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert 'data-timeline-src="/api/timeline"' in html
        assert '<script src="/embed.js"></script>' in html
        assert "<noscript>" in html


def test_noscript_list_has_every_dated_event_in_date_order_with_labels_and_sources(client):
    api = client.get("/api/timeline").get_json()
    html = noscript(client.get("/widget").get_data(as_text=True))
    headlines = [unescape(h) for h in re.findall(HEADLINE, html)]
    others = api["vague"] + api["undated"]
    assert headlines == [e["headline"] for e in api["events"] + others]
    # each date as the API labels it, with its value for machines
    assert '<data value="2022-08">August 2022</data>' in html  # a month shows as the month
    assert '<data value="2001">2001</data>' in html  # a year as the year
    assert '<data value="2022-02">early February 2022</data>' in html
    for event in api["events"]:
        assert f'<data value="{event["date"]["value"]}">{escape(event["date"]["label"])}</data>' in html
        for source in event["sources"]:
            assert f'<time datetime="{source["dct"]}">{source["dct"]}</time>' in html
    assert html.count('class="badge">scheduled<') == sum(e["date"]["scheduled"] for e in api["events"])
    assert "Not placed on the timeline" in html and "in the past" in html
    sentence = api["events"][0]["sources"][0]["sentence"]
    assert unescape(sentence) in unescape(html)


def test_filters_pass_through_to_the_widget_and_the_list(client):
    html = client.get("/widget?entity=Putin&from=2022-09&q=met&theme=dark&bogus=1").get_data(as_text=True)
    src = unescape(re.search(r'data-timeline-src="([^"]*)"', html).group(1))
    assert src.startswith("/api/timeline?")
    assert dict(p.split("=") for p in src.split("?")[1].split("&")) == {"entity": "Putin", "from": "2022-09", "q": "met"}
    assert 'data-theme="dark"' in html and 'class="theme-dark"' in html
    api = client.get(src).get_json()
    listed = [unescape(h) for h in re.findall(HEADLINE, noscript(html))]
    assert listed[: len(api["events"])] == [e["headline"] for e in api["events"]]
    assert 0 < len(api["events"]) < 17


def test_bad_filter_is_a_400_page_not_a_crash(client):
    response = client.get("/widget?from=yesterday")
    assert response.status_code == 400
    assert "must be a date" in response.get_data(as_text=True)


def test_noscript_list_pages_with_the_api_cursor(client, monkeypatch):
    import service.widget as widget_module

    monkeypatch.setattr(widget_module, "NOSCRIPT_PAGE", 5)
    html = client.get("/widget").get_data(as_text=True)
    api = client.get("/api/timeline?limit=5").get_json()
    others = len(api["vague"]) + len(api["undated"])
    assert len(re.findall(HEADLINE, html)) == 5 + others  # five events, and the first page of those not placed
    next_url = unescape(re.search(r'<a href="([^"]*)">Next events</a>', html).group(1))
    second = client.get(next_url).get_data(as_text=True)
    assert '<ol class="events" start="6">' in second
    first_five = re.findall(HEADLINE, html)[:5]
    assert not set(first_five) & set(re.findall(HEADLINE, second))
    # the events not placed page on their own, through the API's cursors for them
    seen = re.findall(HEADLINE, html)[5:]
    while (more := re.search(r'<a href="([^"]*)">More undated events</a>', html)):
        html = client.get(unescape(more.group(1))).get_data(as_text=True)
        seen += re.findall(HEADLINE, html.split("Not placed on the timeline", 1)[1])
    everything = client.get("/api/timeline?limit=1000").get_json()
    assert len(seen) == len(everything["vague"]) + len(everything["undated"])


def test_article_text_is_escaped_and_javascript_urls_are_not_links(client):
    html = client.get("/widget").get_data(as_text=True)
    assert SCRIPT not in html  # not as markup anywhere in the page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # but shown, as text
    assert "javascript:" not in html
    assert html.count("<script") == 1  # only our own /embed.js


def test_page_may_be_framed_and_allows_nothing_from_elsewhere(client):
    response = client.get("/widget")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in csp and "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "X-Frame-Options" not in response.headers
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    # no other origin is trusted for scripts, styles, connections: no CDN, fonts or analytics; only the articles'
    # pictures come from wherever their articles keep them
    assert all("http" not in value for name, value in directives.items() if name != "img-src")
    assert directives["img-src"] == "'self' data: https: http:"


def test_embed_script_and_modules_are_served_with_cors(client):
    embed = client.get("/embed.js")
    assert embed.status_code == 200 and embed.mimetype == "text/javascript"
    assert embed.headers["Access-Control-Allow-Origin"] == "*"
    modules = set(re.findall(r'from "\./([\w-]+\.js)"', client.get("/static/widget/widget.js").get_data(as_text=True)))
    assert {"api.js", "virtual-list.js", "render.js", "axis.js", "picker.js"} <= modules
    for name in modules | {"widget.js", "data.js", "dates.js", "widget.css", "page.css"}:
        response = client.get(f"/static/widget/{name}")
        assert response.status_code == 200, name
        assert response.headers["Access-Control-Allow-Origin"] == "*", name


def test_the_embed_loads_the_modules_as_one_put_together_from_the_files(client):
    """embed.js imports bundle.js: every module widget.js reaches, each in a function of its own, in the order a
    browser evaluates them, served with CORS and a validator (a reader's cache asks again with If-None-Match)."""
    embed = client.get("/embed.js").get_data(as_text=True)
    assert 'import(assets + "bundle.js")' in embed and '"widget.js"' not in embed
    response = client.get("/static/widget/bundle.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in response.headers["Cache-Control"] and "public" in response.headers["Cache-Control"]
    text = response.get_data(as_text=True)
    order = re.findall(r"^// ---- (\S+)$", text, re.M)
    # depth first in the order of the imports: a module comes after the modules it imports, widget.js last
    assert order[-1] == "widget.js" and sorted(order) == sorted(set(order))
    assert {"api.js", "axis.js", "data.js", "dates.js", "i18n.js", "messages/en.js", "picker.js", "render.js",
            "scale.js", "ticks.js", "virtual-list.js", "reasons.js", "firstview.js", "fragment.js"} < set(order)
    assert order.index("dates.js") < order.index("data.js") < order.index("api.js") < order.index("widget.js")
    assert "messages/fr.js" not in order  # a locale's catalog is imported by URL when it is asked for
    assert not re.search(r"^(import|export) (?!const \{ mount \} = __tl_widget;)", text, re.M)
    for module in order:  # each module's own text is in it, its imports and exports aside
        source = client.get(f"/static/widget/{module}").get_data(as_text=True)
        kept = [line for line in source.splitlines() if not re.match(r"(import|export) ", line)]
        assert "\n".join(kept[-3:]) in text, module
    again = client.get("/static/widget/bundle.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_bundler_refuses_what_it_cannot_put_together_faithfully(tmp_path):
    from service.widget_bundle import BundleError, build

    (tmp_path / "b.js").write_text('export function b() { return 2; }\nexport const c = 3;\n', encoding="utf-8")
    (tmp_path / "a.js").write_text('import { b, c as d } from "./b.js";\nexport function a() { return b() + d; }\n',
                                   encoding="utf-8")
    text = build(tmp_path, "a.js")
    assert "const { b, c: d } = __tl_b;" in text and text.rstrip().endswith("export const { a } = __tl_a;")
    for source in ('import * as b from "./b.js";\n', 'export { b };\nconst b = 1;\n', 'export * from "./b.js";\n',
                   'import { b } from "https://cdn.invalid/b.js";\n', 'import "./missing.js";\n',
                   'import "./a.js";\n', 'export let e = 1;\ne = 2;\n'):
        (tmp_path / "a.js").write_text(source, encoding="utf-8")
        with pytest.raises(BundleError):
            build(tmp_path, "a.js")


def test_widget_code_builds_no_html_from_strings_and_calls_no_other_server(client):
    for name in ("embed.js", "widget.js", "render.js", "api.js", "data.js", "dates.js", "keys.js", "virtual-list.js",
                 "axis.js", "scale.js", "ticks.js", "reasons.js", "picker.js", "bundle.js", "widget.css", "page.css"):
        text = client.get(f"/static/widget/{name}").get_data(as_text=True)
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", text), name
        assert not re.search(r"https?://(?!HOST/|www\.w3\.org/2000/svg\")", text), name  # (the SVG namespace is a name)  # no CDN, font service or analytics
        assert "@import" not in text and "@font-face" not in text, name
    api = client.get("/static/widget/api.js").get_data(as_text=True)
    assert 'credentials: "omit"' in api
    assert 'credentials: "omit"' in client.get("/static/widget/picker.js").get_data(as_text=True)
    for name in ("widget.js", "keys.js", "virtual-list.js", "embed.js", "axis.js", "picker.js"):
        text = client.get(f"/static/widget/{name}").get_data(as_text=True)
        assert not re.search(r"(document|window)\.addEventListener\(\s*\"key", text), name


def test_timeline_json_the_widget_reads_has_what_it_shows(client):
    data = json.loads(client.get("/api/timeline?limit=1000").data)
    for event in data["events"]:
        assert event["headline"] and event["date"]["label"] and event["sources"]
        assert event["date"]["start"] and event["date"]["end"]


def test_noscript_list_marks_inferred_dates_with_their_reason(client):
    api = client.get("/api/timeline").get_json()
    inferred = [e for e in api["events"] + api["vague"] + api["undated"] if e["inferred"]]
    assert inferred  # the test feed has one: "The ministry said recently ..."
    html = noscript(client.get("/widget").get_data(as_text=True))
    items = re.findall(r'<p class="when">(.*?)</p>\s*<p class="headline" dir="auto">(.*?)</p>\s*(<p class="why">.*?</p>)?',
                       html, re.S)
    events = api["events"] + api["vague"] + api["undated"]
    assert [unescape(headline) for _, headline, _ in items] == [e["headline"] for e in events]
    for (when, _, why), event in zip(items, events):
        assert ('class="badge badge-inferred">inferred<' in when) == event["inferred"]
        if event["inferred"]:  # the API's words for the rule (every inferred date has them: the test below)
            assert unescape(why) == f'<p class="why">Date inferred: {event["date"]["why"]["explanation"]}.</p>'
        else:
            assert why == ""


def test_every_inferred_date_carries_its_rule_in_words(client):
    """The API's reason for an inferred date is the rule's explanation in timeline/events/dating.toml, the
    words the widget and the server-rendered list show."""
    from timeline.events.context import rules

    api = client.get("/api/timeline").get_json()
    inferred = [e for e in api["events"] + api["vague"] + api["undated"] if e["inferred"]]
    assert inferred
    for event in inferred:
        why = event["date"]["why"]
        assert why["explanation"] == rules()[why["rule"]].explanation != ""
