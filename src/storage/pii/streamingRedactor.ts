// Redacts a text arriving in pieces with spans that arrive lazily too (in text order, from the compact store), so
// neither the text nor the spans of a large log are held whole. Same output as core/pii/redact.ts RedactingStream
// over the same spans: overlapping spans are merged (their union replaced with the first one's replacement).
import { byReplacement } from '../../core/pii/redact';
import type { RedactionSpan } from '../../core/pii/redact';

export class StreamingRedactor {
  private readonly source: Iterator<RedactionSpan>;
  private peeked: RedactionSpan | undefined;
  private next: RedactionSpan | undefined;
  /** Absolute offset of the start of `pending`. */
  private offset = 0;
  private pending = '';

  /** `spans` sorted by start (then the longer first). */
  constructor(spans: Iterable<RedactionSpan>) {
    this.source = spans[Symbol.iterator]();
    this.peeked = this.pull();
    this.next = this.merged();
  }

  /** Characters held between pushes: only a span not complete yet is kept, so the bound is the longest span. */
  get buffered(): number {
    return this.pending.length;
  }

  push(piece: string): string {
    this.pending += piece;
    const out: string[] = [];
    const endOfPending = this.offset + this.pending.length;
    let at = this.offset;
    while (this.next) {
      const span = this.next;
      if (span.end > endOfPending) break; // not complete yet: keep from its start
      out.push(this.pending.slice(at - this.offset, span.start - this.offset), span.replacement);
      at = span.end;
      this.next = this.merged();
    }
    const keepFrom = this.next && this.next.start < endOfPending ? this.next.start : endOfPending;
    out.push(this.pending.slice(at - this.offset, keepFrom - this.offset));
    this.pending = this.pending.slice(keepFrom - this.offset);
    this.offset = keepFrom;
    return out.join('');
  }

  /** The rest; a span reaching past the end of the text still hides what it covers. */
  end(): string {
    const out: string[] = [];
    let at = this.offset;
    const endOfPending = this.offset + this.pending.length;
    for (; this.next && this.next.start < endOfPending; this.next = this.merged()) {
      out.push(this.pending.slice(at - this.offset, this.next.start - this.offset), this.next.replacement);
      at = Math.min(this.next.end, endOfPending);
    }
    out.push(this.pending.slice(at - this.offset));
    this.pending = '';
    this.offset = endOfPending;
    return out.join('');
  }

  /** The next non-empty span, clipped at 0. */
  private pull(): RedactionSpan | undefined {
    for (let r = this.source.next(); !r.done; r = this.source.next()) {
      const span = { start: Math.max(0, r.value.start), end: r.value.end, replacement: r.value.replacement };
      if (span.end > span.start) return span;
    }
    return undefined;
  }

  /** The next span with every span overlapping it merged in. */
  private merged(): RedactionSpan | undefined {
    const span = this.peeked;
    if (!span) return undefined;
    this.peeked = this.pull();
    while (this.peeked && this.peeked.start < span.end) {
      // The same range again (in no defined order from the database): the replacement mergeSpans would show.
      if (this.peeked.start === span.start && this.peeked.end === span.end && byReplacement(this.peeked, span) < 0) span.replacement = this.peeked.replacement;
      span.end = Math.max(span.end, this.peeked.end);
      this.peeked = this.pull();
    }
    return span;
  }
}
