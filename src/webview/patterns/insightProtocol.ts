// The Log Insight panel's messages, both ways (carried by the shared webview channel, src/webview/host). One panel
// shows one of three things: a log's patterns, what changed between two logs or time ranges, or an incident's
// errors per minute. The host validates every message from the page with these schemas; the page imports types only.
import { z } from 'zod';

const id = z.string().min(1).max(100);
const patternId = z.string().min(1).max(20);

/** A side of a comparison: a whole log, or the part of it in [fromMs, toMs). */
export const rangeRefSchema = z.strictObject({ logId: id, fromMs: z.number().finite().optional(), toMs: z.number().finite().optional() });
export type RangeRef = z.infer<typeof rangeRefSchema>;

/** What a panel stands for: kept by the page across reloads (vscode.setState) and handed back to restore it. */
export const insightSubjectSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('patterns'), logId: id }),
  z.strictObject({ kind: z.literal('compare'), before: rangeRefSchema, after: rangeRefSchema }),
  z.strictObject({ kind: z.literal('histogram'), issueId: id }),
]);
export type InsightSubject = z.infer<typeof insightSubjectSchema>;

/** Page → host (besides the channel's `ready`, answered with the whole `state`). */
export const insightWebviewMessageSchema = z.discriminatedUnion('type', [
  /** Open the stored log with the pattern's lines highlighted (at its first occurrence, or `line`). */
  z.strictObject({ type: z.literal('showPattern'), logId: id, patternId, line: z.number().int().min(1).optional() }),
  /** Add `log:<id>#L<line>` (an occurrence: the first unless `line`) as 5 Whys evidence. */
  z.strictObject({ type: z.literal('addEvidence'), logId: id, patternId, line: z.number().int().min(1).optional() }),
  /** Open the incident's merged timeline (the histogram's bars: at that minute). */
  z.strictObject({ type: z.literal('openTimeline'), issueId: id, atMs: z.number().finite().optional() }),
]);
export type InsightWebviewMessage = z.infer<typeof insightWebviewMessageSchema>;

export interface PatternRowView {
  id: string;
  template: string;
  count: number;
  level: string | null;
  firstLine: number;
  lastLine: number;
  /** ISO 8601 (UTC when the log's zone is known), or null when its lines carry no timestamp. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Occurrences over the log's time span, in equal slices (the sparkline). */
  spark: number[];
}

export interface PatternsState {
  kind: 'patterns';
  log: { id: string; fileName: string; issueId: string; issueTitle: string };
  format: string;
  lineCount: number;
  /** Whether times are UTC (the log's timestamps carry a zone) or its own wall clock. */
  zoned: boolean;
  patterns: PatternRowView[];
}

export interface ChangeRowView {
  kind: 'new' | 'gone' | 'more' | 'less';
  template: string;
  level: string | null;
  before: number;
  after: number;
  /** ×N (after / before, by the sides' sizes); null for new and gone. */
  ratio: number | null;
  /** Where its lines are: the "after" log, or the "before" one when it is gone. */
  logId: string;
  patternId: string | null;
}

export interface CompareState {
  kind: 'compare';
  before: { label: string; lines: number };
  after: { label: string; lines: number };
  changes: ChangeRowView[];
}

export interface HistogramState {
  kind: 'histogram';
  issue: { id: string; title: string };
  /** Epoch ms of the first bucket; one count per bucket after it. */
  startMs: number | null;
  /** Bucket width: a minute, wider for logs spanning weeks. */
  bucketMs: number;
  errors: number[];
  /** All lines per minute, for scale. */
  lines: number[];
  markers: { atMs: number; label: string }[];
  logs: { fileName: string; errors: number }[];
}

export type InsightState = PatternsState | CompareState | HistogramState;

/** Host → page. */
export type InsightHostMessage = { type: 'state'; subject: InsightSubject; state: InsightState };
