// pii_spans rows: the mapping to PiiSpan, and batched inserts.
import type { PiiDecision, PiiSpan } from '../../core/model/logFile';
import type { Database } from '../database';

export interface PiiSpanRow {
  id: string;
  log_file_id: string;
  pii_type: string;
  start_offset: number;
  end_offset: number;
  original_value: string;
  replacement: string;
  decision: PiiDecision;
}

export const toSpan = (row: PiiSpanRow): PiiSpan => ({
  id: row.id,
  logFileId: row.log_file_id,
  piiType: row.pii_type,
  startOffset: row.start_offset,
  endOffset: row.end_offset,
  originalValue: row.original_value,
  replacement: row.replacement,
  decision: row.decision,
});

/**
 * Rows per INSERT. A batch travels as one JSON text that SQLite unpacks with json_each: binding a few strings
 * instead of eight values per row makes a large span set several times faster to store (binding each value
 * through the WASM boundary dominated).
 */
const BATCH = 5000;

export function insertSpanRows(db: Database, rows: readonly PiiSpanRow[]): void {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const json = JSON.stringify(batch.map((r) => [r.id, r.log_file_id, r.pii_type, r.start_offset, r.end_offset, r.original_value, r.replacement, r.decision]));
    db.exec(
      `INSERT INTO pii_spans(id, log_file_id, pii_type, start_offset, end_offset, original_value, replacement, decision)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7 FROM json_each(?)`,
      [json],
    );
  }
}

/** The identity of a detection across rescans: the same type at the same place. */
export const spanKey = (type: string, start: number, end: number): string => `${type}\u0000${start}\u0000${end}`;

export function countByType(types: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of types) counts[type] = (counts[type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
