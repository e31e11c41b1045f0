// A log's spans as every reader sees them: its pii_spans rows (decided one by one, marked by hand, imported) and
// its compact detections (detectionStore.ts), merged in text order with the same effective decision — so the
// review, the redacted text, the AI gate and the counts give the answers they gave when every detection was a row.
import type { PiiSpan } from '../../core/model/logFile';
import type { RedactionSpan } from '../../core/pii/redact';
import { replacementFor } from '../../core/pii/types';
import type { Database } from '../database';
import type { StoredValue } from './detectionStore';
import { allChunks, detectionSpan, detectionsInRange, detectionsOf, loadValues, setOf } from './detectionStore';
import type { PiiSpanRow } from './spanRows';
import { toSpan } from './spanRows';

const byPlace = (a: PiiSpan, b: PiiSpan) => a.startOffset - b.startOffset || a.endOffset - b.endOffset;

/** Every span of the log in text order. Holds them all: for small logs and tests; large ones read windows. */
export function listSpans(db: Database, logId: string): PiiSpan[] {
  const rows = db.query<PiiSpanRow>('SELECT * FROM pii_spans WHERE log_file_id = ? ORDER BY start_offset, end_offset, rowid', [logId]).map(toSpan);
  const set = setOf(db, logId);
  if (!set) return rows;
  const values = loadValues(db, set.setId);
  const compact: PiiSpan[] = [];
  for (const d of detectionsOf(allChunks(db, set.setId))) compact.push(detectionSpan(logId, d, values.get(d.valueId) as StoredValue));
  return rows.length ? [...rows, ...compact].sort(byPlace) : compact;
}

/** The spans overlapping [start, end), in text order. */
export function spansInWindow(db: Database, logId: string, start: number, end: number): PiiSpan[] {
  if (end <= start) return [];
  // How far before the window a row may start and still reach into it (expression index idx_pii_spans_log_length).
  const reach = db.get<{ n: number | null }>('SELECT max(end_offset - start_offset) AS n FROM pii_spans WHERE log_file_id = ?', [logId])?.n ?? 0;
  const rows = db
    .query<PiiSpanRow>('SELECT * FROM pii_spans WHERE log_file_id = ? AND start_offset >= ? AND start_offset < ? AND end_offset > ? ORDER BY start_offset, end_offset, rowid', [logId, start - reach, end, start])
    .map(toSpan);
  const set = setOf(db, logId);
  if (!set) return rows;
  const { detections, values } = detectionsInRange(db, set, start, end);
  const compact = detections.map((d) => detectionSpan(logId, d, values.get(d.valueId) as StoredValue));
  return rows.length ? [...rows, ...compact].sort(byPlace) : compact;
}

/** Total spans of the log (rows and compact detections). */
export function spanCount(db: Database, logId: string): number {
  return db.get<{ n: number | null }>('SELECT sum(occurrences) AS n FROM pii_occurrences WHERE log_file_id = ?', [logId])?.n ?? 0;
}

/**
 * The spans the redacted text replaces (every one not kept), in text order, read lazily from a snapshot taken
 * now: the rows and the compressed chunks are read here (a few bytes a detection), decoded as the text streams.
 */
export function redactionSnapshot(db: Database, logId: string): { count: number; spans: Iterable<RedactionSpan> } {
  const rows = db.query<RedactionSpan>(
    "SELECT start_offset AS start, end_offset AS end, replacement FROM pii_spans WHERE log_file_id = ? AND decision <> 'keep' ORDER BY start_offset, end_offset DESC",
    [logId],
  );
  const set = setOf(db, logId);
  if (!set) return { count: rows.length, spans: rows };
  // Per value: its length and replacement, or undefined when kept.
  const redacted = new Map<number, { length: number; replacement: string }>();
  let count = rows.length;
  for (const v of db.query<{ value_id: number; pii_type: string; length: number; occurrences: number }>(
    "SELECT value_id, pii_type, length(value) AS length, occurrences FROM pii_values WHERE set_id = ? AND decision <> 'keep'",
    [set.setId],
  )) {
    redacted.set(v.value_id, { length: v.length, replacement: replacementFor(v.pii_type) });
    count += v.occurrences;
  }
  const chunks = allChunks(db, set.setId);
  function* compact(): Generator<RedactionSpan, void, undefined> {
    for (const d of detectionsOf(chunks)) {
      const v = redacted.get(d.valueId);
      if (v) yield { start: d.start, end: d.start + v.length, replacement: v.replacement };
    }
  }
  return { count, spans: mergeInOrder(rows, compact()) };
}

/** The not-kept spans overlapping [start, end) with their types (the AI gate's excerpts). */
export function redactionsInWindow(db: Database, logId: string, start: number, end: number): (RedactionSpan & { type: string })[] {
  // An empty window (an empty line) still meets the spans running across it.
  const spans = end > start ? spansInWindow(db, logId, start, end) : spansInWindow(db, logId, start, start + 1).filter((s) => s.startOffset < start);
  return spans
    .filter((s) => s.decision !== 'keep')
    .map((s) => ({ start: s.startOffset, end: s.endOffset, replacement: s.replacement, type: s.piiType }));
}

/** Two span streams, each in text order, as one in text order (start, then the longer first). */
function* mergeInOrder(a: readonly RedactionSpan[], b: Iterable<RedactionSpan>): Generator<RedactionSpan, void, undefined> {
  let i = 0;
  for (const span of b) {
    while (i < a.length && ((a[i] as RedactionSpan).start < span.start || ((a[i] as RedactionSpan).start === span.start && (a[i] as RedactionSpan).end >= span.end))) yield a[i++] as RedactionSpan;
    yield span;
  }
  while (i < a.length) yield a[i++] as RedactionSpan;
}
