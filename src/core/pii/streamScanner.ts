// Scans a text that arrives in pieces (a log streamed from disk or the database) with bounded memory: detection
// runs on windows of whole lines, and a window's last MARGIN characters are scanned again with the next one, so a
// value cut by a window boundary is found whole. Offsets are absolute (UTF-16 code units from the text's start).
import type { PiiDetector } from './detector';
import type { DetectedSpan } from './types';

/** Longer than any single value we detect (a PEM block of a 8192-bit RSA key is ~6.5 KB). */
export const MARGIN = 16 * 1024;
const WINDOW = 1024 * 1024;

export class PiiStreamScanner {
  private pending = '';
  /** Absolute offset of pending[0]. */
  private base = 0;

  constructor(
    private readonly detector: PiiDetector,
    private readonly window = WINDOW,
  ) {}

  push(piece: string): DetectedSpan[] {
    this.pending += piece;
    return this.pending.length >= this.window + MARGIN ? this.scan(false) : [];
  }

  end(): DetectedSpan[] {
    return this.scan(true);
  }

  private scan(final: boolean): DetectedSpan[] {
    const text = this.pending;
    // Commit spans that start before a line boundary at least MARGIN before the end: they cannot grow any more.
    let commit = text.length;
    if (!final) {
      const nl = text.lastIndexOf('\n', text.length - MARGIN);
      commit = nl > 0 ? nl + 1 : text.length - MARGIN;
    }
    const emitted: DetectedSpan[] = [];
    let resumeAt = commit;
    for (const span of this.detector.detect(text)) {
      if (span.start >= commit) break;
      emitted.push({ ...span, start: span.start + this.base, end: span.end + this.base });
      resumeAt = Math.max(resumeAt, span.end);
    }
    this.pending = text.slice(resumeAt);
    this.base += resumeAt;
    return emitted;
  }
}
