// Unsigned LEB128 varints in a growing byte buffer: how line lists and histograms are kept compactly, in memory
// while mining and as stored blobs (a line list costs about one byte per line: the gaps between a pattern's lines).

export class VarintWriter {
  private buffer: Uint8Array;
  private length = 0;

  constructor(initialBytes = 64) {
    this.buffer = new Uint8Array(initialBytes);
  }

  get byteLength(): number {
    return this.length;
  }

  write(value: number): void {
    if (this.length + 8 > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + 8));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    // Values up to 2^53: the division keeps them exact where bit operations would stop at 2^31.
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.length++] = v;
  }

  /** A copy of what was written, sized exactly. */
  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** What was written, without a copy (valid until the next write). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

export class VarintReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  read(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.bytes.length) throw new Error('truncated varint');
      const byte = this.bytes[this.at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  }
}

/** Sorted line numbers as gaps (first line, then differences): the stored form of a pattern's lines. */
export function encodeLines(lines: Iterable<number>): Uint8Array {
  const writer = new VarintWriter();
  let previous = 0;
  for (const line of lines) {
    writer.write(line - previous);
    previous = line;
  }
  return writer.bytes();
}

export function decodeLines(bytes: Uint8Array): number[] {
  const reader = new VarintReader(bytes);
  const lines: number[] = [];
  let line = 0;
  while (!reader.done) lines.push((line += reader.read()));
  return lines;
}

/** A per-minute histogram: [minute, count] pairs with minutes ascending, stored as (gap, count) varints. */
export function encodeHistogram(buckets: readonly (readonly [number, number])[]): Uint8Array {
  const writer = new VarintWriter();
  let previous = buckets.length ? buckets[0]![0] : 0;
  for (const [minute, count] of buckets) {
    writer.write(minute - previous);
    writer.write(count);
    previous = minute;
  }
  return writer.bytes();
}

/** The pairs back, minutes counted from `startMinute` (the first bucket's minute, stored beside the blob). */
export function decodeHistogram(bytes: Uint8Array, startMinute: number): [number, number][] {
  const reader = new VarintReader(bytes);
  const buckets: [number, number][] = [];
  let minute = startMinute;
  while (!reader.done) {
    minute += reader.read();
    buckets.push([minute, reader.read()]);
  }
  return buckets;
}
