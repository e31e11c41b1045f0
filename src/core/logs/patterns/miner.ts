// Streaming log pattern miner (see docs/patterns.md).
// Pass over the lines: each message is masked (tokens.ts) and its masked token sequence — its signature — is
// counted. finish() clusters the signatures into patterns (cluster.ts). Memory is the signature table alone, capped:
// past the cap a new signature joins the closest pattern of its length or the "other" bucket.
import { clusterSignatures, type Signature } from './cluster';
import { maskedKey } from './tokens';

export interface MinerOptions {
  /** Most distinct signatures kept (each costs its tokens): bounds memory whatever the log. */
  readonly maxSignatures?: number;
}

export interface MinedPattern {
  /** Dense index, in order of first occurrence. */
  readonly index: number;
  readonly template: string;
  readonly count: number;
}

export interface MiningResult {
  readonly patterns: MinedPattern[];
  /** Pattern index of each signature id that push() returned. */
  readonly patternOfSignature: Int32Array;
}

export const OTHER_SIGNATURE = -1;

export class PatternMiner {
  private readonly maxSignatures: number;
  private readonly ids = new Map<string, number>();
  private readonly signatures: Signature[] = [];

  constructor(options: MinerOptions = {}) {
    this.maxSignatures = options.maxSignatures ?? 50_000;
  }

  /** The signature id of a message (stable for the miner's lifetime). */
  push(message: string): number {
    const key = maskedKey(message);
    let id = this.ids.get(key);
    if (id === undefined) {
      if (this.signatures.length >= this.maxSignatures) return OTHER_SIGNATURE;
      id = this.signatures.length;
      this.ids.set(key, id);
      this.signatures.push({ tokens: key === '' ? [] : key.split(' '), count: 0 });
    }
    this.signatures[id]!.count++;
    return id;
  }

  /** The id of a message already seen (for a second pass), or OTHER_SIGNATURE. */
  lookup(message: string): number {
    return this.ids.get(maskedKey(message)) ?? OTHER_SIGNATURE;
  }

  get signatureCount(): number {
    return this.signatures.length;
  }

  finish(): MiningResult {
    return clusterSignatures(this.signatures);
  }
}
