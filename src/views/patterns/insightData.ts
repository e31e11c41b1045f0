// What the Log Insight panel shows, read fresh from the store and the patterns: a log's patterns, what changed
// between two logs or time ranges, an incident's errors per minute with its timeline events.
import { addHistograms, bucketOf, MINUTE_MS, downsample, type MinuteHistogram } from '../../core/insight/minuteHistogram';
import type { ChangeRowView, CompareState, HistogramState, InsightState, InsightSubject, PatternsState, RangeRef } from '../../webview/patterns';
import type { Services } from '../workbench/services';
import type { LogPatterns } from './logPatterns';
import type { PatternCache } from './patternCache';

const SPARK_POINTS = 40;
const ERROR_LEVELS = new Set(['error', 'fatal']);

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));

/** The span histograms are drawn over: its first bucket, bucket width and number of buckets. */
interface Span {
  startMs: number;
  bucketMs: number;
  buckets: number;
}

/** A histogram's counts placed in the span's buckets (the span's bucket is at least as wide as its own). */
function align(histogram: MinuteHistogram | null, span: Span): number[] {
  const out = new Array<number>(span.buckets).fill(0);
  if (!histogram) return out;
  const own = bucketOf(histogram);
  histogram.counts.forEach((n, i) => {
    const at = Math.floor((histogram.startMs + i * own - span.startMs) / span.bucketMs);
    if (n && at >= 0 && at < out.length) out[at] = (out[at] as number) + n;
  });
  return out;
}

function spanOf(histograms: readonly (MinuteHistogram | null)[]): Span | null {
  const all = addHistograms(histograms);
  return all ? { startMs: all.startMs, bucketMs: bucketOf(all), buckets: all.counts.length } : null;
}

/** A pattern's occurrences over the log's whole span (so sparklines of one log line up). */
function spark(histogram: MinuteHistogram | null, span: Span | null): number[] {
  if (!histogram || !span) return [];
  return downsample({ startMs: span.startMs, counts: align(histogram, span) }, SPARK_POINTS);
}

export async function patternsState(services: Services, cache: PatternCache, logId: string): Promise<PatternsState | null> {
  const store = await services.store();
  const log = await store.logFiles.get(logId);
  if (!log) return null;
  const [issue, mined] = await Promise.all([store.issues.get(log.issueId), cache.get(logId)]);
  const span = spanOf(mined.patterns.map((p) => p.histogram));
  return {
    kind: 'patterns',
    log: { id: log.id, fileName: log.fileName, issueId: log.issueId, issueTitle: issue?.title ?? '' },
    format: mined.format,
    lineCount: mined.lineCount,
    zoned: mined.zoned,
    patterns: mined.patterns.map((p) => ({
      id: p.id,
      template: p.template,
      count: p.count,
      level: p.level,
      firstLine: p.firstLine,
      lastLine: p.lastLine,
      firstSeen: iso(p.firstMs),
      lastSeen: iso(p.lastMs),
      spark: spark(p.histogram, span),
    })),
  };
}

export function rangeLabel(fileName: string, range: RangeRef): string {
  if (range.fromMs === undefined && range.toMs === undefined) return fileName;
  if (range.fromMs === undefined) return `${fileName} before ${iso(range.toMs ?? 0)}`;
  if (range.toMs === undefined) return `${fileName} from ${iso(range.fromMs)}`;
  return `${fileName} ${iso(range.fromMs)} – ${iso(range.toMs)}`;
}

export async function compareState(services: Services, cache: PatternCache, before: RangeRef, after: RangeRef): Promise<CompareState | null> {
  const store = await services.store();
  const [logBefore, logAfter] = await Promise.all([store.logFiles.get(before.logId), store.logFiles.get(after.logId)]);
  if (!logBefore || !logAfter) return null;
  // Both mined (on first use for older logs) before the worker compares them.
  const [minedBefore, minedAfter] = await Promise.all([cache.get(before.logId), cache.get(after.logId)]);
  const side = (range: RangeRef) => ({ logFileId: range.logId, ...(range.fromMs !== undefined ? { fromMs: range.fromMs } : {}), ...(range.toMs !== undefined ? { toMs: range.toMs } : {}) });
  const [changes, countsBefore, countsAfter] = await Promise.all([
    store.logPatterns.compare(side(before), side(after)),
    store.logPatterns.counts(side(before)),
    store.logPatterns.counts(side(after)),
  ]);
  // Each change's pattern on the side where it occurs: its level, and its id to open its lines.
  const byTemplate = (mined: LogPatterns) => new Map(mined.patterns.map((p) => [p.template, p]));
  const patternsBefore = byTemplate(minedBefore);
  const patternsAfter = byTemplate(minedAfter);
  const rows: ChangeRowView[] = changes.map((c) => {
    const gone = c.kind === 'gone';
    // The side's most frequent template in the row (the row's own, or one of the values its variable covers).
    const pattern = gone ? patternsBefore.get(c.beforeTemplates[0] ?? c.template) : patternsAfter.get(c.afterTemplates[0] ?? c.template);
    return {
      kind: c.kind,
      template: c.template,
      level: pattern?.level ?? (gone ? null : (patternsBefore.get(c.beforeTemplates[0] ?? c.template)?.level ?? null)),
      before: c.before,
      after: c.after,
      ratio: Number.isFinite(c.ratio) && !gone ? c.ratio : null,
      logId: gone ? before.logId : after.logId,
      patternId: pattern?.id ?? null,
    };
  });
  const total = (counts: readonly { count: number }[]) => counts.reduce((n, c) => n + c.count, 0);
  return {
    kind: 'compare',
    before: { label: rangeLabel(logBefore.fileName, before), lines: total(countsBefore) },
    after: { label: rangeLabel(logAfter.fileName, after), lines: total(countsAfter) },
    changes: rows,
  };
}

const sqlTime = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);

export async function histogramState(services: Services, cache: PatternCache, issueId: string): Promise<HistogramState | null> {
  const store = await services.store();
  const issue = await store.issues.get(issueId);
  if (!issue) return null;
  const [logs, events] = await Promise.all([store.logFiles.listForIssue(issueId), store.timeline.list(issueId)]);
  const perLog = await Promise.all(
    logs.map(async (log) => {
      const mined = await cache.get(log.id);
      const errors = mined.patterns.filter((p) => p.level !== null && ERROR_LEVELS.has(p.level));
      return { fileName: log.fileName, errors: addHistograms(errors.map((p) => p.histogram)), lines: addHistograms(mined.patterns.map((p) => p.histogram)), errorCount: errors.reduce((n, p) => n + p.count, 0) };
    }),
  );
  const span = spanOf(perLog.map((l) => l.lines));
  const first = span?.startMs ?? Infinity;
  const last = span ? span.startMs + span.buckets * span.bucketMs : -Infinity;
  return {
    kind: 'histogram',
    issue: { id: issue.id, title: issue.title },
    startMs: span?.startMs ?? null,
    bucketMs: span?.bucketMs ?? MINUTE_MS,
    errors: span ? align(addHistograms(perLog.map((l) => l.errors)), span) : [],
    lines: span ? align(addHistograms(perLog.map((l) => l.lines)), span) : [],
    // Events in the logs' span (markers outside it would squash the bars), and any marked as when something happened.
    markers: events.map((e) => ({ atMs: sqlTime(e.createdAt), label: e.description || e.eventType })).filter((m) => m.atMs >= first && m.atMs <= last),
    logs: perLog.map((l) => ({ fileName: l.fileName, errors: l.errorCount })),
  };
}

export async function insightState(services: Services, cache: PatternCache, subject: InsightSubject): Promise<InsightState | null> {
  switch (subject.kind) {
    case 'patterns':
      return patternsState(services, cache, subject.logId);
    case 'compare':
      return compareState(services, cache, subject.before, subject.after);
    case 'histogram':
      return histogramState(services, cache, subject.issueId);
  }
}
