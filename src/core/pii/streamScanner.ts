// Scans a text that arrives in pieces (a log streamed from disk or the database) with bounded memory: detection
// runs on windows of whole lines, and a window's last MARGIN characters are scanned again with the next one, so a
// value cut by a window boundary is found whole. Offsets are absolute (UTF-16 code units from the text's start).
import type { PiiDetector } from './detector';
import { MAX_SPAN } from './rules/rule';
import type { DetectedSpan } from './types';

/** Longer than any single value a rule reports (MAX_SPAN). */
export const MARGIN = MAX_SPAN + 1024;
const WINDOW = 1024 * 1024;

/** Text kept before each window so rules that look back (a version word before an address) see what they would see in the whole text. */
const CONTEXT = 256;

export class PiiStreamScanner {
  private pending = '';
  /** Absolute offset of pending[0]. */
  private base = 0;
  /** Everything before this absolute offset is decided: spans starting there were emitted or lost. */
  private decidedUntil = 0;

  /** No span reported later starts before this absolute offset (text before it can be redacted and let go). */
  get decided(): number {
    return this.decidedUntil;
  }

  private readonly window: number;

  /** `window`: characters decided per scan (at least MARGIN, so the re-scanned overlap stays a fraction of the work). */
  constructor(
    private readonly detector: PiiDetector,
    window = WINDOW,
  ) {
    this.window = Math.max(window, MARGIN);
  }

  push(piece: string): DetectedSpan[] {
    this.pending += piece;
    return this.pending.length >= this.window + MARGIN ? this.scan(false) : [];
  }

  end(): DetectedSpan[] {
    return this.scan(true);
  }

  private scan(final: boolean): DetectedSpan[] {
    const text = this.pending;
    // Decide the spans that start before a line boundary at least MARGIN before the end: they cannot grow any more.
    let commit = text.length;
    if (!final) {
      // At a line break near the end; in a very long line, mid-line (the kept context covers the cut).
      const nl = text.lastIndexOf('\n', text.length - MARGIN);
      commit = nl > 0 && nl >= text.length - MARGIN - this.window / 2 ? nl + 1 : text.length - MARGIN;
    }
    const emitted: DetectedSpan[] = [];
    for (const span of this.detector.detect(text)) {
      if (span.start >= commit) break;
      const start = span.start + this.base;
      if (start < this.decidedUntil) continue; // seen by the previous window
      span.start = start;
      span.end += this.base;
      emitted.push(span);
      this.decidedUntil = Math.max(this.decidedUntil, span.end);
    }
    this.decidedUntil = Math.max(this.decidedUntil, commit + this.base);
    const keepFrom = Math.max(0, commit - CONTEXT);
    this.pending = text.slice(keepFrom);
    this.base += keepFrom;
    return emitted;
  }
}
