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
import { Axis } from "./axis.js";
import { MONTH_ABBREVIATIONS as MON, computeBars } from "./dates.js";
import { axisAction, keyAction } from "./keys.js";
import { el, eventItem, setActive, setExpanded } from "./render.js";
import { civilFromDays, clampWindow, zoomWindow } from "./scale.js";
import { VirtualList } from "./virtual-list.js";
// Named here too, though only other modules use them, so that the browser fetches every module in
// one round after this one instead of discovering them a level at a time (no build step bundles them).
import "./data.js";
import "./reasons.js";
import "./ticks.js";

const LANES = 3;
const OTHERS_AT_ONCE = 100;
const MIN_SPAN = 1 / 12; // the closest zoom: two hours across the axis
const NARROW_EVERY = 120; // ms: while a zoom or pan gesture goes on, the list follows this often
const mounted = new WeakSet();

const fmt = (n) => n.toLocaleString("en");
const plural = (n, word) => `${fmt(n)} ${word}${n === 1 ? "" : "s"}`;

// A window of time in words, as precise as its length needs: "2001 to 2022", "Aug 2022 to Oct
// 2022", "14 Sep 2022 to 16 Sep 2022".
function windowLabel([t0, t1]) {
  const a = civilFromDays(t0), b = civilFromDays(Math.max(t0, t1 - 1e-6));
  const span = t1 - t0;
  const say = (c) => (span > 3 * 365 ? String(c.y) : span > 62 ? `${MON[c.m - 1]} ${c.y}` : `${c.d} ${MON[c.m - 1]} ${c.y}`);
  const x = say(a), y = say(b);
  return x === y ? x : `${x} to ${y}`;
}
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
    this.matched = []; // the events the filter keeps: what the axis draws
    this.rows = []; // and of those, the ones in the zoomed window: what the list shows
    this.others = [];
    this.terms = [];
    this.statedOnly = false; // hide events whose date was inferred from their context
    this.total = 0;
    this.loading = true;
    this.started = false;
    this.allOthers = false;
    this.expanded = new Set();
    this.recOf = new WeakMap();
    this.seq = 0;
    this.current = -1; // the list's current row: its one Tab stop, and the axis's value
    this.otherCurrent = 0;
    this.full = null; // [first, last] day numbers of the matched events, with a margin
    this.window = null; // the zoomed window, or null for the whole timeline
    this.build(shadow, assets);
  }

  build(shadow, assets) {
    const host = this.host;
    const level = Math.min(5, Math.max(1, parseInt(host.dataset.headingLevel, 10) || 2));
    const link = el("link");
    link.rel = "stylesheet";
    // CORS mode without credentials: a host on another port of the same host name is the same
    // site, and a plain <link> would send that site's cookies along with the request.
    link.crossOrigin = "anonymous";
    link.href = new URL("widget.css", assets).href;
    // Shown once styled, so the reader never sees an unstyled flash of 5,000 rows' worth of layout.
    this.styled = new Promise((resolve) => {
      link.addEventListener("load", resolve, { once: true });
      link.addEventListener("error", resolve, { once: true });
      setTimeout(resolve, 5000);
    }).then(() => { this.tl.hidden = false; });

    const tl = (this.tl = el("section", "tl"));
    tl.hidden = true;
    // The widget's own direction: a host page's `direction: rtl` is inherited through the shadow
    // boundary (even `all: initial` leaves direction alone), and would mirror half the layout.
    tl.dir = "ltr";
    tl.lang = "en";
    tl.setAttribute("aria-labelledby", "tl-title");
    if (host.dataset.theme === "light" || host.dataset.theme === "dark") tl.dataset.theme = host.dataset.theme;
    const height = host.dataset.height;
    if (height && CSS.supports("height", height)) tl.style.setProperty("--tl-height", height);

    // A button, not a link to #tl-end: the target is inside the shadow root, which the document's
    // fragment navigation (and axe's skip-link check) cannot see into.
    const skip = el("button", "tl-skip", "Skip past the timeline");
    skip.type = "button";

    const header = el("header", "tl-head");
    const line = el("div", "tl-line");
    const title = el(`h${level}`, "tl-title", host.dataset.title || "Timeline");
    title.id = "tl-title";
    const tools = el("div", "tl-tools");
    const label = el("label", "tl-filter-label", "Filter");
    label.htmlFor = "tl-filter";
    this.filter = el("input", "tl-filter");
    Object.assign(this.filter, { id: "tl-filter", type: "search", autocomplete: "off", spellcheck: false,
      placeholder: "names, words, dates" });
    tools.append(label, this.filter);
    // On narrow screens the summary and the key fold away behind this button (one header line).
    this.infoToggle = el("button", "tl-info-toggle", "About");
    this.infoToggle.type = "button";
    this.infoToggle.setAttribute("aria-expanded", "false");
    this.infoToggle.setAttribute("aria-controls", "tl-info");
    line.append(title, tools, this.infoToggle);
    const info = (this.info = el("div", "tl-info"));
    info.id = "tl-info";
    this.summary = el("p", "tl-summary", "Loading the timeline…");
    this.jump = el("button", "tl-jump");
    this.jump.type = "button";
    this.jump.hidden = true;
    // Dates the text does not give are inferred (hollow marks); a reader may keep only the stated ones.
    const stated = el("label", "tl-stated");
    this.stated = el("input", "tl-stated-box");
    Object.assign(this.stated, { type: "checkbox", id: "tl-stated" });
    stated.append(this.stated, " Only dates the articles state");
    info.append(this.summary, this.jump, stated, legend());
    header.append(line, info);

    const axisWrap = el("div", "tl-axis-wrap");
    this.slider = el("div", "tl-axis");
    this.slider.tabIndex = 0;
    this.slider.setAttribute("role", "slider");
    this.slider.setAttribute("aria-label", "Time axis");
    this.slider.setAttribute("aria-orientation", "horizontal");
    this.slider.setAttribute("aria-describedby", "tl-axis-keys");
    this.setSlider(0, 0, "No events yet");
    const keysHint = el("p", "tl-axis-keys",
      "Axis keys: arrows, previous or next event; Page Up or Down, a tenth of the time shown later or earlier; Home, End; + and - zoom, 0 whole timeline; Enter, go to the event in the list.");
    keysHint.id = "tl-axis-keys";
    const zoom = el("div", "tl-zoom");
    this.zoomOut = zoomButton("−", "Zoom out");
    this.zoomIn = zoomButton("+", "Zoom in");
    this.zoomAll = zoomButton("All", "All");
    this.zoomAll.title = "Whole timeline";
    this.zoomStatus = el("p", "tl-zoom-status");
    zoom.append(this.zoomOut, this.zoomIn, this.zoomAll, this.zoomStatus);
    axisWrap.append(this.slider, zoom, keysHint);

    this.viewport = el("div", "tl-viewport");
    const track = el("div", "tl-track");
    const bars = el("div", "tl-bars");
    bars.setAttribute("aria-hidden", "true");
    this.list = el("div", "tl-list");
    this.list.setAttribute("role", "grid");
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
    this.otherList = el("div", "tl-other-list");
    this.otherList.setAttribute("role", "grid");
    this.otherList.setAttribute("aria-labelledby", "tl-others-title");
    this.more = el("button", "tl-more");
    this.more.type = "button";
    this.more.hidden = true;
    this.othersSection.append(this.othersTitle,
      el("p", "tl-others-note", "Vague or undated: the articles give no date precise enough to place these events."),
      this.otherList, this.more);
    this.viewport.append(track, this.empty, this.othersSection);

    this.end = el("p", "tl-end sr-only", "End of the timeline.");
    this.end.id = "tl-end";
    this.end.tabIndex = -1;
    this.live = el("p", "sr-only");
    this.live.setAttribute("role", "status");
    this.live.setAttribute("aria-live", "polite");
    this.live.setAttribute("aria-atomic", "true");
    tl.append(skip, header, axisWrap, this.viewport, this.end, this.live);
    shadow.append(link, tl);

    this.vl = new VirtualList({
      viewport: this.viewport, track, list: this.list, bars, render: (i) => this.rowNode(i),
      onView: (first, last) => this.onView(first, last),
    });
    this.axis = new Axis(this.slider, {
      pick: (t) => this.pick(t),
      pan: (dt) => this.pan(dt),
      zoom: (factor, t) => this.zoom(factor, t),
      settle: () => this.settle(true),
    });

    // Every listener sits on the widget's own elements: none on the host's document or window.
    tl.addEventListener("keydown", (e) => this.onKey(e));
    tl.addEventListener("click", (e) => this.onClick(e));
    this.list.addEventListener("focusin", (e) => {
      const li = e.target.closest("div.ev");
      if (li && li.parentElement === this.list) this.setCurrent(Number(li.dataset.index), {});
    });
    this.otherList.addEventListener("focusin", (e) => {
      const li = e.target.closest("div.ev");
      if (li) this.setOtherCurrent(Array.prototype.indexOf.call(this.otherList.children, li));
    });
    this.filter.addEventListener("input", () => {
      clearTimeout(this.filterTimer);
      this.filterTimer = setTimeout(() => this.applyFilter(this.filter.value), 150);
    });
    this.stated.addEventListener("change", () => {
      this.statedOnly = this.stated.checked;
      this.applyFilter(this.filter.value);
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
    else if (page.others.length) {
      for (const rec of page.others) this.others.push(this.adopt(rec));
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
    this.window = null;
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

  // One update of the live region per call. The same words twice in a row get a no-break space
  // added or taken away, so that they are announced again without first emptying the region (an
  // empty-then-filled region is two updates, and some screen readers speak both).
  announce(text) {
    if (this.live.textContent.replace(/\u00a0$/, "") === text && !this.live.textContent.endsWith("\u00a0")) text += "\u00a0";
    this.live.textContent = text;
  }

  matches(rec) {
    return (!this.statedOnly || !rec.inferred) && this.terms.every((t) => rec.text.includes(t));
  }

  // --- rows: filter, then zoom ---------------------------------------------------------------------

  refreshRows(reset) {
    // A new array each time: narrow() tells new rows from more rows by comparing with the old one.
    this.matched = this.filtering() ? this.events.filter((r) => this.matches(r)) : this.events.slice();
    this.full = fullRange(this.matched);
    this.extent = this.full && fullRange(this.matched, 0);
    if (this.window) this.window = this.full ? clampWindow(this.window, this.full) : null;
    if (this.window && this.full && this.window[1] - this.window[0] >= (this.full[1] - this.full[0]) * 0.999) this.window = null;
    this.axis.setRows(this.matched);
    this.axis.setWindow(this.window || this.full || [0, 1], this.full ? this.full[0] : null);
    this.narrow(reset);
    this.empty.hidden = this.rows.length > 0 || !this.started || (this.loading && !this.filtering() && !this.window);
  }

  // The list shows the matched events that overlap the zoomed window (all of them when not zoomed).
  // Zooming filters the loaded events here rather than asking the API again with from/to: every
  // event is already loaded, the list then follows a wheel or pinch at frame rate, and the axis
  // keeps drawing the events outside the window as the context to pan to.
  narrow(reset) {
    clearTimeout(this.narrowTimer);
    this.narrowTimer = 0;
    this.narrowedAt = performance.now();
    const prev = this.rows;
    const keep = prev[this.current];
    const w = this.window;
    const rows = w ? this.matched.filter((r) => r.t0 != null && r.t1 > w[0] && r.t0 < w[1]) : this.matched;
    const n = prev.length;
    // More of the same rows (a page loaded) keeps what is drawn; other rows start the list afresh.
    const grown = !reset && n <= rows.length && (n === 0 || (rows[0] === prev[0] && rows[n - 1] === prev[n - 1]));
    const same = grown && n === rows.length && (rows === prev || rows.every((r, i) => r === prev[i]));
    this.rows = rows;
    const partial = this.filtering() || w;
    this.list.setAttribute("aria-rowcount", String(partial ? rows.length : Math.max(this.total, rows.length)));
    if (!same) {
      this.vl.setBars(computeBars(rows, LANES));
      this.vl.setCount(rows.length, { reset: !grown });
      let index = keep ? rows.indexOf(keep) : -1;
      const found = index >= 0;
      if (!found) index = grown && this.current >= 0 ? this.current : 0;
      this.current = -1;
      if (index < rows.length) this.setCurrent(index, { scroll: found && !grown ? "top" : null });
      else this.updateSlider();
    } else {
      this.updateSlider(); // the same events in another window: the value's text names the window
    }
    this.updateZoom();
    this.updateSummary();
  }

  rowNode(i) {
    const rec = this.rows[i];
    const li = eventItem(rec, rec.key, this.expanded.has(rec.key));
    if (i === this.current) setActive(li, true);
    this.recOf.set(li, rec);
    return li;
  }

  // Row i becomes the current one: the list's Tab stop, the axis's value. focus: move the focus to
  // it; scroll: "top" puts it at the top of the list, otherwise it is scrolled just into view when
  // it gets the focus or when the axis chose it.
  setCurrent(i, { focus = false, scroll = null } = {}) {
    if (i < 0 || i >= this.rows.length) return;
    const old = this.current;
    if (old !== i) {
      const oldNode = this.vl.nodes.get(old);
      if (oldNode) setActive(oldNode, false);
    }
    this.current = i;
    let node;
    if (scroll === "top") node = this.vl.showAtTop(i);
    else if (focus || scroll) node = this.vl.show(i);
    else {
      this.vl.pinned = i;
      node = this.vl.nodes.get(i);
    }
    if (node) {
      setActive(node, true);
      if (focus) node.querySelector(".ev-head").focus({ preventScroll: true });
    }
    this.axis.setCurrent(this.rows[i]);
    this.updateSlider();
  }

  setSlider(now, max, text) {
    const s = this.slider;
    s.setAttribute("aria-valuemin", max ? "1" : "0");
    s.setAttribute("aria-valuemax", String(max));
    s.setAttribute("aria-valuenow", String(now));
    if (s.getAttribute("aria-valuetext") !== text) s.setAttribute("aria-valuetext", text);
  }

  updateSlider() {
    const n = this.rows.length;
    const rec = this.rows[this.current];
    if (!rec) return this.setSlider(0, 0, this.started ? "No events" : "No events yet");
    const zoom = this.window ? `; zoomed to ${windowLabel(this.window)}` : "";
    this.setSlider(this.current + 1, n, `${rec.date.label}: ${rec.headline} (event ${fmt(this.current + 1)} of ${fmt(n)}${zoom})`);
  }

  // The list scrolled or changed: light up the stretch of time it shows on the axis.
  onView(first, last) {
    if (first < 0) return this.axis.setView(null);
    let a = Infinity, b = -Infinity;
    for (let i = first; i <= last; i++) {
      const r = this.rows[i];
      if (!r || r.t0 == null) continue;
      if (r.t0 < a) a = r.t0;
      if (r.t1 > b) b = r.t1;
    }
    this.axis.setView(a < b ? [a, b] : null);
  }

  // --- the axis -----------------------------------------------------------------------------------

  // The event nearest time t (by the middle of its interval) goes to the top of the list.
  pick(t) {
    let best = -1, gap = Infinity;
    for (let i = 0; i < this.rows.length; i++) {
      const d = Math.abs(this.rows[i].mid - t);
      if (d < gap) { gap = d; best = i; }
    }
    if (best >= 0) this.setCurrent(best, { scroll: "top" });
  }

  // Slides a zoomed window by dt days; false when there is nothing to slide (not zoomed).
  pan(dt) {
    if (!this.window || !this.full) return false;
    this.setWindow(clampWindow([this.window[0] + dt, this.window[1] + dt], this.full), false);
    return true;
  }

  // Zooms by factor (2: twice as close) around time t; false when nothing changed (already at the
  // whole timeline, or as close as it goes).
  zoom(factor, t) {
    if (!this.full) return false;
    const before = this.window || this.full;
    const next = zoomWindow(before, factor, t, this.full, MIN_SPAN);
    if (Math.abs(next[0] - before[0]) < 1e-9 && Math.abs(next[1] - before[1]) < 1e-9) return false;
    this.setWindow(next, false);
    return true;
  }

  setWindow(window, now) {
    const full = this.full;
    this.window = full && window[1] - window[0] < (full[1] - full[0]) * 0.999 ? window : null;
    this.axis.setWindow(this.window || full, full ? full[0] : null);
    if (now) return this.narrow(false);
    // During a gesture the axis follows every frame and the list every NARROW_EVERY ms.
    const wait = NARROW_EVERY - (performance.now() - (this.narrowedAt || 0));
    if (wait <= 0) this.narrow(false);
    else if (!this.narrowTimer) this.narrowTimer = setTimeout(() => this.narrow(false), wait);
  }

  // A pointer gesture ended (announce: say where it left the list, once).
  settle(announce) {
    this.narrow(false);
    if (announce) this.announceZoom();
  }

  announceZoom() {
    this.announce(this.window
      ? `Zoomed to ${windowLabel(this.window)}: ${plural(this.rows.length, "event")}.`
      : `Whole timeline: ${plural(this.rows.length, "event")}.`);
  }

  updateZoom() {
    const full = this.full;
    this.zoomIn.disabled = !full || (this.window && this.window[1] - this.window[0] <= MIN_SPAN * 1.001);
    this.zoomOut.disabled = !this.window;
    this.zoomAll.disabled = !this.window;
    this.zoomStatus.textContent = !full ? "" : this.window
      ? `${windowLabel(this.window)} (${plural(this.rows.length, "event")})`
      : `${windowLabel(this.extent)}, whole timeline`;
  }

  // Where zooming centres: the current event, or the middle of what is shown.
  focusTime() {
    const rec = this.rows[this.current];
    if (rec) return rec.mid;
    const w = this.window || this.full;
    return w ? (w[0] + w[1]) / 2 : 0;
  }

  keyOnAxis(action) {
    const n = this.rows.length;
    if (action.zoom || action.reset) {
      if (action.reset) this.setWindow(this.full || [0, 1], true);
      else if (!this.zoom(action.zoom, this.focusTime())) {
        this.announce(action.zoom > 1 ? "Zoomed in as far as it goes." : "Showing the whole timeline.");
        return true;
      } else this.narrow(false);
      this.announceZoom();
      return true;
    }
    if (action.enter) {
      if (this.current >= 0) this.setCurrent(this.current, { focus: true });
      return true;
    }
    if (!n) return true;
    let j = this.current;
    if (action.move) j += action.move;
    else if (action.to) j = action.to === "first" ? 0 : n - 1;
    else if (action.jump) j = this.jumpTarget(action.jump);
    j = Math.min(n - 1, Math.max(0, j));
    if (j === this.current) {
      this.announce(j === 0 ? "First event." : this.loading ? "Last event loaded so far." : "Last event.");
      return true;
    }
    this.setCurrent(j, { scroll: "into" });
    return true;
  }

  // A tenth of the time shown later (dir 1) or earlier: the first event past that time.
  jumpTarget(dir) {
    const w = this.window || this.full;
    const rec = this.rows[this.current];
    if (!rec || !w) return this.current;
    const t = rec.mid + dir * (w[1] - w[0]) / 10;
    if (dir > 0) {
      const i = this.rows.findIndex((r, k) => k > this.current && r.mid >= t);
      return i < 0 ? this.rows.length - 1 : i;
    }
    for (let k = this.current - 1; k >= 0; k--) if (this.rows[k].mid <= t) return k;
    return 0;
  }

  // --- the rest -------------------------------------------------------------------------------------

  renderOthers() {
    const rows = this.filtering() ? this.others.filter((r) => this.matches(r)) : this.others;
    const shown = this.allOthers ? rows : rows.slice(0, OTHERS_AT_ONCE);
    this.otherList.replaceChildren(...shown.map((rec, i) => {
      const li = eventItem(rec, rec.key, this.expanded.has(rec.key));
      li.setAttribute("aria-rowindex", String(i + 1));
      this.recOf.set(li, rec);
      return li;
    }));
    this.otherList.setAttribute("aria-rowcount", String(rows.length));
    this.otherCurrent = Math.min(this.otherCurrent, Math.max(0, shown.length - 1));
    if (shown.length) setActive(this.otherList.children[this.otherCurrent], true);
    this.more.hidden = shown.length >= rows.length;
    this.more.textContent = `Show all ${plural(rows.length, "event")} not placed on the timeline`;
    this.othersSection.hidden = rows.length === 0;
    this.jump.hidden = rows.length === 0;
    this.jump.textContent = `${fmt(rows.length)} not placed on the timeline`;
  }

  setOtherCurrent(i) {
    const items = this.otherList.children;
    if (i < 0 || i >= items.length || i === this.otherCurrent) return;
    if (items[this.otherCurrent]) setActive(items[this.otherCurrent], false);
    this.otherCurrent = i;
    setActive(items[i], true);
  }

  updateSummary() {
    if (!this.started) return;
    const n = this.rows.length;
    const all = this.events.length;
    let text;
    if (this.terms.length) {
      text = `${fmt(this.matched.length)} of ${plural(all, "event")} match “${this.filter.value.trim()}”` +
        (this.statedOnly ? " with a stated date." : ".");
    } else if (this.statedOnly) {
      text = `${fmt(this.matched.length)} of ${plural(all, "event")} have a date the articles state.`;
    } else {
      // The articles these events come from (the API's document list is the whole feed's).
      const articles = new Set(this.events.flatMap((e) => e.sources.map((src) => src.documentId))).size;
      text = `${plural(Math.max(this.total, all), "event")} from ${plural(articles, "article")}`;
      if (!this.loading && this.matched.length) {
        const first = this.matched[0].date.label, last = this.matched[this.matched.length - 1].date.label;
        text += first === last ? `, ${first}` : `, ${first} to ${last}`;
      }
      text += ".";
    }
    if (this.window) text += ` Zoomed in: ${plural(n, "event")} shown.`;
    if (this.loading && all < this.total) text += ` Loading: ${fmt(all)} of ${fmt(this.total)}…`;
    if (this.summary.textContent !== text) this.summary.textContent = text;
  }

  filtering() {
    return this.terms.length > 0 || this.statedOnly;
  }

  applyFilter(value) {
    this.terms = value.toLowerCase().split(/\s+/).filter(Boolean);
    this.refreshRows(true);
    this.renderOthers();
    this.updateSummary();
    this.announce(this.filtering()
      ? `${fmt(this.matched.length)} of ${plural(this.events.length, "event")} match.`
      : `All ${plural(this.events.length, "event")} shown.`);
  }

  onClick(event) {
    const target = event.target;
    const head = target.closest(".ev-head");
    if (head) {
      this.toggle(head.closest("div.ev"));
    } else if (target.closest(".tl-skip")) {
      focusHere(this.end);
    } else if (target.closest(".tl-info-toggle")) {
      const open = this.infoToggle.getAttribute("aria-expanded") !== "true";
      this.infoToggle.setAttribute("aria-expanded", String(open));
      this.info.classList.toggle("is-open", open);
    } else if (target.closest(".tl-jump")) {
      this.viewport.scrollTop = this.othersSection.offsetTop;
      focusHere(this.othersTitle, { preventScroll: true });
    } else if (target.closest(".tl-more")) {
      // The button disappears: the focus goes to the first event it brought in.
      this.allOthers = true;
      const first = this.otherList.children.length;
      this.renderOthers();
      const next = this.otherList.children[first];
      if (next) {
        this.setOtherCurrent(first);
        next.querySelector(".ev-head").focus();
      }
    } else if (target.closest(".tl-zoom button")) {
      const button = target.closest("button");
      if (button === this.zoomAll) this.setWindow(this.full || [0, 1], true);
      else if (!this.zoom(button === this.zoomIn ? 2 : 0.5, this.focusTime())) return;
      else this.narrow(false);
      this.announceZoom();
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
    let handled = false;
    if (event.target === this.slider) {
      const action = axisAction(event);
      handled = action ? this.keyOnAxis(action) : false;
    } else {
      const action = keyAction(event);
      const li = action && event.target.closest("div.ev");
      if (li) handled = li.parentElement === this.list ? this.keyInTimeline(li, action) : this.keyInOthers(li, action);
    }
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

  // A move is announced once: by the focus landing on the event (its name starts with its date).
  // Only a key that cannot move (at either end) speaks through the live region.
  keyInTimeline(li, action) {
    if (action.close) return this.close(li);
    const i = Number(li.dataset.index);
    const j = this.target(i, this.rows.length, action, this.vl.rowsPerPage());
    if (j === i) {
      this.announce(i === 0 ? "First event." : this.loading ? "Last event loaded so far." : "Last event.");
      return true;
    }
    this.setCurrent(j, { focus: true });
    return true;
  }

  keyInOthers(li, action) {
    if (action.close) return this.close(li);
    const items = this.otherList.children;
    const i = Array.prototype.indexOf.call(items, li);
    const j = this.target(i, items.length, action, 5);
    if (j === i) {
      this.announce(i === 0 ? "First event not placed on the timeline." : "Last event not placed on the timeline.");
      return true;
    }
    this.setOtherCurrent(j);
    items[j].querySelector(".ev-head").focus();
    return true;
  }
}

// The span of time the axis covers: first start to last end, with a margin so that the first and
// last events do not sit on the very edge; at least a day.
function fullRange(rows, share = 0.02) {
  let a = Infinity, b = -Infinity;
  for (const r of rows) {
    if (r.t0 == null) continue;
    if (r.t0 < a) a = r.t0;
    if (r.t1 > b) b = r.t1;
  }
  if (!(a < b)) return null;
  const margin = share ? Math.max((b - a) * share, 0.5) : 0;
  return [a - margin, b + margin];
}

// Focus a landmark that is not a Tab stop (a skip link's target), so that the next Tab goes on
// from there. Chromium sends Tab from a tabindex="-1" element inside a shadow root back to the
// first Tab stop of that root, so it is a Tab stop until it loses the focus.
function focusHere(node, options) {
  node.tabIndex = 0;
  node.addEventListener("blur", () => { node.tabIndex = -1; }, { once: true });
  node.focus(options);
}

// A symbol ("−", "+") is seen and the words are heard: the name comes from the button's content (the
// symbol hidden from assistive technology, the words hidden from the eye), so no aria-label names it
// with words the reader cannot see (WCAG 2.5.3, axe's label-content-name-mismatch).
function zoomButton(symbol, words) {
  const button = el("button", "tl-zoom-button");
  button.type = "button";
  if (symbol === words) button.textContent = words;
  else {
    const seen = el("span", null, symbol);
    seen.setAttribute("aria-hidden", "true");
    button.append(seen, el("span", "sr-only", words));
  }
  return button;
}

const KEY_SVG = "http://www.w3.org/2000/svg";

// The key to the marks, in plain words; each mark drawn the way the axis draws it.
function legend() {
  const p = el("p", "tl-legend");
  const item = (draw, text) => {
    const svg = document.createElementNS(KEY_SVG, "svg");
    svg.setAttribute("class", "tl-key");
    svg.setAttribute("viewBox", "0 0 24 14");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    draw(svg);
    const span = el("span", "tl-legend-item");
    span.append(svg, text);
    p.append(span, " ");
  };
  const shape = (svg, tag, attrs) => {
    const node = document.createElementNS(KEY_SVG, tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    svg.append(node);
  };
  item((s) => shape(s, "circle", { class: "ax-mark", cx: 12, cy: 7, r: 5 }), "happened on a day or at a time;");
  item((s) => shape(s, "rect", { class: "ax-span", x: 1, y: 5, width: 22, height: 5, rx: 1.5 }),
    "known only to the week, month or year: the bar covers all of it;");
  item((s) => shape(s, "circle", { class: "ax-mark is-inferred", cx: 12, cy: 7, r: 5 }),
    "date inferred from the article, not stated;");
  item((s) => shape(s, "path", { class: "ax-mark is-scheduled", d: "M5.5 7L12 .5 18.5 7 12 13.5Z" }),
    "scheduled: announced for later;");
  item((s) => {
    shape(s, "rect", { class: "ax-cluster-pill", x: 1, y: 0, width: 22, height: 14, rx: 7 });
    shape(s, "text", { class: "ax-cluster-text", x: 12, y: 11 });
    s.lastChild.textContent = "12";
  }, "events too close together to tell apart: zoom in to see them.");
  return p;
}
