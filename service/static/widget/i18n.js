// The reader's language: which locale the widget speaks (data-locale, else the host page's lang, else English),
// its direction, its messages (one catalog module per language in messages/, loaded on its own: a reader gets
// one language's strings), numbers and plurals through Intl, and dates through Intl.DateTimeFormat.
//
// The API's labels are English sentences written by the server ("Thursday 15 September 2022", "early February
// 2022"); in another language a date the widget can say exactly (a day, a month, a year, a time, a week) is
// formatted from its interval, and one it cannot (a season, "early February") keeps the server's label.
import { MONTH_ABBREVIATIONS as MON, MONTHS } from "./dates.js";
import en from "./messages/en.js";

export const CATALOGS = ["en", "fr", "ar"]; // the languages messages/ holds
const RTL = new Set(["ar", "fa", "he", "iw", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"]);

// "fr-CA" → the locale as given, its language ("fr"), and whether it is written right to left.
export function resolveLocale(asked) {
  let tag = "en";
  try {
    tag = Intl.getCanonicalLocales(asked || "en")[0] || "en";
  } catch {
    tag = "en";
  }
  const language = tag.split("-")[0].toLowerCase();
  let rtl = RTL.has(language);
  try {
    const info = new Intl.Locale(tag);
    const text = info.getTextInfo ? info.getTextInfo() : info.textInfo;
    if (text && text.direction) rtl = text.direction === "rtl";
  } catch { /* older engines: the list above */ }
  return { tag, language, dir: rtl ? "rtl" : "ltr" };
}

// English locales whose numbers Intl writes with a comma every three digits ("12,345"; en-IN groups by two,
// en-ZA with spaces: those go through Intl). A whole number in one of these is written here: the first
// Intl.NumberFormat of a page costs 40-80 ms of ICU set-up, as long as the rest of the first view takes.
export const COMMA_GROUPED = new Set(["en", "en-US", "en-GB", "en-CA", "en-AU", "en-NZ", "en-IE"]);

export class Messages {
  constructor(locale, catalog) {
    this.locale = locale; // resolveLocale(...)
    this.catalog = catalog || en;
    this.plurals = new Intl.PluralRules(locale.tag);
    this.numbers = null; // an Intl.NumberFormat, made when first needed
    this.commas = COMMA_GROUPED.has(locale.tag);
    this.dateCache = new Map();
  }

  // Loads the catalog of the locale's language (English where there is none).
  static async load(asked, base) {
    const locale = resolveLocale(asked);
    let catalog = en;
    if (locale.language !== "en" && CATALOGS.includes(locale.language)) {
      try {
        catalog = (await import(new URL(`messages/${locale.language}.js`, base).href)).default;
      } catch {
        catalog = en;
      }
    }
    return new Messages(locale, catalog);
  }

  num(n) {
    if (this.commas && Number.isSafeInteger(n)) return commaGrouped(n);
    if (!this.numbers) this.numbers = new Intl.NumberFormat(this.locale.tag);
    return this.numbers.format(n);
  }

  // t("events", {n: 3}) → "3 events"; slots are filled from vars (numbers formatted for the locale).
  t(key, vars = {}) {
    let message = this.catalog[key] ?? en[key] ?? key;
    if (typeof message === "object") {
      const n = typeof vars.n === "number" ? vars.n : 0;
      message = message[n === 0 && message.zero ? "zero" : this.plurals.select(n)] ?? message.other;
    }
    return message.replace(/\{(\w+)\}/g, (_, name) => {
      const v = vars[name];
      return v == null ? "" : typeof v === "number" ? this.num(v) : String(v);
    });
  }

  count(key, n) {
    return this.t(key, { n });
  }

  // An Intl.DateTimeFormat for these options, in UTC (the day numbers are calendar days, never moved by a zone).
  format(options) {
    const key = JSON.stringify(options);
    let f = this.dateCache.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(this.locale.tag, { timeZone: "UTC", ...options });
      this.dateCache.set(key, f);
    }
    return f;
  }

  // A calendar date {y, m, d} (and minutes into the day) in the locale's words.
  formatDay(c, options) {
    const date = new Date(Date.UTC(2000, c.m - 1, c.d, 0, c.minutes || 0));
    date.setUTCFullYear(c.y); // years before 100 stay themselves
    return this.format(options).format(date);
  }

  // An event's date label for the reader: the server's English label in English; elsewhere a day, month,
  // year, week or time formatted by Intl, or the server's label where Intl has no words for it.
  dateLabel(date) {
    if (this.locale.language === "en" || !date || !date.start) return date ? date.label : "";
    const m = /^(-?\d{4})-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2}))?)?/.exec(date.start);
    if (!m || date.mod) return date.label;
    const c = { y: +m[1], m: +m[2], d: m[3] ? +m[3] : 1, minutes: m[4] ? +m[4] * 60 + +m[5] : 0 };
    switch (date.granularity) {
      case "day": return this.formatDay(c, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
      case "time": return this.formatDay(c, { weekday: "long", day: "numeric", month: "long", year: "numeric", hour: "numeric", minute: "2-digit" });
      case "month": return this.formatDay(c, { month: "long", year: "numeric" });
      case "year": return this.formatDay(c, { year: "numeric" });
      case "week": return this.t("weekOf", { date: this.formatDay(c, { day: "numeric", month: "long", year: "numeric" }) });
      default: return date.label;
    }
  }

  // Short forms for the axis and the window's name: "Sep", "Sep 2022", "15 Sep 2022", "2022".
  short(c, parts) {
    if (this.locale.language === "en") { // day month year, whatever the region: as the server's labels read
      const words = [];
      if (parts.includes("d")) words.push(String(c.d));
      if (parts.includes("m")) words.push(MON[c.m - 1]);
      if (parts.includes("y")) words.push(String(c.y));
      return words.join(" ");
    }
    const options = {};
    if (parts.includes("d")) options.day = "numeric";
    if (parts.includes("m")) options.month = "short";
    if (parts.includes("y")) options.year = "numeric";
    return this.formatDay(c, options);
  }

  // "15 September 2022" for a source's publication day (YYYY-MM-DD), as given otherwise.
  longDate(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m || +m[2] < 1 || +m[2] > 12) return iso || "";
    if (this.locale.language === "en") return `${+m[3]} ${MONTHS[+m[2] - 1]} ${m[1]}`;
    return this.formatDay({ y: +m[1], m: +m[2], d: +m[3] }, { day: "numeric", month: "long", year: "numeric" });
  }
}

// -12345 → "-12,345", as Intl.NumberFormat writes a whole number in the locales of COMMA_GROUPED.
export function commaGrouped(n) {
  const digits = String(Math.abs(n));
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 || Object.is(n, -0) ? `-${out}` : out;
}
