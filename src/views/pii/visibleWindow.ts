// Which lines of a stored log get their PII spans drawn: those on screen and a margin of a few screens either side,
// so that scrolling a page or two needs no new fetch, and a redraw starts while the screen is still two pages away
// from the edge of what is drawn. Plain line numbers (no vscode import): unit-tested.

export interface LineWindow {
  /** First and last document lines, inclusive. */
  startLine: number;
  endLine: number;
}

/** Lines drawn beyond the screen on each side: at least this many… */
export const MIN_MARGIN_LINES = 200;
/** …or this many screens. */
export const MARGIN_SCREENS = 4;
/** A redraw starts when the screen comes this many screens near an edge: two more pages are still drawn meanwhile. */
export const AHEAD_SCREENS = 2;

/** The lines the editor shows (several ranges when folded): from the first one's start to the last one's end. */
export function visibleLines(ranges: readonly { start: { line: number }; end: { line: number } }[]): LineWindow {
  if (!ranges.length) return { startLine: 0, endLine: 0 };
  let startLine = Infinity;
  let endLine = -Infinity;
  for (const range of ranges) {
    startLine = Math.min(startLine, range.start.line);
    endLine = Math.max(endLine, range.end.line);
  }
  return { startLine, endLine };
}

const height = (visible: LineWindow) => visible.endLine - visible.startLine + 1;

/** The window to draw for what is on screen: the screen plus the margin, inside the document. */
export function lineWindow(visible: LineWindow, lineCount: number): LineWindow {
  const margin = Math.max(MIN_MARGIN_LINES, MARGIN_SCREENS * height(visible));
  return {
    startLine: Math.max(0, visible.startLine - margin),
    endLine: Math.max(0, Math.min(lineCount - 1, visible.endLine + margin)),
  };
}

/** Just the screen (and a few lines, for a caret or a wheel step): drawn first after a jump, before the window. */
export function screenWindow(visible: LineWindow, lineCount: number): LineWindow {
  return { startLine: Math.max(0, visible.startLine - 5), endLine: Math.max(0, Math.min(lineCount - 1, visible.endLine + 5)) };
}

/**
 * Whether `drawn` no longer serves the screen: nothing drawn, the screen (partly) outside it, or at most two
 * screens from an edge beyond which the document goes on.
 */
export function needsRedraw(drawn: LineWindow | undefined, visible: LineWindow, lineCount: number): boolean {
  if (!drawn) return true;
  if (visible.startLine < drawn.startLine || visible.endLine > drawn.endLine) return true;
  const ahead = AHEAD_SCREENS * height(visible);
  if (drawn.startLine > 0 && visible.startLine - drawn.startLine <= ahead) return true;
  if (drawn.endLine < lineCount - 1 && drawn.endLine - visible.endLine <= ahead) return true;
  return false;
}

/** Whether the screen is inside what is drawn (if not, the reviewer sees undecorated values). */
export function covers(drawn: LineWindow | undefined, visible: LineWindow): boolean {
  return !!drawn && drawn.startLine <= visible.startLine && drawn.endLine >= visible.endLine;
}
