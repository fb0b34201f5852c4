// The axis ticks for a window of time: the finest calendar step whose labels still fit (centuries,
// decades, years, months, weeks, days, hours), placed on real calendar boundaries (1 January, the
// 1st of a month, Mondays, midnight) so a tick means what its label says.
import { civilFromDays, daysFromCivil } from "./scale.js";

const MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// [unit, count, rough length in days] from fine to coarse.
const STEPS = [
  ["hour", 1, 1 / 24], ["hour", 3, 3 / 24], ["hour", 6, 6 / 24], ["hour", 12, 0.5],
  ["day", 1, 1], ["day", 2, 2], ["week", 1, 7], ["month", 1, 30.44], ["month", 3, 91.3], ["month", 6, 182.6],
  ["year", 1, 365.25], ["year", 2, 730.5], ["year", 5, 1826], ["year", 10, 3652], ["year", 20, 7305],
  ["year", 50, 18262], ["year", 100, 36525], ["year", 200, 73050], ["year", 500, 182621], ["year", 1000, 365242],
];

const pad = (n) => String(n).padStart(2, "0");

// English short dates: "15 Sep 2022", "Sep", "2022" (parts: d, m, y). The widget passes its locale's instead.
export function englishShort(c, parts) {
  const words = [];
  if (parts.includes("d")) words.push(String(c.d));
  if (parts.includes("m")) words.push(MON[c.m - 1]);
  if (parts.includes("y")) words.push(String(c.y));
  return words.join(" ");
}

function label(unit, count, t, first, say) {
  const c = civilFromDays(t);
  const { y, m, d } = c;
  if (unit === "year") return (count === 10 || count === 20 || (count >= 100 && y % 100 === 0)) ? `${say(c, "y")}s` : say(c, "y");
  if (unit === "month") return m === 1 || first ? say(c, "my") : say(c, "m");
  if (unit === "hour") {
    const minutes = Math.round((t - Math.floor(t)) * 1440);
    if (minutes === 0) return say(c, "dm");
    return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  }
  return (m === 1 && d <= count) || first ? say(c, "dmy") : say(c, "dm");
}

// Ticks in [t0, t1] for `width` pixels, at least `minPx` apart: [{t, label}], and the step's unit.
export function ticks(t0, t1, width, minPx = 72, say = englishShort) {
  const perPx = (t1 - t0) / Math.max(1, width);
  const step = STEPS.find((s) => s[2] / perPx >= minPx) || STEPS[STEPS.length - 1];
  const [unit, count] = step;
  const out = [];
  const push = (t) => { if (t >= t0 && t <= t1) out.push({ t, label: label(unit, count, t, out.length === 0, say) }); };
  if (unit === "year") {
    const first = civilFromDays(t0).y;
    for (let y = Math.ceil(first / count) * count; ; y += count) {
      const t = daysFromCivil(y, 1, 1);
      if (t > t1) break;
      push(t);
    }
  } else if (unit === "month") {
    const c = civilFromDays(t0);
    let index = Math.ceil((c.y * 12 + c.m - 1) / count) * count;
    for (;; index += count) {
      const t = daysFromCivil(Math.floor(index / 12), (index % 12) + 1, 1);
      if (t > t1) break;
      push(t);
    }
  } else if (unit === "week") {
    // 1970-01-01 was a Thursday: day numbers z with (z + 3) % 7 === 0 are Mondays.
    for (let t = Math.ceil((t0 + 3) / 7) * 7 - 3; t <= t1; t += 7) push(t);
  } else {
    const size = unit === "day" ? count : count / 24;
    for (let t = Math.ceil(t0 / size) * size; t <= t1; t += size) push(Math.round(t * 1440) / 1440);
  }
  return { unit, count, ticks: out };
}
