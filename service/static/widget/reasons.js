// Why an inferred date was given, in plain words. The API says `inferred: true` when an event's own
// words carry no date and the extractor took one from the article (its publication day, the date
// the story was last at); `date.why.rule` names the rule. service/widget.py keeps the same table
// for the server-rendered list (tests/test_widget_pages.py checks the two agree). A rule added later
// without words here still reads as something: its name, spelled out.
export const INFERRED_REASONS = {
  "lead-event-at-publication": "the article's main event, taken to be on the day it was published",
  "reporting-verb": "said or reported in the article, so dated to the day it was published",
  "narrative-continues": "the article goes on from the last date it gave",
};

export function inferredReason(why) {
  const rule = why && typeof why.rule === "string" ? why.rule : "";
  if (Object.hasOwn(INFERRED_REASONS, rule)) return INFERRED_REASONS[rule];
  const words = rule.replace(/[-_+]+/g, " ").trim();
  return words ? `taken from the article's context (${words})` : "taken from the article's context";
}
