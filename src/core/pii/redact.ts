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
 * Redacts a text that arrives in pieces (a log streamed from the database) with spans in absolute offsets: push()
 * each piece in order and emit what it returns, then end(). Memory stays bounded by the longest span.
 */
export class RedactingStream {
  private readonly spans: RedactionSpan[];
  private next = 0;
  /** Absolute offset of the start of `pending`. */
  private offset = 0;
  private pending = '';

  constructor(spans: readonly RedactionSpan[]) {
    this.spans = mergeSpans(spans);
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
    while (this.next < this.spans.length) {
      const span = this.spans[this.next] as RedactionSpan;
      if (span.end > endOfPending) break; // the span is not complete yet: keep from its start
      out.push(this.pending.slice(at - this.offset, span.start - this.offset), span.replacement);
      at = span.end;
      this.next++;
    }
    const nextSpan = this.spans[this.next];
    const keepFrom = nextSpan && nextSpan.start < endOfPending ? nextSpan.start : endOfPending;
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
    for (; this.next < this.spans.length; this.next++) {
      const span = this.spans[this.next] as RedactionSpan;
      if (span.start >= endOfPending) break;
      out.push(this.pending.slice(at - this.offset, span.start - this.offset), span.replacement);
      at = Math.min(span.end, endOfPending);
    }
    out.push(this.pending.slice(at - this.offset));
    this.pending = '';
    this.offset = endOfPending;
    return out.join('');
  }
}
