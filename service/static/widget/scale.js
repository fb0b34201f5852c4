// Time as a number, and the linear map from a window of time to pixels. The API's dates are naive
// ISO strings ("2022-09-15", "2022-09-14T18:00"): they are turned into days since 1970-01-01 by
// calendar arithmetic, not Date objects, so no time zone moves an event and year 0042 stays 0042
// (Date.UTC would read it as 1942).

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
export function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(z) {
  z = Math.floor(z) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

const ISO = /^(-?\d{4,})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?)?)?/;

// "2022-09-14T18:00" → 19249.75; null for anything that is not an ISO date.
export function dayNumber(iso) {
  const m = ISO.exec(iso || "");
  if (!m) return null;
  const days = daysFromCivil(+m[1], m[2] ? +m[2] : 1, m[3] ? +m[3] : 1);
  return days + ((m[4] ? +m[4] : 0) * 60 + (m[5] ? +m[5] : 0)) / 1440 + (m[6] ? +m[6] : 0) / 86400;
}

// A window of time [t0, t1) drawn across [0, width) pixels.
export class TimeScale {
  constructor(t0, t1, width) {
    this.set(t0, t1, width);
  }

  set(t0, t1, width) {
    this.t0 = t0;
    this.t1 = Math.max(t1, t0 + 1 / 1440); // never narrower than a minute
    this.width = Math.max(1, width);
    this.k = this.width / (this.t1 - this.t0);
    return this;
  }

  x(t) {
    return (t - this.t0) * this.k;
  }

  t(x) {
    return this.t0 + x / this.k;
  }
}

// The window after zooming by `factor` (2: twice as close) around time `at`, kept inside
// [lo, hi] and no narrower than `minSpan` days.
export function zoomWindow([t0, t1], factor, at, [lo, hi], minSpan) {
  const full = hi - lo;
  const span = Math.min(full, Math.max(minSpan, (t1 - t0) / factor));
  const share = t1 > t0 ? (at - t0) / (t1 - t0) : 0.5;
  return clampWindow([at - share * span, at - share * span + span], [lo, hi]);
}

export function clampWindow([t0, t1], [lo, hi]) {
  const span = Math.min(t1 - t0, hi - lo);
  if (t0 < lo) return [lo, lo + span];
  if (t0 + span > hi) return [hi - span, hi];
  return [t0, t0 + span];
}
