// Review by value over a log's spans (rows and compact detections alike, through the pii_occurrences view):
// distinct values with counts, decisions per value and per type, and the spans of a window of the text.
import type { PiiDecision, PiiSpan } from '../../core/model/logFile';
import type { PiiValueCount, PiiValueRef, PiiValueSummary, PiiTypeSummary } from '../../core/model/piiValues';
import type { Database } from '../database';
import { setOf } from './detectionStore';
import { spansInWindow } from './spanSource';

export function valueSummary(db: Database, logId: string, piiType: string | undefined, offset: number, limit: number): PiiValueSummary {
  const types = db
    .query<PiiTypeSummary>(
      `SELECT pii_type AS piiType, sum(occurrences) AS count, count(DISTINCT value) AS "values",
              sum(occurrences * (decision = 'keep')) AS keep, sum(occurrences * (decision = 'redact')) AS redact, sum(occurrences * (decision = 'pending')) AS pending
         FROM pii_occurrences WHERE log_file_id = ? GROUP BY pii_type ORDER BY pii_type`,
      [logId],
    )
    .map((t): PiiTypeSummary => ({ piiType: t.piiType, count: t.count, values: t.values, keep: t.keep, redact: t.redact, pending: t.pending }));
  const filter = piiType === undefined ? '' : ' AND pii_type = ?';
  const args = piiType === undefined ? [logId] : [logId, piiType];
  const values = db
    .query<{ piiType: string; value: string; count: number; low: PiiDecision; high: PiiDecision }>(
      `SELECT pii_type AS piiType, value, sum(occurrences) AS count, min(decision) AS low, max(decision) AS high
         FROM pii_occurrences WHERE log_file_id = ?${filter}
        GROUP BY pii_type, value ORDER BY count DESC, pii_type, value LIMIT ? OFFSET ?`,
      [...args, limit, offset],
    )
    .map((r): PiiValueCount => ({ piiType: r.piiType, value: r.value, count: r.count, decision: r.low === r.high ? r.low : 'mixed' }));
  const total = piiType === undefined ? types.reduce((sum, t) => sum + t.values, 0) : (types.find((t) => t.piiType === piiType)?.values ?? 0);
  return { types, values, total };
}

/** Sets the decision of every occurrence of the values (or of every value of the type); returns the occurrences changed per type. */
export function setDecisionWhere(db: Database, logId: string, match: { values: readonly PiiValueRef[] } | { piiType: string }, to: PiiDecision): Record<string, number> {
  const json = 'values' in match ? JSON.stringify(match.values.map((r) => [r.piiType, r.value])) : undefined;
  const rowMatch = json ? `(pii_type, original_value) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))` : 'pii_type = ?';
  const arg = json ?? (match as { piiType: string }).piiType;
  const changed: Record<string, number> = {};
  const add = (type: string, n: number) => (changed[type] = (changed[type] ?? 0) + n);

  for (const r of db.query<{ pii_type: string; n: number }>(`SELECT pii_type, count(*) AS n FROM pii_spans WHERE log_file_id = ? AND decision <> ? AND ${rowMatch} GROUP BY pii_type`, [logId, to, arg])) add(r.pii_type, r.n);
  db.exec(`UPDATE pii_spans SET decision = ? WHERE log_file_id = ? AND decision <> ? AND ${rowMatch}`, [to, logId, to, arg]);

  const set = setOf(db, logId);
  if (set) {
    const valueMatch = json ? `(pii_type, value) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?))` : 'pii_type = ?';
    for (const r of db.query<{ pii_type: string; n: number }>(`SELECT pii_type, sum(occurrences) AS n FROM pii_values WHERE set_id = ? AND decision <> ? AND ${valueMatch} GROUP BY pii_type`, [set.setId, to, arg])) {
      if (r.n > 0) add(r.pii_type, r.n);
    }
    db.exec(`UPDATE pii_values SET decision = ? WHERE set_id = ? AND decision <> ? AND ${valueMatch}`, [to, set.setId, to, arg]);
  }
  return Object.fromEntries(Object.entries(changed).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The spans overlapping [start, end), in text order. */
export function spansInRange(db: Database, logId: string, start: number, end: number): PiiSpan[] {
  return spansInWindow(db, logId, start, end);
}
