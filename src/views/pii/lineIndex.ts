// Where each line of a log's text starts, in UTF-16 code units of the text PII offsets count in (docs/domain.md
// "PII offsets"): lines end at \r\n, \r or \n, as in VS Code's text model. Built from the stored text, so a position is exact even when
// VS Code normalised the document's mixed line endings. No vscode import: plain positions.

export interface LinePosition {
  line: number;
  character: number;
}

export class LineIndex {
  /** Offset of each line's first code unit; starts[0] = 0. */
  private readonly starts: number[] = [0];
  private consumed = 0;
  private afterCR = false;

  /** Feeds the next piece of the text (pieces in order; a \r\n split between two pieces counts once). */
  push(piece: string): void {
    for (let i = 0; i < piece.length; i++) {
      const code = piece.charCodeAt(i);
      if (code === 10) {
        if (this.afterCR) this.starts[this.starts.length - 1] = this.consumed + i + 1;
        else this.starts.push(this.consumed + i + 1);
        this.afterCR = false;
      } else if (code === 13) {
        this.starts.push(this.consumed + i + 1);
        this.afterCR = true;
      } else this.afterCR = false;
    }
    this.consumed += piece.length;
  }

  /** Code units fed so far. */
  get length(): number {
    return this.consumed;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] ?? 0;
  }

  /** The line and column of an offset (an offset inside a \r\n belongs to the line the break ends). */
  positionAt(offset: number): LinePosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - (this.starts[low] ?? 0) };
  }

  offsetAt(position: LinePosition): number {
    return this.lineStart(position.line) + Math.max(0, position.character);
  }
}
