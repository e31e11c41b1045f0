// Streaming log pattern miner (see docs/patterns.md).
// Pass over the lines: each message is masked (tokens.ts) and its masked token sequence — its signature — is
// counted. finish() clusters the signatures into patterns (cluster.ts). Memory is the signature table alone, capped
// in entries and in bytes: past the cap a line with a new signature goes to the "other" bucket.
import { clusterSignatures, type Signature } from './cluster';
import { MaskedKey, maskedKey, ownCopy, readMaskedKey } from './tokens';

export interface MinerOptions {
  /** Most distinct signatures kept: bounds memory and the clustering's work whatever the log. */
  readonly maxSignatures?: number;
  /** Most bytes of signature text kept (UTF-16, with a per-entry overhead). */
  readonly maxSignatureBytes?: number;
}

export interface MinedPattern {
  /** Dense index, in order of first occurrence; the "other" bucket, when there is one, comes last. */
  readonly index: number;
  readonly template: string;
  readonly count: number;
  /** The bucket of lines whose signature did not fit under the cap. */
  readonly other?: true;
}

export interface MiningResult {
  readonly patterns: MinedPattern[];
  /** Pattern index of each signature id that push() returned. */
  readonly patternOfSignature: Int32Array;
  /** Index of the "other" pattern (OTHER_SIGNATURE lines), or -1 when no line went there. */
  readonly otherPattern: number;
}

export const OTHER_SIGNATURE = -1;
/** How a pattern is named to people and in the CLI's output: P1, P2, … in order of first occurrence. */
export const patternId = (index: number): string => `P${index + 1}`;
export const OTHER_TEMPLATE = '<other>';
/** Only the start of a very long message is mined: a 1 MB line (a dumped blob) must not cost 1 MB per signature. */
export const MAX_MESSAGE_CHARS = 2048;
/** The message's first MAX_MESSAGE_CHARS, cut at a space so no token is cut in two. */
function clip(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  const space = message.lastIndexOf(' ', MAX_MESSAGE_CHARS);
  return message.slice(0, space > 0 ? space : MAX_MESSAGE_CHARS);
}

/** Keys remembered by the recent-key cache, and the most characters of runs one may hold (bounds it to ~0.5 MB). */
const RECENT_KEY_SLOTS = 1024;
const MAX_RECENT_RUN_CHARS = 256;

/** Rough bytes one signature costs beyond its text (Map entry, arrays, string header). */
const ENTRY_OVERHEAD = 96;

export class PatternMiner {
  private readonly maxSignatures: number;
  private readonly maxSignatureBytes: number;
  private readonly ids = new Map<string, number>();
  /** The first signature of each key hash (another key with the same hash is found in `ids`). */
  private readonly idByHash = new Map<number, number>();
  private readonly reading = new MaskedKey();
  private readonly recentIds = new Int32Array(RECENT_KEY_SLOTS).fill(-1);
  private readonly recentHashes = new Int32Array(RECENT_KEY_SLOTS);
  private readonly recentParts: string[][] = new Array<string[]>(RECENT_KEY_SLOTS).fill([]);
  private readonly keys: string[] = [];
  private readonly counts: number[] = [];
  private bytes = 0;
  private otherCount = 0;

  constructor(options: MinerOptions = {}) {
    this.maxSignatures = options.maxSignatures ?? 50_000;
    this.maxSignatureBytes = options.maxSignatureBytes ?? 24 * 1024 * 1024;
  }

  /**
   * The signature id of a message (stable for the miner's lifetime), or OTHER_SIGNATURE past the cap. `codes` and
   * `base`: the message's characters, as readMaskedKey takes them.
   */
  push(message: string, codes?: Uint16Array, base = 0): number {
    const read = readMaskedKey(clip(message), this.reading, codes, base);
    // The keys read last, by hash (direct-mapped): most lines have the key of a recent line, and their parts are
    // compared without the key's text.
    const slot = read.hash & (RECENT_KEY_SLOTS - 1);
    const recent = this.recentIds[slot]!;
    if (recent >= 0 && this.recentHashes[slot] === read.hash && read.sameParts(this.recentParts[slot]!)) {
      this.counts[recent]!++;
      return recent;
    }
    const id = this.find(read);
    if (id !== OTHER_SIGNATURE && read.runChars() <= MAX_RECENT_RUN_CHARS) {
      this.recentIds[slot] = id;
      this.recentHashes[slot] = read.hash;
      this.recentParts[slot] = read.parts();
    }
    return id;
  }

  private find(read: MaskedKey): number {
    // A key seen before is found by its hash and compared in place; its string is built only when it is new.
    let id = this.idByHash.get(read.hash);
    if (id !== undefined && read.equals(this.keys[id]!)) {
      this.counts[id]!++;
      return id;
    }
    const key = read.text();
    id = this.ids.get(key);
    if (id === undefined) {
      const cost = key.length * 2 + ENTRY_OVERHEAD;
      if (this.keys.length >= this.maxSignatures || this.bytes + cost > this.maxSignatureBytes) {
        this.otherCount++;
        return OTHER_SIGNATURE;
      }
      id = this.keys.length;
      // An own copy: the key may be a slice of the message, which would keep its whole piece of the log alive.
      const owned = ownCopy(key);
      this.ids.set(owned, id);
      this.keys.push(owned);
      this.counts.push(0);
      this.bytes += cost;
    }
    if (!this.idByHash.has(read.hash)) this.idByHash.set(read.hash, id);
    this.counts[id]!++;
    return id;
  }

  /** The id of a message already seen (for a second pass), or OTHER_SIGNATURE. */
  lookup(message: string): number {
    return this.ids.get(maskedKey(clip(message))) ?? OTHER_SIGNATURE;
  }

  get signatureCount(): number {
    return this.keys.length;
  }

  /** What the miner's state holds, estimated from its own tables (the memory bound tests check this). */
  get stateBytes(): number {
    return this.bytes;
  }

  finish(): MiningResult {
    const signatures: Signature[] = this.keys.map((key, i) => ({ tokens: key === '' ? [] : key.split(' '), count: this.counts[i]! }));
    const { patterns, patternOfSignature } = clusterSignatures(signatures);
    if (this.otherCount === 0) return { patterns, patternOfSignature, otherPattern: -1 };
    const otherPattern = patterns.length;
    return { patterns: [...patterns, { index: otherPattern, template: OTHER_TEMPLATE, count: this.otherCount, other: true }], patternOfSignature, otherPattern };
  }
}
