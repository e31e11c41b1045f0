// PII spans found in a log file: replaced as a whole set per log, listed in text order.
import type { PiiSpan, PiiSpanInput } from '../../core/model/logFile';
import { idSchema, piiSpanListSchema } from '../../core/model/logFile';
import type { SqlValue } from '../database';
import { ContentError, parseInput } from '../content/errors';
import { newId } from '../ids';
import type { RepositoryContext } from './context';

interface PiiSpanRow {
  id: string;
  log_file_id: string;
  pii_type: string;
  start_offset: number;
  end_offset: number;
  original_value: string;
  replacement: string;
}

const toSpan = (row: PiiSpanRow): PiiSpan => ({
  id: row.id,
  logFileId: row.log_file_id,
  piiType: row.pii_type,
  startOffset: row.start_offset,
  endOffset: row.end_offset,
  originalValue: row.original_value,
  replacement: row.replacement,
});

/** Rows per INSERT: 7 parameters each stays far below SQLite's 32,766-parameter limit. */
const BATCH = 200;

export class PiiSpanRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /** Replaces the log's spans with `spans` atomically: either all of the new set is stored or the old one stays. */
  replaceForLog(logFileId: string, spans: readonly PiiSpanInput[]): PiiSpan[] {
    const logId = parseInput(idSchema, logFileId, 'log file id');
    const input = parseInput(piiSpanListSchema, spans, 'PII spans');
    const { db } = this.ctx;
    return db.transaction(() => {
      if (!db.get('SELECT 1 AS x FROM log_files WHERE id = ?', [logId])) {
        throw new ContentError('NOT_FOUND', `No log file ${logId}: it may have been deleted.`, { id: logId });
      }
      db.exec('DELETE FROM pii_spans WHERE log_file_id = ?', [logId]);
      const rows = input
        .map((span): PiiSpanRow => ({
          id: newId(),
          log_file_id: logId,
          pii_type: span.piiType,
          start_offset: span.startOffset,
          end_offset: span.endOffset,
          original_value: span.originalValue,
          replacement: span.replacement,
        }))
        .sort((a, b) => a.start_offset - b.start_offset || a.end_offset - b.end_offset);
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH);
        const params: SqlValue[] = batch.flatMap((r) => [r.id, r.log_file_id, r.pii_type, r.start_offset, r.end_offset, r.original_value, r.replacement]);
        db.exec(
          `INSERT INTO pii_spans(id, log_file_id, pii_type, start_offset, end_offset, original_value, replacement) VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          params,
        );
      }
      return rows.map(toSpan);
    });
  }

  /** The log's spans in text order. */
  listForLog(logFileId: string): PiiSpan[] {
    return this.ctx.db
      .query<PiiSpanRow>('SELECT * FROM pii_spans WHERE log_file_id = ? ORDER BY start_offset, end_offset, rowid', [parseInput(idSchema, logFileId, 'log file id')])
      .map(toSpan);
  }

  /** How many spans of each PII type the log has, e.g. { Email: 3, IPv4: 12 }. */
  countsByType(logFileId: string): Record<string, number> {
    const rows = this.ctx.db.query<{ pii_type: string; n: number }>(
      'SELECT pii_type, count(*) AS n FROM pii_spans WHERE log_file_id = ? GROUP BY pii_type ORDER BY pii_type',
      [parseInput(idSchema, logFileId, 'log file id')],
    );
    return Object.fromEntries(rows.map((row) => [row.pii_type, row.n]));
  }
}

/** The methods the main thread may call (see store.ts). */
export const PII_SPAN_REMOTE = ['replaceForLog', 'listForLog', 'countsByType'] as const satisfies readonly (keyof PiiSpanRepository)[];
