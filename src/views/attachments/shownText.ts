// The text a trcaa-log: document shows: the stored log decoded by its byte-order mark (core/text/logEncoding.ts),
// served to VS Code as UTF-8 — with a BOM when the text starts with U+FEFF — so VS Code never guesses an encoding
// and the document is exactly the text PII offsets count in, whatever the log's own encoding. Past 50 MB the
// document is the text's beginning: the first EXCERPT_BYTES of its UTF-8. No vscode import: tested in plain Node.
import { LogTextDecoder } from '../../core/text/logEncoding';
import type { Services } from '../workbench/services';

/** VS Code refuses documents over 50 MB to extensions; the excerpt and its note stay under that. */
export const EXCERPT_BYTES = 48 * 1024 * 1024;

/** Keeps the beginning of a text arriving in pieces whose UTF-8 fits `limitBytes`, never half a surrogate pair. */
export class Utf8Excerpt {
  private bytes = 0;
  /** True once something was left out. */
  cut = false;
  constructor(private readonly limitBytes: number) {}

  /** The part of `piece` that is shown ('' once the excerpt is full). */
  take(piece: string): string {
    if (this.cut) return '';
    const size = Buffer.byteLength(piece, 'utf8');
    if (this.bytes + size <= this.limitBytes) {
      this.bytes += size;
      return piece;
    }
    this.cut = true;
    let end = 0;
    for (let room = this.limitBytes - this.bytes; end < piece.length; ) {
      const code = piece.codePointAt(end) as number;
      const units = code > 0xffff ? 2 : 1;
      const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      if (width > room) break;
      room -= width;
      end += units;
    }
    this.bytes = this.limitBytes;
    return piece.slice(0, end);
  }
}

export interface ShownLog {
  /** The log's stored size in bytes. */
  fileSize: number;
  /** Only the beginning is shown. */
  excerpt: boolean;
  /** UTF-8 bytes of the text shown. */
  shownBytes: number;
}

/** Streams the shown text of a stored log to `onPiece`, in order (the excerpt ends the read early). */
export async function readShownText(services: Services, logId: string, onPiece: (piece: string) => void, limitBytes = EXCERPT_BYTES): Promise<ShownLog> {
  const store = await services.store();
  const opened = await store.logFiles.openContent(logId, { chunkBytes: 1024 * 1024 });
  const decoder = new LogTextDecoder();
  const excerpt = new Utf8Excerpt(limitBytes);
  let shownBytes = 0;
  const show = (piece: string) => {
    const kept = excerpt.take(piece);
    shownBytes += Buffer.byteLength(kept, 'utf8');
    if (kept) onPiece(kept);
  };
  let stored = 0;
  try {
    for (let chunk = await store.logFiles.readContent(opened.handle); chunk && !excerpt.cut; chunk = await store.logFiles.readContent(opened.handle)) {
      stored += chunk.length;
      show(decoder.write(chunk));
    }
    if (!excerpt.cut) show(decoder.end());
  } finally {
    await store.logFiles.closeContent(opened.handle).catch(() => false);
  }
  return { fileSize: opened.fileSize ?? stored, excerpt: excerpt.cut, shownBytes };
}
