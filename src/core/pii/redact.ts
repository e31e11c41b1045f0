// Redaction: the text with each redacted span replaced. Overlapping spans are merged (their union is replaced, with
// the first span's replacement), so no part of a redacted value can survive between two overlapping spans.
// The first is the one starting first, then the longer; of spans over the same range, the replacement that sorts
// first: the database returns those in no defined order, and every view must show the same text.

export interface RedactionSpan {
  start: number;
  end: number;
  replacement: string;
}

/** Of two spans over the same range, the one whose replacement is shown (code-unit order). */
export const byReplacement = (a: RedactionSpan, b: RedactionSpan) => (a.replacement < b.replacement ? -1 : a.replacement > b.replacement ? 1 : 0);

/** Sorted, merged, non-empty ranges; spans outside [0, length) are clipped. */
export function mergeSpans(spans: readonly RedactionSpan[], length = Infinity): RedactionSpan[] {
  const sorted = spans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(length, s.end), replacement: s.replacement }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end || byReplacement(a, b));
  const merged: RedactionSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

export function redactText(text: string, spans: readonly RedactionSpan[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const span of mergeSpans(spans, text.length)) {
    parts.push(text.slice(at, span.start), span.replacement);
    at = span.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Redacts a text that arrives in pieces (a log streamed from the database) with spans that may arrive lazily too, in
 * text order (from the compact store), so neither the text nor the spans of a large log are held whole: push() each
 * piece in order and emit what it returns, then end(). Overlapping spans are merged as mergeSpans does. Memory stays
 * bounded by the longest span.
 */
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

/** The same over spans in any order (all known up front): sorted and merged first. */
export class RedactingStream extends StreamingRedactor {
  constructor(spans: readonly RedactionSpan[]) {
    super(mergeSpans(spans));
  }
}
