// Review by value over a log's spans: distinct values with counts, decisions per value, and the spans of a window
// of the text. Each is one or two indexed queries, so a log with hundreds of thousands of spans answers quickly.
import type { PiiDecision, PiiSpan } from '../../core/model/logFile';
import type { PiiValueCount, PiiValueRef, PiiValueSummary, PiiTypeSummary } from '../../core/model/piiValues';
import type { Database } from '../database';
import type { PiiSpanRow } from './spanRows';
import { toSpan } from './spanRows';

export function valueSummary(db: Database, logId: string, piiType: string | undefined, offset: number, limit: number): PiiValueSummary {
  const types = db.query<PiiTypeSummary>(
    `SELECT pii_type AS piiType, count(*) AS count, count(DISTINCT original_value) AS "values",
            sum(decision = 'keep') AS keep, sum(decision = 'redact') AS redact, sum(decision = 'pending') AS pending
       FROM pii_spans WHERE log_file_id = ? GROUP BY pii_type ORDER BY pii_type`,
    [logId],
  ).map((t): PiiTypeSummary => ({ piiType: t.piiType, count: t.count, values: t.values, keep: t.keep, redact: t.redact, pending: t.pending }));
  const filter = piiType === undefined ? '' : ' AND pii_type = ?';
  const args = piiType === undefined ? [logId] : [logId, piiType];
  const values = db
    .query<{ piiType: string; value: string; count: number; low: PiiDecision; high: PiiDecision }>(
      `SELECT pii_type AS piiType, original_value AS value, count(*) AS count, min(decision) AS low, max(decision) AS high
         FROM pii_spans WHERE log_file_id = ?${filter}
        GROUP BY pii_type, original_value ORDER BY count DESC, pii_type, original_value LIMIT ? OFFSET ?`,
      [...args, limit, offset],
    )
    .map((r): PiiValueCount => ({ piiType: r.piiType, value: r.value, count: r.count, decision: r.low === r.high ? r.low : 'mixed' }));
  const total = piiType === undefined ? types.reduce((sum, t) => sum + t.values, 0) : (types.find((t) => t.piiType === piiType)?.values ?? 0);
  return { types, values, total };
}

/** Sets the decision of every occurrence of the values; returns the occurrences changed per type. */
export function setDecisionForValues(db: Database, logId: string, refs: readonly PiiValueRef[], to: PiiDecision): Record<string, number> {
  const json = JSON.stringify(refs.map((r) => [r.piiType, r.value]));
  const match = `log_file_id = ? AND decision <> ? AND (pii_type, original_value) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))`;
  const counts = db.query<{ pii_type: string; n: number }>(`SELECT pii_type, count(*) AS n FROM pii_spans WHERE ${match} GROUP BY pii_type ORDER BY pii_type`, [logId, to, json]);
  if (counts.length) db.exec(`UPDATE pii_spans SET decision = ? WHERE ${match}`, [to, logId, to, json]);
  return Object.fromEntries(counts.map((c) => [c.pii_type, c.n]));
}

/** The spans overlapping [start, end), in text order. */
export function spansInRange(db: Database, logId: string, start: number, end: number): PiiSpan[] {
  if (end <= start) return [];
  // How far before the window a span may start and still reach into it (expression index idx_pii_spans_log_length).
  const reach = db.get<{ n: number | null }>('SELECT max(end_offset - start_offset) AS n FROM pii_spans WHERE log_file_id = ?', [logId])?.n ?? 0;
  return db
    .query<PiiSpanRow>(
      'SELECT * FROM pii_spans WHERE log_file_id = ? AND start_offset >= ? AND start_offset < ? AND end_offset > ? ORDER BY start_offset, end_offset, rowid',
      [logId, start - reach, end, start],
    )
    .map(toSpan);
}
