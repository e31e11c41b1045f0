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

export class PiiStreamScanner {
  private pending = '';
  /** Absolute offset of pending[0]. */
  private base = 0;
  /** Where the last commit fell in `pending` (a line break found before it was already used). */
  private committedAt = 0;
  /** Everything before this absolute offset is decided: spans starting there were emitted or lost. */
  private decidedUntil = 0;
  /** pending.length at which the next scan is worth running. */
  private nextScanAt: number;
  private open: OpenValue | undefined;

  /** Characters held between calls: bounded by a window and its margin (a long line: by longLine), not by the text. */
  get buffered(): number {
    return this.pending.length;
  }

  /** No span reported later starts before this absolute offset (text before it can be redacted and let go). */
  get decided(): number {
    return this.decidedUntil;
  }

  private readonly window: number;
  private readonly longLine: number;

  /**
   * `window`: characters decided per scan (at least MARGIN, so the re-scanned overlap stays a fraction of the work);
   * `longLine`: the longest line held and scanned whole (at least a window).
   */
  constructor(
    private readonly detector: PiiDetector,
    window = WINDOW,
    longLine = LONG_LINE,
  ) {
    this.window = Math.max(window, MARGIN);
    this.longLine = Math.max(longLine, this.window + MARGIN);
    this.nextScanAt = this.window + MARGIN;
  }

  push(piece: string): DetectedSpan[] {
    this.pending += piece;
    return this.pending.length >= this.nextScanAt ? this.scan(false) : [];
  }

  end(): DetectedSpan[] {
    return this.scan(true);
  }

  private scan(final: boolean): DetectedSpan[] {
    const text = this.pending;
    // Decide the spans that start before a line boundary at least MARGIN before the end: they cannot grow any more.
    let commit = text.length;
    if (!final) {
      const nl = text.lastIndexOf('\n', text.length - MARGIN);
      if (nl >= this.committedAt) commit = nl + 1;
      else if (text.length < this.longLine) {
        // No line break since the last commit: one long line, held until it ends (or grows past longLine).
        this.nextScanAt = text.length + this.window;
        return [];
      } else {
        commit = text.length - MARGIN;
      }
    }
    const emitted: DetectedSpan[] = [];
    const emit = (span: DetectedSpan) => {
      emitted.push(span);
      this.decidedUntil = Math.max(this.decidedUntil, span.end);
    };
    if (this.open) this.continueOpenValue(text, final, emit);
    for (const span of this.detector.detect(text)) {
      if (span.start >= commit) break;
      const end = span.end + this.base;
      if (end <= this.decidedUntil) continue; // seen by the previous window
      // A span reaching back into decided text (past a continued value) still hides what is new.
      const start = Math.max(span.start + this.base, this.decidedUntil);
      emit({ type: span.type, start, end, value: text.slice(start - this.base, end - this.base), replacement: span.replacement });
    }
    if (!final) this.openValueAtEnd(text, emitted);
    this.decidedUntil = Math.max(this.decidedUntil, commit + this.base);
    const keepFrom = Math.max(0, commit - CONTEXT);
    this.pending = text.slice(keepFrom);
    this.base += keepFrom;
    this.committedAt = commit - keepFrom;
    this.nextScanAt = Math.max(this.window + MARGIN, this.pending.length + this.window);
    return emitted;
  }

  /** A span that ends where the window does may go on: remember what it is made of. */
  private openValueAtEnd(text: string, emitted: readonly DetectedSpan[]): void {
    const last = emitted[emitted.length - 1];
    if (!last || last.end !== this.base + text.length) return;
    // A sample need not hold every letter or digit of the value: a letter stands for all, a digit likewise.
    const open: OpenValue = { type: last.type, replacement: last.replacement, letters: false, digits: false, others: new Set() };
    for (let i = Math.max(last.start, last.end - CONTINUATION_SAMPLE) - this.base; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (isLetter(c)) open.letters = true;
      else if (isDigit(c)) open.digits = true;
      else open.others.add(c);
    }
    if (open.letters || open.digits) for (const p of TOKEN_PUNCTUATION) open.others.add(p);
    this.open = open;
  }

  /** The value cut at the previous window's end goes on for as long as its characters do. */
  private continueOpenValue(text: string, final: boolean, emit: (span: DetectedSpan) => void): void {
    const open = this.open as OpenValue;
    const from = this.decidedUntil - this.base;
    let to = from;
    while (to < text.length && continues(open, text.charCodeAt(to))) to++;
    if (to > from) emit({ type: open.type, start: from + this.base, end: to + this.base, value: text.slice(from, to), replacement: open.replacement });
    if (to < text.length || final) this.open = undefined;
  }
}
