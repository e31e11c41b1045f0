// How a log's bytes become its text — the one place that decides (attach, scans, redaction, views, CLI).
// A log's text is its bytes decoded by their byte-order mark: UTF-8 without one, UTF-16LE/BE with one. The BOM
// itself is kept as U+FEFF at offset 0 (so a UTF-16 log and its UTF-8 twin with a BOM have the same offsets),
// invalid sequences, lone surrogates and a truncated last code unit become U+FFFD, line endings are kept.
// Bytes whose encoding cannot be told — no BOM and many NUL bytes (UTF-16/UTF-32 without a BOM), or a UTF-32
// BOM — are refused: scanned as UTF-8, their values would pass the detector unseen.

export type LogEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** How many leading bytes decide the encoding when there is no BOM (as many as attach sniffs). */
export const ENCODING_SNIFF_BYTES = 8192;
/** The longest byte-order mark looked for (UTF-32's). */
const BOM_BYTES = 4;

/** Thrown when a log's encoding cannot be told or is not supported; `code` crosses the worker boundary. */
export class LogEncodingError extends Error {
  readonly code = 'UNSUPPORTED_ENCODING';
  constructor(readonly reason: string) {
    super(`The log cannot be read as text: ${reason}`);
    this.name = 'LogEncodingError';
  }
}

export type EncodingVerdict = { encoding: LogEncoding } | { refused: string };

const starts = (bytes: Uint8Array, prefix: readonly number[]) => bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

const HOW_TO_CONVERT = 'Save or convert it as UTF-8 (e.g. iconv -t UTF-8) or as UTF-16 with a byte-order mark.';

/**
 * The encoding the first bytes prove, or undefined while more bytes could change the answer (`complete`: these
 * are all the bytes there are). UTF-32 BOMs are checked first: FF FE 00 00 is not a UTF-16LE log.
 */
export function detectLogEncoding(head: Uint8Array, complete: boolean): EncodingVerdict | undefined {
  if (starts(head, [0xff, 0xfe, 0, 0]) || starts(head, [0, 0, 0xfe, 0xff])) {
    return { refused: `it is UTF-32 (it starts with a UTF-32 byte-order mark), which TRCAA does not read. ${HOW_TO_CONVERT}` };
  }
  if (head.length < BOM_BYTES && !complete) return undefined;
  if (starts(head, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8' };
  if (starts(head, [0xff, 0xfe])) return { encoding: 'utf-16le' };
  if (starts(head, [0xfe, 0xff])) return { encoding: 'utf-16be' };
  if (head.length < ENCODING_SNIFF_BYTES && !complete) return undefined;
  const sniffed = head.subarray(0, ENCODING_SNIFF_BYTES);
  const nul = countNul(sniffed);
  // A stray NUL is noise in a UTF-8 log; text in UTF-16 without a BOM has one in every other byte.
  if (nul > 0 && nul * 64 >= sniffed.length) {
    return {
      refused: `its encoding cannot be told: it has no byte-order mark and ${nul} of its first ${sniffed.length} bytes are NUL, as in UTF-16 or UTF-32 text without a byte-order mark (or a file that is not text). ${HOW_TO_CONVERT}`,
    };
  }
  return { encoding: 'utf-8' };
}

function countNul(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === 0) n++;
  return n;
}

/**
 * A streaming decoder: feed chunks in order, then end(). The encoding is decided from the first bytes (a BOM
 * split over chunks is still found; without a BOM up to 8 KB are held first), split characters are joined.
 * Throws LogEncodingError when the bytes are refused.
 */
export class LogTextDecoder {
  private decoder: TextDecoder | undefined;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** UTF-8: the bytes of a character the last chunk ended inside of. */
  private carry: Uint8Array | undefined;
  /** Decided once enough bytes have arrived. */
  encoding: LogEncoding | undefined;

  write(chunk: Uint8Array): string {
    if (this.decoder) return this.decodeMore(chunk);
    if (chunk.length === 0) return '';
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    return this.decide(false);
  }

  end(): string {
    const head = this.decoder ? '' : this.decide(true);
    const tail = this.carry;
    this.carry = undefined;
    return head + (this.decoder as TextDecoder).decode(tail);
  }

  /**
   * UTF-8 is decoded whole up to the last character that may be incomplete, which waits for the next chunk: the
   * streaming decoder returns two-byte strings for large chunks (an external UTF-16 string), and V8's regexes run
   * ~3.5× slower on those. Cutting before a byte that is not a continuation byte (80–BF) is exact: the decoder
   * starts afresh at such a byte whatever came before it, so the pieces' texts are the whole text's.
   */
  private decodeMore(chunk: Uint8Array): string {
    const decoder = this.decoder as TextDecoder;
    if (this.encoding !== 'utf-8') return decoder.decode(chunk, { stream: true });
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = incompleteTail(bytes);
    this.carry = cut < bytes.length ? Uint8Array.from(bytes.subarray(cut)) : undefined; // a copy: callers reuse buffers
    return decoder.decode(cut < bytes.length ? bytes.subarray(0, cut) : bytes);
  }

  private decide(complete: boolean): string {
    const head = this.pending.length === 1 ? (this.pending[0] as Uint8Array) : Buffer.concat(this.pending, this.pendingBytes);
    const verdict = detectLogEncoding(head, complete);
    if (!verdict) {
      this.pending = [head];
      return '';
    }
    if ('refused' in verdict) throw new LogEncodingError(verdict.refused);
    this.encoding = verdict.encoding;
    this.decoder = new TextDecoder(verdict.encoding, { fatal: false, ignoreBOM: true });
    this.pending = [];
    this.pendingBytes = 0;
    return this.decodeMore(head);
  }
}

/** Where a UTF-8 character that the bytes may not hold whole begins (bytes.length when none does). */
function incompleteTail(bytes: Uint8Array): number {
  for (let at = bytes.length - 1; at >= 0 && at >= bytes.length - 3; at--) {
    const b = bytes[at] as number;
    if (b < 0x80) return bytes.length;
    if (b >= 0xc0) return bytes.length - at < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) ? at : bytes.length;
  }
  return bytes.length;
}

/** The text of bytes held whole (see the top of this file); throws LogEncodingError when they are refused. */
export function decodeLogText(bytes: Uint8Array): string {
  const decoder = new LogTextDecoder();
  return decoder.write(bytes) + decoder.end();
}

/**
 * Text arriving in pieces, encoded back into a log encoding (the CLI writes the encoding it read). A high
 * surrogate ending a piece waits for its pair, so the bytes equal those of the whole text encoded at once.
 */
export class LogTextEncoder {
  private carry = '';
  constructor(readonly encoding: LogEncoding) {}

  encode(piece: string): Buffer {
    let text = this.carry + piece;
    this.carry = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.carry = text.slice(-1);
      text = text.slice(0, -1);
    }
    return this.bytes(text);
  }

  end(): Buffer {
    const rest = this.bytes(this.carry);
    this.carry = '';
    return rest;
  }

  private bytes(text: string): Buffer {
    if (this.encoding === 'utf-8') return Buffer.from(text, 'utf8');
    const le = Buffer.from(text, 'utf16le');
    return this.encoding === 'utf-16le' ? le : le.swap16();
  }
}
