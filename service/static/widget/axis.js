// The time axis: an SVG strip where each event sits at its date, in proportion. It is drawn from the
// same records as the list; only what falls in the current window of time is drawn, and marks that
// would overlap are merged into a cluster with a count, so 5,000 events cost a few hundred elements.
// The strip is one focusable control (role="slider", WAI-ARIA APG slider pattern): its value is the
// list's current event. Everything it does goes back to the widget through callbacks; it never
// touches the list itself.
import { TimeScale } from "./scale.js";
import { ticks } from "./ticks.js";

const SVG = "http://www.w3.org/2000/svg";
const PAD = 14; // room at both ends for a mark's radius and the first and last tick labels
const MERGE_PX = 12; // marks in one bin this wide (a mark's width) would overlap: they merge into a cluster
const SPAN_MIN_PX = 8; // a week, month or year narrower than this is drawn as a point
const BIN_PX = 4; // width of one column of the density strip
const DRAG_PX = 5; // a pointer that moves less than this clicked

// The rows of the strip, for a wide and a compact (narrow) widget.
const LAYOUT = {
  wide: { height: 92, lanes: [8, 15, 22], marks: 40, densityTop: 52, base: 66, label: 82, minPx: 76 },
  compact: { height: 62, lanes: [6], marks: 20, densityTop: 28, base: 38, label: 53, minPx: 60 },
};
const COMPACT_BELOW = 480;

function svg(tag, attrs, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const k in attrs) node.setAttribute(k, attrs[k]);
  if (parent) parent.append(node);
  return node;
}

// Keeps a layer's elements from frame to frame: the n-th element drawn reuses the n-th node.
class Pool {
  constructor(parent, make) {
    this.parent = parent;
    this.make = make;
    this.nodes = [];
    this.used = 0;
  }
  next() {
    let node = this.nodes[this.used];
    if (!node) {
      node = this.make();
      this.parent.append(node);
      this.nodes.push(node);
    }
    if (node.style.display) node.style.display = "";
    this.used++;
    return node;
  }
  end() {
    for (let i = this.used; i < this.nodes.length && this.nodes[i].style.display !== "none"; i++) this.nodes[i].style.display = "none";
    this.used = 0;
  }
}

const set = (node, name, value) => {
  const v = String(value);
  if (node.getAttribute(name) !== v) node.setAttribute(name, v);
};

export class Axis {
  // on: { pick(t, dragging), pan(dt), zoom(factor, t), settle(), key(action) }
  constructor(slider, on) {
    this.slider = slider;
    this.on = on;
    this.rows = [];
    this.cells = []; // months counted but not loaded: {t0, t1, n, inferred}
    this.loaded = null; // [t0, t1] the loaded rows cover (null: every row is loaded)
    this.say = undefined; // short dates in the reader's language (ticks.js's English when unset)
    this.window = [0, 1];
    this.view = null;
    this.current = null;
    this.scale = new TimeScale(0, 1, 1);
    this.frame = 0;
    this.width = 0;

    const root = (this.svg = svg("svg", { class: "tl-axis-svg", "aria-hidden": "true", focusable: "false" }, slider));
    const plot = (this.plot = svg("g", { transform: `translate(${PAD} 0)` }, root));
    this.band = svg("rect", { class: "ax-view", rx: 3 }, plot);
    this.density = svg("path", { class: "ax-density" }, plot);
    this.baseLine = svg("line", { class: "ax-base" }, plot);
    const tickLayer = svg("g", { class: "ax-ticks" }, plot);
    const spanLayer = svg("g", { class: "ax-spans" }, plot);
    const markLayer = svg("g", { class: "ax-marks" }, plot);
    this.cursor = svg("path", { class: "ax-cursor" }, plot);
    this.tickLines = new Pool(tickLayer, () => svg("line", { class: "ax-tick" }));
    this.tickLabels = new Pool(tickLayer, () => svg("text", { class: "ax-label" }));
    this.spans = new Pool(spanLayer, () => svg("rect", { class: "ax-span", rx: 1.5 }));
    this.dots = new Pool(markLayer, () => svg("path", { class: "ax-mark" }));
    this.clusters = new Pool(markLayer, () => {
      const g = svg("g", { class: "ax-cluster" });
      svg("rect", { rx: 8, height: 16 }, g);
      svg("text", {}, g).textContent = "";
      return g;
    });

    new ResizeObserver(() => {
      const width = slider.clientWidth;
      if (width && width !== this.width) {
        this.width = width;
        this.draw();
      }
    }).observe(slider);
    this.listen();
  }

  // Records (with .t0, .t1 day numbers and .mid), in start order; the window [t0, t1] shown.
  setRows(rows) {
    this.rows = rows;
    this.schedule();
  }

  // origin: where the bins of clusters are counted from (the start of the whole timeline).
  setWindow(window, origin) {
    this.window = window;
    this.origin = origin;
    this.schedule();
  }

  // Counts per month for the stretches whose rows are not loaded ([t0, t1] loaded: drawn from the rows).
  setCells(cells, loaded) {
    this.cells = cells || [];
    this.loaded = loaded || null;
    this.schedule();
  }

  // The stretch of time the list shows now: highlighted. Scrolling the list moves only the band
  // (and the cursor), not the marks: those wait for a change of window or data.
  setView(view) {
    const old = this.view;
    if (old && view && old[0] === view[0] && old[1] === view[1]) return;
    this.view = view;
    if (!this.viewFrame && !this.frame) this.viewFrame = requestAnimationFrame(() => {
      this.viewFrame = 0;
      if (this.frame || !this.width) return;
      this.drawView(this.scale, this.layout(), this.scale.width);
    });
  }

  setCurrent(rec) {
    if (rec === this.current) return;
    this.current = rec;
    this.schedule();
  }

  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  layout() {
    return this.width < COMPACT_BELOW ? LAYOUT.compact : LAYOUT.wide;
  }

  draw() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const width = this.width || this.slider.clientWidth;
    if (!width) return;
    const L = this.layout();
    const inner = Math.max(1, width - 2 * PAD);
    const [w0, w1] = this.window;
    const s = this.scale.set(w0, w1, inner);
    set(this.svg, "width", width);
    set(this.svg, "height", L.height);
    set(this.svg, "viewBox", `0 0 ${width} ${L.height}`);
    this.svg.dataset.window = `${w0} ${w1}`; // day numbers, for tests and for anyone reading the DOM
    this.drawTicks(s, L, inner);
    this.drawEvents(s, L, inner);
    this.drawView(s, L, inner);
  }

  drawTicks(s, L, inner) {
    set(this.baseLine, "x1", 0);
    set(this.baseLine, "x2", inner);
    set(this.baseLine, "y1", L.base);
    set(this.baseLine, "y2", L.base);
    const { ticks: list } = ticks(s.t0, s.t1, inner, L.minPx, this.say);
    let lastRight = -Infinity;
    for (const tick of list) {
      const x = s.x(tick.t);
      const line = this.tickLines.next();
      set(line, "x1", x.toFixed(1));
      set(line, "x2", x.toFixed(1));
      set(line, "y1", L.base);
      set(line, "y2", L.base + 5);
      line.dataset.t = tick.t;
      // A label that would run off either end or into the previous one is left out (its line stays).
      const half = tick.label.length * 3.3;
      if (x - half < -PAD + 2 || x + half > inner + PAD - 2 || x - half < lastRight + 6) continue;
      lastRight = x + half;
      const text = this.tickLabels.next();
      set(text, "x", x.toFixed(1));
      set(text, "y", L.label);
      if (text.textContent !== tick.label) text.textContent = tick.label;
    }
    this.tickLines.end();
    this.tickLabels.end();
  }

  // Spans wide enough to read as bars go into lanes; every other event is a mark at its date, and marks
  // falling in one bin of MERGE_PX pixels (a mark's width: they would overlap) merge into one cluster with
  // the count, drawn at their middle. Bins are counted from a fixed origin, not from the window's edge, so
  // panning does not reshuffle them. Marks that can be told apart at this scale fall in other bins and are
  // drawn apart, however many there are: a cluster never hides events the window could show. Months
  // counted but not loaded (a timeline read a window at a time) are marks of their count.
  drawEvents(s, L, inner) {
    const rows = this.rows;
    const lanes = L.lanes.map(() => -Infinity);
    const density = this.densityBins && this.densityBins.length === Math.ceil(inner / BIN_PX) + 1
      ? this.densityBins.fill(0) : (this.densityBins = new Float64Array(Math.ceil(inner / BIN_PX) + 1));
    const origin = this.origin == null ? s.t0 : this.origin;
    const offset = s.x(origin);
    const bins = new Map();
    const spread = (x0, x1, n) => {
      const b0 = Math.max(0, Math.floor(x0 / BIN_PX)), b1 = Math.min(density.length - 1, Math.floor(Math.max(x0, x1 - 0.01) / BIN_PX));
      if (b1 < b0) return;
      const share = n / (b1 - b0 + 1);
      for (let b = b0; b <= b1; b++) density[b] += share;
    };
    const add = (x, n, inferred, rec) => {
      const key = Math.floor((x - offset) / MERGE_PX);
      const bin = bins.get(key);
      if (bin) {
        bin.n += n;
        bin.inferred += inferred;
        bin.sum += x * n;
        if (rec && rec === this.current) bin.current = true;
      } else {
        bins.set(key, { n, rec, inferred, sum: x * n, current: !!rec && rec === this.current });
      }
    };
    const loaded = this.loaded;
    for (const c of this.cells) {
      if (c.t1 <= s.t0 || c.t0 >= s.t1 || (loaded && c.t0 < loaded[1] && c.t1 > loaded[0])) continue;
      const x0 = s.x(c.t0), x1 = s.x(c.t1);
      spread(x0, x1, c.n);
      add((x0 + x1) / 2, c.n, c.inferred, null);
    }
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r.t0 == null || r.t1 <= s.t0 || r.t0 >= s.t1) continue;
      const x0 = s.x(r.t0), x1 = s.x(r.t1);
      // Density counts every event once, spread over the columns its interval covers.
      spread(x0, x1, 1);
      if (r.span && x1 - x0 >= SPAN_MIN_PX) {
        const lane = lanes.findIndex((end) => end + 2 <= x0);
        if (lane >= 0) {
          lanes[lane] = x1;
          this.drawSpan(r, x0, x1, L.lanes[lane], inner);
          continue;
        }
      }
      const x = s.x(r.mid);
      if (x < -PAD || x > inner + PAD) continue;
      add(x, 1, r.inferred ? 1 : 0, r);
    }
    for (const [key, bin] of bins) {
      if (bin.n === 1 && bin.rec) this.drawDot(bin.rec, s.x(bin.rec.mid), L);
      else this.drawCluster(bin, bin.sum / bin.n, offset + key * MERGE_PX, offset + (key + 1) * MERGE_PX, s, L);
    }
    this.spans.end();
    this.dots.end();
    this.clusters.end();
    this.drawDensity(density, L);
  }

  drawDot(r, x, L) {
    const node = this.dots.next();
    const y = L.marks, q = 5.5;
    // A scheduled event is a diamond, a dated one a circle; an inferred one is hollow.
    const d = r.scheduled
      ? `M${(x - q - 1).toFixed(1)} ${y}L${x.toFixed(1)} ${y - q - 1}L${(x + q + 1).toFixed(1)} ${y}L${x.toFixed(1)} ${y + q + 1}Z`
      : `M${(x - q).toFixed(1)} ${y}a${q} ${q} 0 1 0 ${2 * q} 0a${q} ${q} 0 1 0 ${-2 * q} 0Z`;
    set(node, "d", d);
    set(node, "class", `ax-mark${r.inferred ? " is-inferred" : ""}${r.scheduled ? " is-scheduled" : ""}${r === this.current ? " is-current" : ""}`);
    node.dataset.id = r.id;
    node.dataset.t = r.mid;
  }

  drawCluster(bin, x, left, right, s, L) {
    const g = this.clusters.next();
    const label = bin.n > 999 ? `${Math.min(999, Math.round(bin.n / 1000))}k` : String(bin.n);
    const w = 8 + label.length * 6;
    const [rect, text] = g.childNodes;
    set(rect, "x", (x - w / 2).toFixed(1));
    set(rect, "y", L.marks - 8);
    set(rect, "width", w.toFixed(1));
    set(text, "x", x.toFixed(1));
    set(text, "y", L.marks + 4);
    if (text.textContent !== label) text.textContent = label;
    set(g, "class", `ax-cluster${bin.inferred === bin.n ? " is-inferred" : ""}${bin.current ? " is-current" : ""}`);
    g.dataset.t0 = s.t(left);
    g.dataset.t1 = s.t(right);
    g.dataset.count = bin.n;
  }

  drawSpan(r, x0, x1, y, inner) {
    const node = this.spans.next();
    // Clipped to the strip: a year seen at the scale of days is not a 100,000-pixel rectangle.
    const a = Math.max(-PAD, x0), b = Math.min(inner + PAD, Math.max(x1, x0 + 3));
    set(node, "x", a.toFixed(1));
    set(node, "y", y);
    set(node, "width", Math.max(3, b - a).toFixed(1));
    set(node, "height", 5);
    set(node, "class", `ax-span${r.inferred ? " is-inferred" : ""}${r.scheduled ? " is-scheduled" : ""}${r === this.current ? " is-current" : ""}`);
    node.dataset.id = r.id;
    node.dataset.t0 = r.t0;
    node.dataset.t1 = r.t1;
  }

  // One path for the whole strip: a column per few pixels, its height the square root of its share
  // of the busiest column, so one lone event still shows beside a crowd of hundreds.
  drawDensity(bins, L) {
    let max = 0;
    for (let i = 0; i < bins.length; i++) if (bins[i] > max) max = bins[i];
    const h = L.base - L.densityTop - 1;
    let d = "";
    if (max > 0) {
      for (let i = 0; i < bins.length; i++) {
        if (!bins[i]) continue;
        const bh = Math.max(1.5, h * Math.sqrt(bins[i] / max));
        d += `M${i * BIN_PX} ${(L.base - bh).toFixed(1)}h${BIN_PX - 0.5}v${bh.toFixed(1)}h${0.5 - BIN_PX}Z`;
      }
    }
    set(this.density, "d", d || "M0 0");
  }

  drawView(s, L, inner) {
    const v = this.view;
    if (v) {
      const a = Math.max(-PAD + 1, s.x(v[0])), b = Math.min(inner + PAD - 1, s.x(v[1]));
      set(this.band, "x", a.toFixed(1));
      set(this.band, "width", Math.max(2, b - a).toFixed(1));
      set(this.band, "y", 1);
      set(this.band, "height", L.base + 6);
      this.band.style.display = b < -PAD || a > inner + PAD ? "none" : "";
    } else {
      this.band.style.display = "none";
    }
    const c = this.current;
    if (c && c.mid >= s.t0 && c.mid <= s.t1) {
      const x = s.x(c.span ? c.t0 : c.mid).toFixed(1);
      set(this.cursor, "d", `M${x} ${L.base}v6m-5 6l5-6 5 6`);
      this.cursor.style.display = "";
    } else {
      this.cursor.style.display = "none";
    }
  }

  // --- input ----------------------------------------------------------------------------------------

  timeAt(clientX) {
    const box = this.svg.getBoundingClientRect();
    return this.scale.t(clientX - box.left - PAD);
  }

  listen() {
    const el = this.svg;
    const pointers = new Map();
    let gesture = null;
    el.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      el.setPointerCapture(e.pointerId);
      pointers.set(e.pointerId, e.clientX);
      if (pointers.size === 1) gesture = { x: e.clientX, last: e.clientX, moved: false };
      else gesture = { pinch: this.spread(pointers), moved: true };
      this.slider.focus({ preventScroll: true });
      e.preventDefault();
    });
    el.addEventListener("pointermove", (e) => {
      if (!pointers.has(e.pointerId) || !gesture) return;
      pointers.set(e.pointerId, e.clientX);
      if (gesture.pinch) {
        const spread = this.spread(pointers);
        if (spread.d > 0 && gesture.pinch.d > 0) this.on.zoom(spread.d / gesture.pinch.d, this.timeAt(spread.mid));
        gesture.pinch = spread;
        return;
      }
      if (!gesture.moved && Math.abs(e.clientX - gesture.x) < DRAG_PX) return;
      gesture.moved = true;
      // Dragging slides a zoomed window along, like a map; at the full range it scrubs the list.
      if (!this.on.pan((gesture.last - e.clientX) / this.scale.k)) this.on.pick(this.timeAt(e.clientX), true);
      gesture.last = e.clientX;
    });
    const end = (e) => {
      if (!pointers.has(e.pointerId)) return;
      pointers.delete(e.pointerId);
      if (gesture && !gesture.moved && e.type === "pointerup") this.on.pick(this.timeAt(e.clientX), false);
      if (!pointers.size) {
        if (gesture && gesture.moved) this.on.settle();
        gesture = null;
      }
    };
    el.addEventListener("pointerup", end);
    el.addEventListener("pointercancel", end);
    // The wheel zooms around the pointer (a trackpad pinch arrives as a wheel with ctrlKey) and
    // sideways scrolling pans; at the full range, zooming out lets the page scroll instead.
    el.addEventListener("wheel", (e) => {
      const dx = e.shiftKey ? e.deltaY : e.deltaX;
      const dy = e.shiftKey ? 0 : e.deltaY;
      const px = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      let used = false;
      if (Math.abs(dx) > Math.abs(dy)) used = this.on.pan((dx * px) / this.scale.k);
      else if (dy) used = this.on.zoom(Math.exp((-dy * px) * (e.ctrlKey ? 0.01 : 0.002)), this.timeAt(e.clientX));
      if (used) {
        e.preventDefault();
        clearTimeout(this.wheelTimer);
        this.wheelTimer = setTimeout(() => this.on.settle(), 150);
      }
    }, { passive: false });
  }

  spread(pointers) {
    const xs = Array.from(pointers.values());
    return { d: Math.abs(xs[0] - xs[1]), mid: (xs[0] + xs[1]) / 2 };
  }
}
