// Messages between an attach and the thread beside it (attachMining.ts, minerWorker.ts): the thread mines the log's
// patterns from the decoded pieces and, holding the same text, detects PII in the scan windows it is given.
import type { LogPatternIndex } from '../../core/logs/patterns/logPatternIndex';
import type { DetectorOptions } from '../../core/pii/types';

/** A window's findings, packed: offsets in the window's text, and each span's kind as an index into `kinds`. */
export interface PackedSpans {
  starts: Int32Array;
  ends: Int32Array;
  kindOf: Uint16Array;
  /** type and replacement of each kind. */
  kinds: [string, string][];
}

export type ToMiner =
  /** The next piece of the text; the thread may forget the text before `heldFrom` (no later window reaches back there). */
  | { piece: string; heldFrom: number }
  | { detector: DetectorOptions }
  /** Detect in the text [base, base + length) (absolute offsets: the pieces' characters counted from the start). */
  | { detect: number; base: number; length: number }
  | { end: true };
export type FromMiner =
  | { taken: number }
  | { detected: number; spans: PackedSpans | undefined }
  | { index: LogPatternIndex }
  | { failed: string };
