// Which keys move between events. The widget listens on its own root only (never on the document or
// window), and leaves alone every key typed into a field, with a modifier, or that it does not use:
// a host page keeps its ArrowRight, and the widget's own filter box keeps its caret keys.
const MOVES = {
  ArrowDown: { move: 1 }, ArrowRight: { move: 1 }, ArrowUp: { move: -1 }, ArrowLeft: { move: -1 },
  PageDown: { page: 1 }, PageUp: { page: -1 }, Home: { to: "first" }, End: { to: "last" },
  Escape: { close: true },
};

export function keyAction(event) {
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.isComposing) return null;
  const target = event.target;
  if (!target || target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return null;
  return MOVES[event.key] || null;
}
