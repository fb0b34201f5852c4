"""The timeline for people: the page (``/`` and ``/widget``, embeddable in an iframe), the embed script
(``/embed.js``) and the widget's own static files (``/static/widget/...``).

The interactive widget is plain JavaScript in ``static/widget/`` (ES modules, no build step) that
reads the public JSON API; the embed loads them as one module, ``/static/widget/bundle.js``, which the
service puts together from those files (``service.widget_bundle``). The page also carries, inside ``<noscript>``, the same timeline as a
server-rendered list, paged like the API, so it reads without JavaScript. Both take the API's
filters (``timeline.filters``) from the page's query string.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, current_app, make_response, render_template, request, url_for

from service.views import GoneError, QueryError
from service.widget_bundle import Bundle
from timeline.filters import NAMES as FILTERS

widget = Blueprint(
    "widget", __name__, template_folder="templates",
    static_folder="static/widget", static_url_path="/static/widget",
)

THEMES = ("light", "dark", "auto")
VIEWS = ("story", "whole")  # the widget's first view: the story (the dense stretch, chatter folded) or everything
LOCALE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}")
NOSCRIPT_PAGE = 100  # events per server-rendered page: the noscript copy is sent with every page load
# The page needs nothing but its own origin (and the articles' pictures, wherever they are); even a bug in
# escaping could not run a script.
# frame-ancestors * because the page exists to be embedded in an iframe on other sites.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data: https: http:; "
            "base-uri 'none'; form-action 'none'; frame-ancestors *")


def safe_url(url) -> str | None:
    """Only http(s) links leave the page: a feed could carry ``javascript:`` or ``data:`` URLs."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _listing(filters: dict[str, str], cursor: str | None) -> dict | None:
    """One page of the timeline for the noscript list, read through the API's own query code so
    that filters and paging mean exactly what they mean in /api/timeline."""
    state = current_app.extensions["timeline"]
    version = state.version()
    if version is None:
        return None
    args = dict(filters, limit=str(NOSCRIPT_PAGE))
    if cursor:
        try:
            version = state.version_for(state.pages.decode_cursor(cursor).version)
            args["cursor"] = cursor
        except GoneError:
            pass  # the timeline changed since the link was made: start again from the top
    return json.loads(state.pages.render(version, args).body)


@widget.route("/")
@widget.route("/widget")
def page():
    filters = {k: request.args[k] for k in FILTERS if request.args.get(k)}
    theme = request.args.get("theme") if request.args.get("theme") in THEMES else None
    view = request.args.get("view") if request.args.get("view") in VIEWS else None
    locale = request.args.get("locale") if LOCALE.fullmatch(request.args.get("locale") or "") else None
    status, error, listing = 200, None, None
    try:
        listing = _listing(filters, request.args.get("cursor") or None)
    except QueryError as exc:
        status, error = 400, str(exc)
    next_url = None
    if listing and listing.get("next_cursor"):
        next_url = url_for("widget.page", **filters, **({"theme": theme} if theme else {}),
                           cursor=listing["next_cursor"])
    # the events not placed page on their own (the API's vague_next_cursor and undated_next_cursor)
    more_urls = [(label, url_for("widget.page", **filters, **({"theme": theme} if theme else {}),
                                 cursor=listing[f"{status}_next_cursor"]))
                 for status, label in (("vague", "More vague events"), ("undated", "More undated events"))
                 if listing and listing.get(f"{status}_next_cursor")]
    html = render_template(
        "widget.html", api_url=url_for("api.timeline", **filters), filters=filters, theme=theme, view=view,
        locale=locale,
        listing=listing, error=error, next_url=next_url, more_urls=more_urls,
        safe_url=safe_url,
    )
    response = make_response(html, status)
    response.headers["Content-Security-Policy"] = PAGE_CSP
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@widget.route("/embed.js")
def embed_js():
    response = widget.send_static_file("embed.js")
    response.mimetype = "text/javascript"
    return response


BUNDLE = Bundle(Path(__file__).parent / "static" / "widget")


@widget.route("/static/widget/bundle.js")
def bundle_js():
    """The widget's modules as one (see service.widget_bundle): one request instead of three rounds of them."""
    text, etag = BUNDLE.get()
    response = make_response(text)
    response.mimetype = "text/javascript"
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = current_app.get_send_file_max_age(None) or 0
    return response.make_conditional(request)


@widget.after_request
def cross_origin_assets(response):
    """The embed loads its modules from this origin into other sites' pages: module scripts are
    fetched in CORS mode, so they need Access-Control-Allow-Origin (the API and /embed.js get it from
    service.responses). Nothing here is private: every file is the same for every visitor."""
    if request.endpoint in ("widget.static", "widget.embed_js", "widget.bundle_js"):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
