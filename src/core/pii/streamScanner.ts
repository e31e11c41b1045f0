// Scans a text that arrives in pieces (a log streamed from disk or the database) with bounded memory: detection
// runs on windows of whole lines, and a window's last MARGIN characters are scanned again with the next one, so a
// value cut by a window boundary is found whole. Offsets are absolute (UTF-16 code units from the text's start).
//
// A line longer than a window (minified JSON, a base64 attachment) is held and scanned whole, so every value in it
// is found exactly as in the whole text, up to LONG_LINE characters. Past that the line is cut mid-way. A value that
// reaches the end of a window (a cut line, or a value running over many lines, like a PEM body with no footer) is
// continued into the next window for as long as the characters it is made of continue: nothing past a window edge
// stays visible, at the price of hiding a little more than the whole-text scan would.
import type { PiiDetector } from './detector';
import { isDigit, isLetter, MAX_SPAN } from './rules/rule';
import type { DetectedSpan } from './types';

/** Text scanned again with the next window: longer than any value that needs its surroundings to be recognised (MAX_SPAN). */
export const MARGIN = MAX_SPAN + 1024;
const WINDOW = 1024 * 1024;
/** The longest line scanned whole (8 MB of string): a bound on memory, far above what real log lines reach. */
export const LONG_LINE = 4 * 1024 * 1024;

/** Text kept before each window so rules that look back (a version word before an address) see what they would see in the whole text. */
const CONTEXT = 256;
/** How much of a value cut at a window edge tells which characters continue it. */
const CONTINUATION_SAMPLE = 4096;

/** The punctuation a token of letters and digits may go on with (base64's + / and = padding, - _). */
const TOKEN_PUNCTUATION = new Set([...'+/=-_'].map((c) => c.charCodeAt(0)));

/** A value that reached the end of a window: it goes on while its characters do. */
interface OpenValue {
  type: string;
  replacement: string;
  /** Its sample held a letter (then any letter continues it), a digit (any digit), and these other characters. */
  letters: boolean;
  digits: boolean;
  others: Set<number>;
}

const continues = (open: OpenValue, c: number) => (isLetter(c) ? open.letters : isDigit(c) ? open.digits : open.others.has(c));

/**
 * A window of the text to detect in: `text` starts at absolute offset `base`; spans starting at or after `commit`
 * (an index in `text`) belong to the next window. Windows depend on the text alone, not on what is found in them,
 * so they can be detected anywhere (another thread) and settled in order afterwards.
 */
export interface ScanWindow {
  text: string;
  base: number;
  commit: number;
  final: boolean;
}

/** A detector's finding in a window's text (its value is read from the text when the window is settled). */
export type WindowSpan = Pick<DetectedSpan, 'type' | 'start' | 'end' | 'replacement'>;

/** Cuts the streamed text into windows of whole lines (see the top of this file). */
export class WindowPlanner {
  private pending = '';
  /** Absolute offset of pending[0]. */
  private base = 0;
  /** Where the last commit fell in `pending` (a line break found before it was already used). */
  private committedAt = 0;
  /** pending.length at which the next window is worth cutting. */
  private nextScanAt: number;
  private readonly window: number;
  private readonly longLine: number;

  constructor(window = WINDOW, longLine = LONG_LINE) {
    this.window = Math.max(window, MARGIN);
    this.longLine = Math.max(longLine, this.window + MARGIN);
    this.nextScanAt = this.window + MARGIN;
  }

  /** Characters held between calls: bounded by a window and its margin (a long line: by longLine), not by the text. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Absolute offset of the oldest character held: no later window starts before it. */
  get heldFrom(): number {
    return this.base;
  }

  /** The next window, once enough text has come. */
  push(piece: string): ScanWindow | undefined {
    this.pending += piece;
    return this.pending.length >= this.nextScanAt ? this.cut(false) : undefined;
  }

  /** The last window: the rest of the text. */
  end(): ScanWindow {
    return this.cut(true) as ScanWindow;
  }

  private cut(final: boolean): ScanWindow | undefined {
    const text = this.pending;
    // Decide the spans that start before a line boundary at least MARGIN before the end: they cannot grow any more.
    let commit = text.length;
    if (!final) {
      const nl = text.lastIndexOf('\n', text.length - MARGIN);
      if (nl >= this.committedAt) commit = nl + 1;
      else if (text.length < this.longLine) {
        // No line break since the last commit: one long line, held until it ends (or grows past longLine).
        this.nextScanAt = text.length + this.window;
        return undefined;
      } else {
        commit = text.length - MARGIN;
      }
    }
    const window = { text, base: this.base, commit, final };
    const keepFrom = Math.max(0, commit - CONTEXT);
    this.pending = text.slice(keepFrom);
    this.base += keepFrom;
    this.committedAt = commit - keepFrom;
    this.nextScanAt = Math.max(this.window + MARGIN, this.pending.length + this.window);
    return window;
  }
}

/** Turns each window's findings, in window order, into the spans of the whole text (each reported once). */
export class WindowSettler {
  /** Everything before this absolute offset is decided: spans starting there were emitted or lost. */
  private decidedUntil = 0;
  private open: OpenValue | undefined;

  /** No span reported later starts before this absolute offset (text before it can be redacted and let go). */
  get decided(): number {
    return this.decidedUntil;
  }

  /** The spans of `window` given what the detector found in its text (in text order); call in window order. */
  settle(window: ScanWindow, found: Iterable<WindowSpan>): DetectedSpan[] {
    const { text, base, commit, final } = window;
    const emitted: DetectedSpan[] = [];
    const emit = (span: DetectedSpan) => {
      emitted.push(span);
      this.decidedUntil = Math.max(this.decidedUntil, span.end);
    };
    if (this.open) this.continueOpenValue(window, emit);
    for (const span of found) {
      if (span.start >= commit) break;
      const end = span.end + base;
      if (end <= this.decidedUntil) continue; // seen by the previous window
      // A span reaching back into decided text (past a continued value) still hides what is new.
      const start = Math.max(span.start + base, this.decidedUntil);
      emit({ type: span.type, start, end, value: text.slice(start - base, end - base), replacement: span.replacement });
    }
    if (!final) this.openValueAtEnd(window, emitted);
    this.decidedUntil = Math.max(this.decidedUntil, commit + base);
    return emitted;
  }

  /** A span that ends where the window does may go on: remember what it is made of. */
  private openValueAtEnd({ text, base }: ScanWindow, emitted: readonly DetectedSpan[]): void {
    const last = emitted[emitted.length - 1];
    if (!last || last.end !== base + text.length) return;
    // A sample need not hold every letter or digit of the value: a letter stands for all, a digit likewise.
    const open: OpenValue = { type: last.type, replacement: last.replacement, letters: false, digits: false, others: new Set() };
    for (let i = Math.max(last.start, last.end - CONTINUATION_SAMPLE) - base; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isLetter(c)) open.letters = true;
      else if (isDigit(c)) open.digits = true;
      else open.others.add(c);
    }
    if (open.letters || open.digits) for (const p of TOKEN_PUNCTUATION) open.others.add(p);
    this.open = open;
  }

  /** The value cut at the previous window's end goes on for as long as its characters do. */
  private continueOpenValue({ text, base, final }: ScanWindow, emit: (span: DetectedSpan) => void): void {
    const open = this.open as OpenValue;
    const from = this.decidedUntil - base;
    let to = from;
    while (to < text.length && continues(open, text.charCodeAt(to))) to++;
    if (to > from) emit({ type: open.type, start: from + base, end: to + base, value: text.slice(from, to), replacement: open.replacement });
    if (to < text.length || final) this.open = undefined;
  }
}

/** The whole stream scan in one thread: windows cut, detected and settled as the text comes. */
export class PiiStreamScanner {
  private readonly planner: WindowPlanner;
  private readonly settler = new WindowSettler();

  /**
   * `window`: characters decided per scan (at least MARGIN, so the re-scanned overlap stays a fraction of the work);
   * `longLine`: the longest line held and scanned whole (at least a window).
   */
  constructor(
    private readonly detector: PiiDetector,
    window = WINDOW,
    longLine = LONG_LINE,
  ) {
    this.planner = new WindowPlanner(window, longLine);
  }

  /** Characters held between calls: bounded by a window and its margin (a long line: by longLine), not by the text. */
  get buffered(): number {
    return this.planner.buffered;
  }

  /** No span reported later starts before this absolute offset (text before it can be redacted and let go). */
  get decided(): number {
    return this.settler.decided;
  }

  push(piece: string): DetectedSpan[] {
    const window = this.planner.push(piece);
    return window ? this.settle(window) : [];
  }

  end(): DetectedSpan[] {
    return this.settle(this.planner.end());
  }

  private settle(window: ScanWindow): DetectedSpan[] {
    return this.settler.settle(window, this.detector.detect(window.text));
  }
}
