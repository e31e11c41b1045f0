// The latest text of a log streaming by, as its pieces came (absolute offsets: characters from the text's start),
// so a window of it can be read again; pieces no window can reach any more are let go.
export class HeldText {
  private readonly pieces: string[] = [];
  /** Absolute offset of pieces[0]. */
  private from = 0;
  /** Absolute offset of the end of the last piece. */
  private to = 0;

  /** Appends `piece`; the text before `heldFrom` will not be asked for again. */
  push(piece: string, heldFrom: number): void {
    this.pieces.push(piece);
    this.to += piece.length;
    while (this.pieces.length > 1 && this.from + (this.pieces[0] as string).length <= heldFrom) this.from += (this.pieces.shift() as string).length;
  }

  /** The text [base, base + length), or undefined when part of it is no longer (or not yet) held. */
  text(base: number, length: number): string | undefined {
    if (base < this.from || base + length > this.to) return undefined;
    let text = '';
    let at = this.from;
    for (const piece of this.pieces) {
      const end = at + piece.length;
      if (end > base && at < base + length) text += piece.slice(Math.max(0, base - at), Math.min(piece.length, base + length - at));
      at = end;
      if (at >= base + length) break;
    }
    return text;
  }
}
