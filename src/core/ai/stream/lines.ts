// Lines of text from a byte stream (fetch's body), however the bytes are chunked: UTF-8 characters split across
// chunks are joined, and a line may end with LF, CRLF or CR (a CR at the end of one chunk and an LF at the start of
// the next are one line break). Limits keep a provider that never sends a newline from filling memory.

/** A line, or the whole stream, passed its limit. */
export class StreamLimitError extends Error {
  constructor(readonly limit: 'line' | 'total', readonly chars: number) {
    super(limit === 'line' ? `A line of the reply passed ${chars} characters` : `The reply passed ${chars} characters`);
    this.name = 'StreamLimitError';
  }
}

export interface LineLimits {
  /** Longest line kept (characters); a longer one throws StreamLimitError. */
  maxLineChars?: number;
  /** Most characters read over the whole stream. */
  maxTotalChars?: number;
  /** Called with each chunk's size as it arrives, before it is split (idle timers reset here). */
  onChunk?: (bytes: number) => void;
}

export const DEFAULT_MAX_LINE_CHARS = 4 * 1024 * 1024;

/**
 * Yields each line without its line break. A last line without a break is yielded at the end. Stopping the loop
 * early (break, throw) cancels the stream, which closes the connection.
 */
export async function* readLines(body: ReadableStream<Uint8Array>, limits: LineLimits = {}): AsyncGenerator<string> {
  const maxLine = limits.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
  const maxTotal = limits.maxTotalChars ?? Number.POSITIVE_INFINITY;
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let scanFrom = 0;
  let total = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      let text: string;
      if (done) {
        finished = true;
        text = decoder.decode();
      } else {
        limits.onChunk?.(value.byteLength);
        text = decoder.decode(value, { stream: true });
        total += text.length;
        if (total > maxTotal) throw new StreamLimitError('total', maxTotal);
      }
      pending += text;
      let start = 0;
      // What was pending before holds no line break (but perhaps a last CR): search the new text only.
      let from = scanFrom;
      // Each kind of break is searched for again only once passed (no rescans of a long chunk per line).
      let cr = pending.indexOf('\r', from);
      let lf = pending.indexOf('\n', from);
      for (;;) {
        if (cr !== -1 && cr < from) cr = pending.indexOf('\r', from);
        if (lf !== -1 && lf < from) lf = pending.indexOf('\n', from);
        const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
        if (end === -1) break;
        // A CR last in the buffer may be the first half of a CRLF: wait for the next chunk to tell.
        if (end === cr && end === pending.length - 1 && !finished) break;
        yield pending.slice(start, end);
        start = end + (end === cr && pending[end + 1] === '\n' ? 2 : 1);
        from = start;
      }
      pending = pending.slice(start);
      scanFrom = pending.endsWith('\r') ? pending.length - 1 : pending.length;
      if (pending.length > maxLine) throw new StreamLimitError('line', maxLine);
      if (finished) {
        if (pending.length > 0) yield pending;
        return;
      }
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
