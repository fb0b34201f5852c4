"""The widget's entity picker in headless Chromium, against the real service: a WAI-ARIA combobox (an editable
text box with a listbox popup) fed by /api/entities, complete by keyboard (typing asks the service, ↓/↑ move
the option aria-activedescendant names, Enter picks, Escape closes the list then clears the text) and told to a
screen reader (roles, states, the live region); picking sets the service's entity filter, so the widget then
shows exactly the entity's events; axe finds no violation with the list open."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request

from widget_browser import ROOT, count_live_updates, in_widget, live_updates, run_axe, wait_for, wait_loaded
from widget_fixtures import browser, open_page, service  # noqa: F401 - fixtures

PICKER = "root.querySelector('.tl-picker-input')"


def state(page) -> dict:
    return in_widget(page, f"""
        const input = {PICKER}, list = root.getElementById(input.getAttribute('aria-controls'));
        const active = input.getAttribute('aria-activedescendant');
        return {{role: input.getAttribute('role'), expanded: input.getAttribute('aria-expanded'),
                 autocomplete: input.getAttribute('aria-autocomplete'), value: input.value,
                 label: root.querySelector(`label[for="${{input.id}}"]`).textContent, focused: root.activeElement === input,
                 listRole: list.getAttribute('role'), open: !list.hidden,
                 options: Array.from(list.querySelectorAll('[role=option]')).map((o) => o.textContent),
                 active: active && root.getElementById(active) ? root.getElementById(active).textContent : null,
                 selected: Array.from(list.querySelectorAll('[aria-selected=true]')).map((o) => o.id),
                 activeId: active}};
    """)


def served(service, query: str) -> list[str]:
    with urllib.request.urlopen(f"{service.url}/api/timeline?limit=1000&{query}") as response:
        data = json.load(response)
    return [e["headline"] for e in data["events"]]


def rows(page) -> int:
    return in_widget(page, "return Number(root.querySelector('.tl-list').getAttribute('aria-rowcount'))")


def test_the_picker_is_a_combobox_complete_by_keyboard_that_sets_the_entity_filter(open_page, service):  # noqa: F811
    page = open_page(f"{service.url}/widget?view=whole")
    wait_loaded(page)
    everything = rows(page)
    with urllib.request.urlopen(f"{service.url}/api/entities?q=putin") as response:
        (putin,) = json.load(response)["entities"]
    page.locator(".tl-picker-input").focus()
    found = state(page)
    assert (found["role"], found["expanded"], found["autocomplete"], found["listRole"]) == ("combobox", "false", "list", "listbox")
    assert found["label"] and found["focused"]
    count_live_updates(page)
    page.keyboard.type("puti")
    wait_for(page, "() => { const r = document.querySelector('[data-timeline-src]').shadowRoot; "
                   "return !r.querySelector('.tl-picker-list').hidden; }")
    found = state(page)
    assert found["expanded"] == "true" and found["options"] and "Vladimir Putin" in found["options"][0]
    assert found["active"] is None  # typing makes no option current; the text box keeps the focus
    assert any("found" in text for text in live_updates(page))
    page.keyboard.press("ArrowDown")
    found = state(page)
    assert "Vladimir Putin" in found["active"] and found["selected"] == [found["activeId"]] and found["focused"]
    assert not run_axe(page)  # with the list open and an option current
    page.keyboard.press("Enter")
    found = state(page)
    assert found["value"] == "Vladimir Putin" and found["expanded"] == "false" and not found["open"]
    expected = served(service, "entity=" + urllib.parse.quote(putin["id"]))
    assert expected and expected == served(service, "entity=Putin")
    wait_for(page, "(n) => Number(document.querySelector('[data-timeline-src]').shadowRoot"
                   ".querySelector('.tl-list').getAttribute('aria-rowcount')) === n", arg=len(expected))
    assert any("Vladimir Putin" in text for text in live_updates(page))
    # Escape: the list first (none open: the text, and with it the filter)
    page.keyboard.press("Alt+ArrowDown")
    wait_for(page, "() => !document.querySelector('[data-timeline-src]').shadowRoot.querySelector('.tl-picker-list').hidden")
    page.keyboard.press("Escape")
    assert not state(page)["open"] and state(page)["value"] == "Vladimir Putin"
    page.keyboard.press("Escape")
    assert state(page)["value"] == ""
    wait_for(page, "(n) => Number(document.querySelector('[data-timeline-src]').shadowRoot"
                   ".querySelector('.tl-list').getAttribute('aria-rowcount')) === n", arg=everything)
    assert not page.errors and not page.dialogs


def test_a_typed_name_and_a_click_filter_too(open_page, service):  # noqa: F811
    page = open_page(f"{service.url}/widget?view=whole")
    wait_loaded(page)
    picker = page.locator(".tl-picker-input")
    picker.fill("Xi")
    picker.press("Enter")  # no option current: the name as typed is the filter (the service finds its entities)
    expected = served(service, "entity=Xi")
    wait_for(page, "(n) => Number(document.querySelector('[data-timeline-src]').shadowRoot"
                   ".querySelector('.tl-list').getAttribute('aria-rowcount')) === n", arg=len(expected))
    assert in_widget(page, "return !root.querySelector('.tl-picker-clear').hidden")
    page.locator(".tl-picker-clear").click()
    wait_loaded(page)
    picker.fill("erdo")
    page.locator(".tl-picker-option").first.click()
    assert "Erdogan" in state(page)["value"]
    expected = served(service, "entity=" + urllib.parse.quote(state(page)["value"]))
    wait_for(page, "(n) => Number(document.querySelector('[data-timeline-src]').shadowRoot"
                   ".querySelector('.tl-list').getAttribute('aria-rowcount')) === n", arg=len(expected))
    assert not page.errors


def test_every_catalog_words_the_picker():
    """The picker's messages (its label, states, announcements and the kinds of entity) in en, fr and ar."""
    messages = ROOT / "service" / "static" / "widget" / "messages"
    used = set(re.findall(r'M\.(?:t|count)\("(\w+)"', (ROOT / "service/static/widget/picker.js").read_text("utf-8")))
    used |= {f"kind_{kind}" for kind in ("person", "org", "index", "product", "place")}
    assert {"entity", "entitiesFound", "entityPicked", "kind_person"} <= used
    for language in ("en", "fr", "ar"):
        catalog = dict(re.findall(r'^  (\w+): (.+?),?$', (messages / f"{language}.js").read_text("utf-8"), re.M))
        assert used <= set(catalog), (language, used - set(catalog))
        assert all(catalog[key].strip('"{} ') for key in used), language
