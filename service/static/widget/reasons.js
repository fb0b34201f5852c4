// Why an inferred date was given, in plain words. The API says `inferred: true` when an event's own
// words carry no date and the extractor took one from its context; `date.why.rule` names the rule and
// `date.why.explanation` says it in words (timeline/events/dating.toml holds both, one place for the
// API, this widget and the server-rendered list). A date without words still reads as something: its
// rule's name, spelled out.
export function inferredReason(why) {
  const words = why && typeof why.explanation === "string" ? why.explanation.trim() : "";
  if (words) return words;
  const rule = why && typeof why.rule === "string" ? why.rule.replace(/[-_+]+/g, " ").trim() : "";
  return rule ? `taken from the article's context (${rule})` : "taken from the article's context";
}
