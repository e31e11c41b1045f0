// A scan's detections held compactly while the log streams by: a dictionary of distinct values (type + value) and
// deflated chunks of (start delta, value id) — a few bytes a detection, so memory grows with the distinct values
// (~100 bytes each), not with the occurrences. Detections the compact form cannot hold (a replacement other than
// their type's) are kept as plain spans and stored as rows.
import { replacementFor } from '../../core/pii/types';
import { ChunkEncoder, CHUNK_DETECTIONS, decodeChunk } from './detectionCodec';
import { Ipv4Ids, ipv4Number } from './ipv4Ids';

export interface DictionaryValue {
  type: string;
  value: string;
  /** Counted once the set is finished (finish()). */
  occurrences: number;
}

export interface StoredChunk {
  first_start: number;
  data: Buffer;
}

export interface PlainSpan {
  type: string;
  start: number;
  end: number;
  value: string;
  replacement: string;
}

/**
 * A copy that owns its characters: a substring of 13 characters or more points into its parent in V8, so it would
 * keep the whole 1 MiB window alive, and the dictionary outlives every window. (JSON's copy keeps one-byte text
 * one-byte: half the memory of a UTF-16 copy, and compared faster with the scanner's one-byte values.)
 */
const ownCopy = (value: string): string => (value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string));

export class DetectionSet {
  readonly values: DictionaryValue[] = [];
  readonly chunks: StoredChunk[] = [];
  /** Detections kept as plain spans, in text order. */
  readonly plain: PlainSpan[] = [];
  /** Value ids per type, then per value (no key string built per detection: this runs for every detection). */
  private readonly ids = new Map<string, { replacement: string; values: Map<string, number> }>();
  /** IPv4 values' ids by their number (most detections of an access log: cheaper than the string map). */
  private readonly addressIds = new Ipv4Ids();
  private readonly encoder = new ChunkEncoder();
  /** Occurrences per value id while the set fills (a packed array, not a property of a cold object per detection); finish() writes them into `values`. */
  private occurrences = new Float64Array(1024);
  private lastStart = -1;
  private lastType = '';
  private lastValue = '';
  /** Detections in the chunks. */
  detections = 0;
  /** The longest value (UTF-16 code units). */
  longest = 0;
  private finished = false;

  /** Adds a detection; they come in text order. The same detection twice (same type and place) is kept once. */
  add(type: string, start: number, end: number, value: string, replacement: string): void {
    if (start === this.lastStart && type === this.lastType && value === this.lastValue) return;
    let ofType = this.ids.get(type);
    if (!ofType) {
      // The type's replacement, looked up once per type (not per detection).
      ofType = { replacement: replacementFor(type), values: new Map() };
      this.ids.set(ownCopy(type), ofType);
    }
    if (replacement !== ofType.replacement || end - start !== value.length) return this.addPlain(type, start, end, value, replacement);
    const address = type === 'IPv4' ? ipv4Number(value) : -1;
    let id = address < 0 ? ofType.values.get(value) : this.addressIds.get(address);
    if (id === undefined) {
      id = this.values.length;
      const owned = ownCopy(value);
      if (address < 0) ofType.values.set(owned, id);
      else this.addressIds.set(address, id);
      this.values.push({ type, value: owned, occurrences: 0 });
      if (owned.length > this.longest) this.longest = owned.length;
      if (id === this.occurrences.length) {
        const grown = new Float64Array(id * 2);
        grown.set(this.occurrences);
        this.occurrences = grown;
      }
    }
    this.occurrences[id]!++;
    this.encoder.add(start, id);
    this.detections++;
    this.lastStart = start;
    this.lastType = type;
    this.lastValue = value;
    if (this.encoder.count === CHUNK_DETECTIONS) this.flush();
  }

  private addPlain(type: string, start: number, end: number, value: string, replacement: string): void {
    this.plain.push({ type, start, end, value: ownCopy(value), replacement });
  }

  /** Ends the set (the last chunk is written); call once. */
  finish(): this {
    if (!this.finished) {
      this.flush();
      this.values.forEach((v, id) => (v.occurrences = this.occurrences[id]!));
    }
    this.finished = true;
    return this;
  }

  /** Every detection in text order, as plain spans (tests and small logs: it decodes them all). */
  *spans(): Generator<PlainSpan, void, undefined> {
    let p = 0;
    for (const chunk of this.chunks) {
      const { starts, valueIds } = decodeChunk(chunk.first_start, chunk.data);
      for (let i = 0; i < starts.length; i++) {
        const start = starts[i] as number;
        for (; p < this.plain.length && (this.plain[p] as PlainSpan).start <= start; p++) yield this.plain[p] as PlainSpan;
        const v = this.values[valueIds[i] as number] as DictionaryValue;
        yield { type: v.type, start, end: start + v.value.length, value: v.value, replacement: replacementFor(v.type) };
      }
    }
    for (; p < this.plain.length; p++) yield this.plain[p] as PlainSpan;
  }

  countsByType(): Record<string, number> {
    const counts: Record<string, number> = {};
    this.values.forEach((v, id) => (counts[v.type] = (counts[v.type] ?? 0) + this.occurrences[id]!));
    for (const p of this.plain) counts[p.type] = (counts[p.type] ?? 0) + 1;
    return counts;
  }

  private flush(): void {
    if (this.encoder.count === 0) return;
    const firstStart = this.encoder.firstStart;
    this.chunks.push({ first_start: firstStart, data: this.encoder.encode() });
  }
}
