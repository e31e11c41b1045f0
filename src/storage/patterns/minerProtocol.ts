// Messages between an attach and the thread that mines the log's patterns beside it (minerThread.ts, minerWorker.ts).
import type { LogPatternIndex } from '../../core/logs/patterns/logPatternIndex';

export type ToMiner = { piece: string } | { end: true };
export type FromMiner = { taken: number } | { index: LogPatternIndex } | { failed: string };

