// Windowed rendering, so 5,000 events cost what 30 do. Only the rows near the visible part of the
// scroll area are in the DOM, plus the current row (the grid's one Tab stop) and its two neighbours,
// so Tab always finds the list even after the reader scrolled away. Rows are placed absolutely at
// offsets from their measured heights (an average of the measured ones until a row has been seen).
// DOM order always equals event order: Tab and screen readers go through events in date order.
// The date rail's bars are drawn here too, because they are placed with the same offsets.

export class VirtualList {
  constructor({ viewport, track, list, bars, render, onView, overscan = 600 }) {
    this.onView = onView || (() => {}); // (first, last): the rows in view changed
    this.viewport = viewport;
    this.track = track;
    this.list = list;
    this.barLayer = bars;
    this.render = render; // (index) => a new <li> for that row
    this.overscan = overscan;
    this.count = 0;
    this.heights = new Float64Array(0); // NaN: not measured yet
    this.pos = new Float64Array(1);
    this.estimate = 96;
    this.measuredSum = 0;
    this.measuredCount = 0;
    this.nodes = new Map(); // row index -> <li>
    this.bars = [];
    this.barNodes = new Map();
    this.pinned = -1;
    this.reveal = null;
    this.frame = 0;
    this.width = 0;
    this.rowObserver = new ResizeObserver((entries) => this.measured(entries));
    // A new width (a window resized, a scroll bar come or gone) rewraps every row: forget the heights
    // measured at the old one, except the drawn rows', which their own observer measures again (and
    // may already have, earlier in this same frame).
    this.viewportObserver = new ResizeObserver(() => {
      const width = this.viewport.clientWidth;
      if (width !== this.width) {
        this.width = width;
        this.forgetHiddenHeights();
        this.relayout();
        for (const [i, node] of this.nodes) this.place(node, i);
      }
      this.schedule();
    });
    this.viewportObserver.observe(viewport);
    viewport.addEventListener("scroll", () => this.schedule(), { passive: true });
  }

  // count rows now; reset: they are other rows than before (a new filter), not more of the same.
  setCount(count, { reset = false } = {}) {
    if (reset) {
      for (const node of this.nodes.values()) this.drop(node);
      this.nodes.clear();
      this.pinned = -1;
      this.heights = new Float64Array(0);
      this.measuredSum = 0;
      this.measuredCount = 0;
      this.viewport.scrollTop = 0;
    }
    const heights = new Float64Array(count).fill(NaN);
    heights.set(this.heights.subarray(0, Math.min(count, this.heights.length)));
    this.heights = heights;
    this.count = count;
    this.relayout();
    this.update();
  }

  setBars(bars) {
    for (const node of this.barNodes.values()) node.remove();
    this.barNodes.clear();
    this.bars = bars;
  }

  forgetHiddenHeights() {
    let sum = 0, count = 0;
    for (let i = 0; i < this.heights.length; i++) {
      if (!this.nodes.has(i)) this.heights[i] = NaN;
      else if (this.heights[i] === this.heights[i]) { sum += this.heights[i]; count++; }
    }
    this.measuredSum = sum;
    this.measuredCount = count;
  }

  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.update());
  }

  relayout() {
    const n = this.count;
    const pos = this.pos.length === n + 1 ? this.pos : new Float64Array(n + 1);
    let y = 0;
    for (let i = 0; i < n; i++) {
      pos[i] = y;
      const h = this.heights[i];
      y += h === h ? h : this.estimate;
    }
    pos[n] = y;
    this.pos = pos;
    this.track.style.height = `${y}px`;
  }

  // The row at offset y (the last row starting at or above it).
  indexAt(y) {
    let lo = 0, hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.pos[mid] <= y) lo = mid; else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  top() {
    return this.viewport.scrollTop - this.track.offsetTop;
  }

  // How many rows a page (PageUp/PageDown) moves.
  rowsPerPage() {
    return Math.max(1, Math.floor(this.viewport.clientHeight / this.estimate) - 1);
  }

  update() {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    const n = this.count;
    const top = this.top();
    const height = this.viewport.clientHeight;
    const wanted = [];
    if (n) {
      const from = this.indexAt(top - this.overscan);
      const to = this.indexAt(top + height + this.overscan);
      for (let i = from; i <= to; i++) wanted.push(i);
      if (this.pinned >= 0) {
        for (let i = Math.max(0, this.pinned - 1); i <= Math.min(n - 1, this.pinned + 1); i++) {
          if (i < from || i > to) wanted.push(i);
        }
        wanted.sort((a, b) => a - b);
      }
    }
    const keep = new Set(wanted);
    for (const [i, node] of this.nodes) {
      if (!keep.has(i)) {
        this.drop(node);
        this.nodes.delete(i);
      }
    }
    // Existing rows are already in order; new ones go in before the next existing one. An existing
    // row is never moved (moving a node would take the focus away from it).
    let ref = this.list.firstChild;
    for (const i of wanted) {
      let node = this.nodes.get(i);
      if (!node) {
        node = this.render(i);
        node.dataset.index = String(i);
        this.nodes.set(i, node);
        this.list.insertBefore(node, ref);
        this.rowObserver.observe(node);
      } else if (node === ref) {
        ref = node.nextSibling;
      } else {
        this.list.insertBefore(node, ref);
      }
      this.place(node, i);
    }
    this.drawBars(top - this.overscan, top + height + this.overscan);
    if (n) this.onView(this.indexAt(top), this.indexAt(top + Math.max(0, height - 1)));
    else this.onView(-1, -1);
  }

  drop(node) {
    this.rowObserver.unobserve(node);
    node.remove();
  }

  place(node, i) {
    const y = this.pos[i];
    if (node._y !== y) {
      node._y = y;
      // top, not a transform: a transform would make each row a stacking context and put its
      // marker under the rail's axis line.
      node.style.top = `${y}px`;
    }
    // The grid's rows are numbered from 1 out of aria-rowcount, which the widget sets on the grid.
    const pos = String(i + 1);
    if (node.getAttribute("aria-rowindex") !== pos) node.setAttribute("aria-rowindex", pos);
  }

  measured(entries) {
    let changed = false;
    for (const entry of entries) {
      const node = entry.target;
      const i = Number(node.dataset.index);
      if (this.nodes.get(i) !== node) continue;
      const box = entry.borderBoxSize && entry.borderBoxSize[0];
      const h = box ? box.blockSize : node.offsetHeight;
      if (!(h > 0)) continue;
      const old = this.heights[i];
      if (old === old && Math.abs(old - h) < 0.5) continue;
      if (old === old) this.measuredSum += h - old;
      else { this.measuredSum += h; this.measuredCount++; }
      this.heights[i] = h;
      changed = true;
    }
    if (!changed) return;
    if (this.measuredCount) this.estimate = this.measuredSum / this.measuredCount;
    // Keep the first visible row where the reader sees it while the rows above it change height.
    const top = this.top();
    const anchor = this.indexAt(top);
    const offset = top - this.pos[anchor];
    this.relayout();
    if (top > 0) {
      const wanted = this.pos[anchor] + offset;
      if (Math.abs(wanted - top) >= 1) this.viewport.scrollTop = wanted + this.track.offsetTop;
    }
    if (this.reveal && this.reveal.until > performance.now()) this.scrollIntoView(this.reveal.index, false);
    for (const [i, node] of this.nodes) this.place(node, i);
    // Drawing more rows now would be observed only after this frame: do it in the next one.
    this.schedule();
  }

  // Scroll just enough for row i to be seen whole (or its top, if it is taller than the view).
  scrollIntoView(i, remember = true) {
    const top = this.top();
    const height = this.viewport.clientHeight;
    const y0 = this.pos[i], y1 = this.pos[i + 1];
    let target = null;
    if (y0 < top) target = y0;
    else if (y1 > top + height) target = Math.min(y0, y1 - height);
    if (target != null) this.viewport.scrollTop = target + this.track.offsetTop;
    // Heights measured in the next frame can move the row again: keep it in view for a moment.
    if (remember) this.reveal = { index: i, until: performance.now() + 500 };
  }

  // Row i at the top of the view (as far as the list can scroll), drawn; its <li>.
  showAtTop(i) {
    this.pinned = i;
    this.viewport.scrollTop = this.pos[i] + this.track.offsetTop;
    this.update();
    return this.nodes.get(i);
  }

  // The <li> of row i, drawn (and scrolled to) if it was not.
  show(i) {
    this.pinned = i;
    this.scrollIntoView(i);
    this.update();
    return this.nodes.get(i);
  }

  drawBars(y0, y1) {
    const keep = new Set();
    for (let b = 0; b < this.bars.length; b++) {
      const bar = this.bars[b];
      if (bar.first >= this.count) continue;
      const last = Math.min(bar.last, this.count - 1);
      const top = this.pos[bar.first], bottom = this.pos[last + 1];
      if (bottom < y0 || top > y1) continue;
      keep.add(b);
      let node = this.barNodes.get(b);
      if (!node) {
        node = document.createElement("div");
        node.className = `tl-bar lane-${bar.lane}${bar.scheduled ? " is-scheduled" : ""}`;
        this.barLayer.append(node);
        this.barNodes.set(b, node);
      }
      // Clipped to the drawn window: a year holding 3,000 rows is not a 300,000-pixel element.
      const a = Math.max(top, y0), z = Math.min(bottom, y1);
      node.classList.toggle("cut-top", a > top);
      node.classList.toggle("cut-bottom", z < bottom);
      node.style.transform = `translateY(${a}px)`;
      node.style.height = `${z - a}px`;
    }
    for (const [b, node] of this.barNodes) {
      if (!keep.has(b)) {
        node.remove();
        this.barNodes.delete(b);
      }
    }
  }
}
