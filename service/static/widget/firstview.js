// The first view: which window of time the widget opens on, chosen from where the events are (the counts per
// month the API's axis gives), so a timeline whose events crowd into a few weeks of a twenty-year span opens on
// those weeks, not on two bubbles at the right edge of the whole span. Pure functions.
import { daysFromCivil } from "./scale.js";

const SHARE = 0.8; // the densest stretch holding this share of the events...
const NARROW = 0.3; // ...opens zoomed when it is narrower than this share of the whole span
const MARGIN = 0.03; // room at both ends of the window, as a share of it (at least a day)

// [[YYYY-MM, n, inferred], ...] → [{t0, t1, n, inferred}] in day numbers, in order.
export function monthCells(months) {
  const out = [];
  for (const item of Array.isArray(months) ? months : []) {
    const m = /^(-?\d{4})-(\d{2})$/.exec(item && item[0]);
    const n = Number(item && item[1]);
    if (!m || !(n > 0)) continue;
    const y = +m[1], mo = +m[2];
    const t0 = daysFromCivil(y, mo, 1);
    const t1 = mo === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, mo + 1, 1);
    out.push({ t0, t1, n, inferred: Number(item[2]) || 0 });
  }
  return out.sort((a, b) => a.t0 - b.t0);
}

// The span the cells cover: [first start, last end], or null.
export function cellsRange(cells) {
  return cells.length ? [cells[0].t0, cells[cells.length - 1].t1] : null;
}

// The window to open on, or null for the whole timeline. limit: at most this many events in it (a timeline
// read a window at a time): the latest part of the dense stretch that holds no more, counted by month and,
// within a month that alone holds more, as if its events were spread evenly over it.
export function firstWindow(cells, limit = Infinity) {
  const full = cellsRange(cells);
  if (!full) return null;
  const total = cells.reduce((a, c) => a + c.n, 0);
  const need = total * SHARE;
  let best = null;
  let sum = 0;
  for (let i = 0, j = 0; j < cells.length; j++) {
    sum += cells[j].n;
    while (i < j && sum - cells[i].n >= need) sum -= cells[i++].n;
    if (sum >= need && (!best || cells[j].t1 - cells[i].t0 < best.t1 - best.t0)) {
      best = { i, j, t0: cells[i].t0, t1: cells[j].t1, n: sum };
    }
  }
  let window = best && best.t1 - best.t0 < (full[1] - full[0]) * NARROW ? [best.t0, best.t1] : null;
  let inside = window ? best.n : total;
  let lo = window ? best.i : 0, hi = window ? best.j : cells.length - 1;
  if (inside > limit) {
    let n = 0, k = hi;
    while (k >= lo && n + cells[k].n <= limit) n += cells[k--].n;
    if (k === hi) { // the last month alone holds more: the latest part of it
      const c = cells[hi];
      window = [c.t1 - (c.t1 - c.t0) * (limit / c.n), c.t1];
    } else {
      window = [cells[k + 1].t0, cells[hi].t1];
    }
  }
  if (!window) return null;
  const margin = Math.max(1, (window[1] - window[0]) * MARGIN);
  return [Math.max(full[0] - margin, window[0] - margin), window[1] + margin];
}

// How many events of the cells lie in [t0, t1) (a month partly inside counts its share).
export function countIn(cells, [t0, t1]) {
  let n = 0;
  for (const c of cells) {
    if (c.t1 <= t0 || c.t0 >= t1) continue;
    n += c.n * (Math.min(t1, c.t1) - Math.max(t0, c.t0)) / (c.t1 - c.t0);
  }
  return n;
}
