// Text pieces in, whole lines out (\n, \r\n or a lone \r end a line; the last line needs no end). Each piece is
// scanned once, and a line is kept up to MAX_LINE_CHARS: a 100 MB line without a break (a dumped blob) costs
// neither quadratic rescans nor its size in memory — mining reads a line's first characters only.

export const MAX_LINE_CHARS = 64 * 1024;

export class LineSplitter {
  private rest = '';
  private pendingCr = false;

  /** The lines completed by this piece, each with where it starts in the piece (-1: it started in an earlier one). */
  push(piece: string, onLine: (line: string, start: number) => void): void {
    if (piece === '') return;
    let start = 0;
    if (this.pendingCr) {
      // A \r ended the last piece: a \n starting this one belongs to it.
      if (piece.charCodeAt(0) === 10) start = 1;
      this.pendingCr = false;
    }
    const hasCr = piece.indexOf('\r', start) >= 0;
    for (;;) {
      const end = hasCr ? lineEnd(piece, start) : piece.indexOf('\n', start);
      if (end < 0) break;
      const held = this.rest !== '';
      onLine(this.take(piece, start, end), held ? -1 : start);
      start = end + 1;
      if (piece.charCodeAt(end) === 13) {
        if (end + 1 === piece.length) this.pendingCr = true;
        else if (piece.charCodeAt(end + 1) === 10) start++;
      }
    }
    this.keep(piece, start, piece.length);
  }

  /** The last line, when the text does not end with a line break. */
  end(onLine: (line: string, start: number) => void): void {
    if (this.rest !== '') onLine(this.rest, -1);
    this.rest = '';
    this.pendingCr = false;
  }

  /** The held start of the line and piece[from, to), capped. */
  private take(piece: string, from: number, to: number): string {
    const room = MAX_LINE_CHARS - this.rest.length;
    const line = this.rest === '' ? piece.slice(from, Math.min(to, from + MAX_LINE_CHARS)) : this.rest + piece.slice(from, Math.min(to, from + Math.max(room, 0)));
    this.rest = '';
    return line;
  }

  private keep(piece: string, from: number, to: number): void {
    const room = MAX_LINE_CHARS - this.rest.length;
    if (room > 0 && to > from) this.rest += piece.slice(from, Math.min(to, from + room));
  }
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}
