// A pattern's line list as stored: its gap varints (core/logs/patterns/varint.ts encodeLines), deflated when that is
// smaller — a 200 MB access log's lists went from 1.7 to 0.95 MiB. A deflated list starts with a zero byte, which a
// list of gaps never does (its first gap is a 1-based line number), so lists stored before stay readable.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const DEFLATED = 0;

export function packLines(gaps: Uint8Array): Uint8Array {
  if (gaps.length < 64) return gaps;
  const deflated = deflateRawSync(gaps, { level: 6 });
  if (deflated.length + 1 >= gaps.length) return gaps;
  const packed = new Uint8Array(deflated.length + 1);
  packed[0] = DEFLATED;
  packed.set(deflated, 1);
  return packed;
}

export function unpackLines(stored: Uint8Array): Uint8Array {
  if (stored[0] !== DEFLATED) return stored;
  try {
    return inflateRawSync(stored.subarray(1));
  } catch (error) {
    throw new Error(`a pattern's stored line list is damaged (${error instanceof Error ? error.message : String(error)})`);
  }
}
