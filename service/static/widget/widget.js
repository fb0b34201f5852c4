// The timeline widget: one per host element (<div data-timeline-src="https://HOST/api/timeline?...">),
// each inside its own shadow root so the host page's CSS cannot break it and its CSS cannot leak out.
//
// The root is open, not closed: everything in it is the public timeline, which the host page could
// fetch from the API itself, so closing it would hide nothing and would only lock out the tools that
// read the page for people (accessibility checkers, extensions, tests).
//
// Host attributes: data-timeline-src (the API URL with its filters), data-title, data-heading-level
// (1-5, default 2), data-theme (light | dark; default: the reader's system setting), data-height
// (any CSS height; or set the --tl-height custom property). It reports to the host page only through
// bubbling events with counts: timeline-widget:render (first page drawn), timeline-widget:load (all
// pages) and timeline-widget:error.
import { loadTimeline } from "./api.js";
import { computeBars } from "./dates.js";
import { keyAction } from "./keys.js";
import { el, eventItem, setExpanded } from "./render.js";
import { VirtualList } from "./virtual-list.js";

const LANES = 3;
const OTHERS_AT_ONCE = 100;
const mounted = new WeakSet();

const fmt = (n) => n.toLocaleString("en");
const plural = (n, word) => `${fmt(n)} ${word}${n === 1 ? "" : "s"}`;

export function mount(host, { assets }) {
  if (mounted.has(host) || host.shadowRoot) return null;
  let src;
  try {
    src = new URL(host.getAttribute("data-timeline-src") || "", document.baseURI).href;
  } catch {
    console.warn("timeline widget: data-timeline-src is not a URL", host);
    return null;
  }
  mounted.add(host);
  const widget = new TimelineWidget(host, host.attachShadow({ mode: "open" }), src, assets);
  widget.start();
  return widget;
}

class TimelineWidget {
  constructor(host, shadow, src, assets) {
    this.host = host;
    this.src = src;
    this.events = [];
    this.rows = this.events;
    this.others = [];
    this.terms = [];
    this.total = 0;
    this.loading = true;
    this.started = false;
    this.allOthers = false;
    this.expanded = new Set();
    this.recOf = new WeakMap();
    this.seq = 0;
    this.build(shadow, assets);
  }

  build(shadow, assets) {
    const host = this.host;
    const level = Math.min(5, Math.max(1, parseInt(host.dataset.headingLevel, 10) || 2));
    const link = el("link");
    link.rel = "stylesheet";
    link.href = new URL("widget.css", assets).href;
    // Shown once styled, so the reader never sees an unstyled flash of 5,000 rows' worth of layout.
    this.styled = new Promise((resolve) => {
      link.addEventListener("load", resolve, { once: true });
      link.addEventListener("error", resolve, { once: true });
      setTimeout(resolve, 5000);
    }).then(() => { this.tl.hidden = false; });

    const tl = (this.tl = el("section", "tl"));
    tl.hidden = true;
    tl.setAttribute("aria-labelledby", "tl-title");
    if (host.dataset.theme === "light" || host.dataset.theme === "dark") tl.dataset.theme = host.dataset.theme;
    const height = host.dataset.height;
    if (height && CSS.supports("height", height)) tl.style.setProperty("--tl-height", height);

    const header = el("header", "tl-head");
    const title = el(`h${level}`, "tl-title", host.dataset.title || "Timeline");
    title.id = "tl-title";
    this.summary = el("p", "tl-summary", "Loading the timeline…");
    const tools = el("div", "tl-tools");
    const label = el("label", "tl-filter-label", "Filter");
    label.htmlFor = "tl-filter";
    this.filter = el("input", "tl-filter");
    Object.assign(this.filter, { id: "tl-filter", type: "search", autocomplete: "off", spellcheck: false,
      placeholder: "names, words, dates" });
    this.jump = el("button", "tl-jump");
    this.jump.type = "button";
    this.jump.hidden = true;
    tools.append(label, this.filter, this.jump);
    const legend = el("p", "tl-legend");
    const dot = el("span", "tl-key tl-key-point");
    const bar = el("span", "tl-key tl-key-span");
    dot.setAttribute("aria-hidden", "true");
    bar.setAttribute("aria-hidden", "true");
    legend.append(dot, " a day or a time ", bar, " a week, month or year: its bar runs past the events inside it");
    header.append(title, this.summary, tools, legend);

    this.viewport = el("div", "tl-viewport");
    const track = el("div", "tl-track");
    const bars = el("div", "tl-bars");
    bars.setAttribute("aria-hidden", "true");
    this.list = el("ol", "tl-list");
    this.list.setAttribute("aria-label", "Events in date order");
    this.list.setAttribute("aria-busy", "true");
    track.append(bars, this.list);
    this.empty = el("p", "tl-empty", "No events match.");
    this.empty.hidden = true;
    this.othersSection = el("section", "tl-others");
    this.othersSection.hidden = true;
    this.othersSection.setAttribute("aria-labelledby", "tl-others-title");
    this.othersTitle = el(`h${level + 1}`, "tl-others-title", "Not placed on the timeline");
    this.othersTitle.id = "tl-others-title";
    this.othersTitle.tabIndex = -1;
    this.otherList = el("ul", "tl-other-list");
    this.more = el("button", "tl-more");
    this.more.type = "button";
    this.more.hidden = true;
    this.othersSection.append(this.othersTitle,
      el("p", "tl-others-note", "Vague or undated: the articles give no date precise enough to place these events."),
      this.otherList, this.more);
    this.viewport.append(track, this.empty, this.othersSection);

    this.live = el("p", "sr-only");
    this.live.setAttribute("role", "status");
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");
    tl.append(header, this.viewport, this.live);
    shadow.append(link, tl);

    this.vl = new VirtualList({ viewport: this.viewport, track, list: this.list, bars, render: (i) => this.rowNode(i) });

    // Every listener sits on the widget's own elements: none on the host's document or window.
    tl.addEventListener("keydown", (e) => this.onKey(e));
    tl.addEventListener("click", (e) => this.onClick(e));
    this.list.addEventListener("focusin", (e) => {
      const li = e.target.closest("li.ev");
      if (li) this.vl.pinned = Number(li.dataset.index);
    });
    this.filter.addEventListener("input", () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.applyFilter(this.filter.value), 150);
    });
  }

  async start() {
    try {
      await loadTimeline(this.src, {
        onPage: (page, first) => this.onPage(page, first),
        onRestart: () => this.restart(),
        onWait: (seconds) => this.waiting(seconds),
      });
      await this.styled;
      this.finish();
    } catch (err) {
      await this.styled;
      this.fail(err);
    }
  }

  adopt(rec) {
    rec.key = `e${this.seq++}`;
    return rec;
  }

  async onPage(page, first) {
    await this.styled;
    if (first) {
      this.started = true;
      this.total = page.total;
      this.others = page.others.map((r) => this.adopt(r));
      this.renderOthers();
    }
    for (const rec of page.events) this.events.push(this.adopt(rec));
    this.refreshRows(false);
    this.updateSummary();
    if (first) this.emit("render", { events: this.events.length, total: this.total });
  }

  // The timeline changed between two pages (410): read it again from the top.
  restart() {
    this.events = [];
    this.expanded.clear();
    this.refreshRows(true);
  }

  waiting(seconds) {
    this.summary.textContent = `No timeline yet: the first refresh of the feed has not finished. Trying again in ${seconds} s.`;
  }

  finish() {
    this.loading = false;
    this.list.setAttribute("aria-busy", "false");
    this.refreshRows(false);
    this.updateSummary();
    this.announce(`Timeline loaded: ${plural(this.events.length, "event")}.`);
    this.emit("load", { events: this.events.length, total: this.total });
  }

  fail(err) {
    this.loading = false;
    this.list.setAttribute("aria-busy", "false");
    const message = `The timeline could not be loaded: ${err && err.message ? err.message : err}`;
    this.summary.textContent = message;
    this.summary.classList.add("is-error");
    this.announce(message);
    this.emit("error", { status: err && err.status ? err.status : null });
  }

  emit(name, detail) {
    this.host.dispatchEvent(new CustomEvent(`timeline-widget:${name}`, { bubbles: true, detail }));
  }

  announce(text) {
    clearTimeout(this.liveTimer);
    this.live.textContent = "";
    // Cleared first and set a moment later, so the same words said twice are announced twice.
    this.liveTimer = setTimeout(() => { this.live.textContent = text; }, 100);
  }

  matches(rec) {
    return this.terms.every((t) => rec.text.includes(t));
  }

  refreshRows(reset) {
    this.rows = this.terms.length ? this.events.filter((r) => this.matches(r)) : this.events;
    this.vl.setsize = this.terms.length ? this.rows.length : Math.max(this.total, this.rows.length);
    this.vl.setBars(computeBars(this.rows, LANES));
    this.vl.setCount(this.rows.length, { reset });
    this.empty.hidden = this.rows.length > 0 || !this.started || (this.loading && !this.terms.length);
  }

  rowNode(i) {
    const rec = this.rows[i];
    const li = eventItem(rec, rec.key, this.expanded.has(rec.key));
    this.recOf.set(li, rec);
    return li;
  }

  renderOthers() {
    const rows = this.terms.length ? this.others.filter((r) => this.matches(r)) : this.others;
    const shown = this.allOthers ? rows : rows.slice(0, OTHERS_AT_ONCE);
    this.otherList.replaceChildren(...shown.map((rec) => {
      const li = eventItem(rec, rec.key, this.expanded.has(rec.key));
      this.recOf.set(li, rec);
      return li;
    }));
    this.more.hidden = shown.length >= rows.length;
    this.more.textContent = `Show all ${plural(rows.length, "event")} not placed on the timeline`;
    this.othersSection.hidden = rows.length === 0;
    this.jump.hidden = rows.length === 0;
    this.jump.textContent = `${fmt(rows.length)} not placed on the timeline`;
  }

  updateSummary() {
    if (!this.started) return;
    const n = this.rows.length;
    const all = this.events.length;
    let text;
    if (this.terms.length) {
      text = `${fmt(n)} of ${plural(all, "event")} match “${this.filter.value.trim()}”.`;
    } else {
      // The articles these events come from (the API's document list is the whole feed's).
      const articles = new Set(this.events.flatMap((e) => e.sources.map((src) => src.documentId))).size;
      text = `${plural(Math.max(this.total, all), "event")} from ${plural(articles, "article")}`;
      if (!this.loading && n) {
        const first = this.rows[0].date.label, last = this.rows[n - 1].date.label;
        text += first === last ? `, ${first}` : `, ${first} to ${last}`;
      }
      text += ".";
    }
    if (this.loading && all < this.total) text += ` Loading: ${fmt(all)} of ${fmt(this.total)}…`;
    this.summary.textContent = text;
  }

  applyFilter(value) {
    this.terms = value.toLowerCase().split(/\s+/).filter(Boolean);
    this.refreshRows(true);
    this.renderOthers();
    this.updateSummary();
    this.announce(this.terms.length
      ? `${fmt(this.rows.length)} of ${plural(this.events.length, "event")} match.`
      : `All ${plural(this.events.length, "event")} shown.`);
  }

  onClick(event) {
    const head = event.target.closest(".ev-head");
    if (head) {
      this.toggle(head.closest("li.ev"));
    } else if (event.target.closest(".tl-jump")) {
      this.viewport.scrollTop = this.othersSection.offsetTop;
      this.othersTitle.focus({ preventScroll: true });
    } else if (event.target.closest(".tl-more")) {
      // The button disappears: the focus goes to the first event it brought in.
      this.allOthers = true;
      const first = this.otherList.children.length;
      this.renderOthers();
      const next = this.otherList.children[first];
      if (next) next.querySelector(".ev-head").focus();
    }
  }

  toggle(li, open) {
    const rec = this.recOf.get(li);
    if (!rec) return false;
    if (open === undefined) open = !this.expanded.has(rec.key);
    if (open === this.expanded.has(rec.key)) return false;
    if (open) this.expanded.add(rec.key);
    else this.expanded.delete(rec.key);
    setExpanded(li, rec, open);
    this.announce(open ? `${plural(rec.sources.length, "source")} shown.` : "Sources hidden.");
    return true;
  }

  onKey(event) {
    const action = keyAction(event);
    if (!action) return;
    const li = event.target.closest("li.ev");
    if (!li) return;
    const handled = li.parentElement === this.list ? this.keyInTimeline(li, action) : this.keyInOthers(li, action);
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  // Escape closes the open sources and brings the focus back to the event.
  close(li) {
    if (!this.toggle(li, false)) return false;
    li.querySelector(".ev-head").focus();
    return true;
  }

  target(i, n, action, perPage) {
    if (action.move) i += action.move;
    else if (action.page) i += action.page * perPage;
    else if (action.to) i = action.to === "first" ? 0 : n - 1;
    return Math.min(n - 1, Math.max(0, i));
  }

  keyInTimeline(li, action) {
    if (action.close) return this.close(li);
    const i = Number(li.dataset.index);
    const n = this.rows.length;
    const j = this.target(i, n, action, this.vl.rowsPerPage());
    if (j === i) {
      this.announce(i === 0 ? "First event." : this.loading ? "Last event loaded so far." : "Last event.");
      return true;
    }
    this.vl.show(j).querySelector(".ev-head").focus({ preventScroll: true });
    this.announce(`Event ${fmt(j + 1)} of ${fmt(this.vl.setsize)}.`);
    return true;
  }

  keyInOthers(li, action) {
    if (action.close) return this.close(li);
    const items = Array.from(this.otherList.children);
    const i = items.indexOf(li);
    const j = this.target(i, items.length, action, 5);
    if (j === i) {
      this.announce(i === 0 ? "First event not placed on the timeline." : "Last event not placed on the timeline.");
      return true;
    }
    items[j].querySelector(".ev-head").focus();
    this.announce(`Not placed on the timeline: event ${fmt(j + 1)} of ${fmt(items.length)}.`);
    return true;
  }
}
