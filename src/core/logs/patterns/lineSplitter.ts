// Text pieces in, whole lines out (\n, \r\n or a lone \r end a line; the last line needs no end).

export class LineSplitter {
  private rest = '';
  private pendingCr = false;

  /** The lines completed by this piece. */
  push(piece: string, onLine: (line: string) => void): void {
    let text = this.rest + piece;
    if (this.pendingCr) {
      // A \r ended the last piece: a \n starting this one belongs to it.
      if (text.charCodeAt(0) === 10) text = text.slice(1);
      this.pendingCr = false;
    }
    let start = 0;
    if (text.indexOf('\r') < 0) {
      // Fast path (no carriage returns): lines end at each \n.
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        onLine(text.slice(start, end));
        start = end + 1;
      }
      this.rest = text.slice(start);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) {
        onLine(text.slice(start, i));
        if (c === 13) {
          if (i + 1 === text.length) this.pendingCr = true;
          else if (text.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
    }
    this.rest = text.slice(start);
  }

  /** The last line, when the text does not end with a line break. */
  end(onLine: (line: string) => void): void {
    if (this.rest !== '') onLine(this.rest);
    this.rest = '';
    this.pendingCr = false;
  }
}
