// One chunk of a log's compact detections (docs/storage.md "The span store"): up to CHUNK_DETECTIONS detections
// in text order — each start as the varint distance from the previous start, each value's id in the log's
// dictionary as byte planes — deflated. The end is implied: a detection covers its value exactly, so
// end = start + value length. About 3 bytes a detection in the bench's access log.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Detections per chunk: a window of the text decodes one or two chunks (~1 ms each), never the whole log; large enough that a chunk's last, partly filled overflow page wastes little. */
export const CHUNK_DETECTIONS = 16384;

export interface DecodedChunk {
  starts: number[];
  valueIds: number[];
}

/** Collects one chunk's detections; encode() deflates them. */
export class ChunkEncoder {
  private deltas = new Uint8Array(CHUNK_DETECTIONS * 3);
  private length = 0;
  /** Value ids of the chunk's detections (a typed array: pushing to a growing JS array cost more than the rest of add). */
  private readonly ids = new Uint32Array(CHUNK_DETECTIONS);
  private previous = 0;
  count = 0;
  firstStart = 0;

  add(start: number, valueId: number): void {
    if (this.count === 0) this.firstStart = this.previous = start;
    if (start < this.previous) throw new Error(`detections must come in text order (${start} after ${this.previous})`);
    if (this.count === CHUNK_DETECTIONS) throw new Error(`a chunk holds at most ${CHUNK_DETECTIONS} detections`);
    this.varint(start - this.previous);
    this.ids[this.count] = valueId;
    this.previous = start;
    this.count++;
  }

  /**
   * The deflated chunk: [planes][count varint][start deltas as varints][value ids as byte planes, high first].
   * Byte planes compress ~10% better than interleaved varints (measured on an access log). The encoder is empty again.
   */
  encode(): Buffer {
    const ids = this.ids.subarray(0, this.count);
    let max = 0;
    for (const id of ids) if (id > max) max = id;
    const planes = max < 0x100 ? 1 : max < 0x10000 ? 2 : max < 0x1000000 ? 3 : 4;
    const head = [planes];
    for (let n = this.count; ; n = Math.floor(n / 0x80)) {
      if (n < 0x80) {
        head.push(n);
        break;
      }
      head.push((n % 0x80) | 0x80);
    }
    const out = new Uint8Array(head.length + this.length + planes * this.count);
    out.set(head);
    out.set(this.deltas.subarray(0, this.length), head.length);
    let at = head.length + this.length;
    for (let plane = planes - 1; plane >= 0; plane--) {
      const divisor = 2 ** (8 * plane);
      for (const id of ids) out[at++] = Math.floor(id / divisor) & 0xff;
    }
    const data = deflateRawSync(out, { level: 6 });
    this.length = 0;
    this.count = 0;
    return data;
  }

  private varint(n: number): void {
    if (this.length + 10 > this.deltas.length) {
      const bigger = new Uint8Array(this.deltas.length * 2);
      bigger.set(this.deltas);
      this.deltas = bigger;
    }
    while (n >= 0x80) {
      this.deltas[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.deltas[this.length++] = n;
  }
}

export function decodeChunk(firstStart: number, data: Uint8Array): DecodedChunk {
  const bytes = inflateRawSync(data);
  let at = 0;
  const varint = (): number => {
    let n = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[at++];
      if (byte === undefined) throw new Error('a PII detection chunk ends mid-number: the stored chunk is damaged');
      n += (byte & 0x7f) * scale;
      if (byte < 0x80) return n;
      scale *= 0x80;
    }
  };
  const planes = bytes[at++] ?? 0;
  const count = varint();
  const starts: number[] = new Array<number>(count);
  let start = firstStart;
  for (let i = 0; i < count; i++) starts[i] = start += varint();
  if (at + planes * count !== bytes.length) throw new Error('a PII detection chunk has the wrong length: the stored chunk is damaged');
  const valueIds: number[] = new Array<number>(count).fill(0);
  for (let plane = planes - 1; plane >= 0; plane--) {
    const scale = 2 ** (8 * plane);
    for (let i = 0; i < count; i++) valueIds[i] = (valueIds[i] as number) + (bytes[at++] as number) * scale;
  }
  return { starts, valueIds };
}
