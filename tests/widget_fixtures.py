"""The pytest fixtures the widget's browser tests share (import them into a test module by name):
one headless Chromium and one service over the test feed per module, and pages in fresh contexts."""

from __future__ import annotations

import json
import urllib.request

import pytest

from widget_browser import RECORDER, launch, require_chromium
from widget_feed import feed_app
from widget_servers import WaitressThread


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def service():
    with WaitressThread(feed_app()) as server:
        yield server


@pytest.fixture(scope="module")
def api(service):
    with urllib.request.urlopen(f"{service.url}/api/timeline?limit=1000") as response:
        return json.load(response)


@pytest.fixture
def open_page(browser):
    """open_page(url, width=1280, scheme="light", on_request=None, **context options) -> page, with the recorder and a
    list of dialogs (page.dialogs) that must stay empty."""
    contexts = []

    def open_(url, width=1280, height=800, scheme="light", on_request=None, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, **options)
        contexts.append(context)
        page = context.new_page()
        page.dialogs = []
        page.errors = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.add_init_script(RECORDER)
        if on_request is not None:  # on_request(url) for every request the page makes
            page.on("request", lambda request: on_request(request.url))
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()
