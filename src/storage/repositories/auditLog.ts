// The audit log: every sensitive action appends a row, and rows form a hash chain — each stores the previous
// row's hash (prev_hash) and the SHA-256 of that and its own fields (row_hash) — so verify() can point at the row
// where someone edited, inserted or deleted history. (Unkeyed, as the issue asks: it proves integrity against
// edits that do not recompute the chain, inside a database that is itself encrypted and authenticated.)
import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import { sqlTimestamp } from '../clock';
import type { Database } from '../database';
import { newId } from '../ids';

export interface AuditEntryInput {
  action: string;
  entityType: string;
  entityId: string;
  /** Serialised as JSON. Never a secret or unredacted log text: hashes, ids, counts. */
  details?: unknown;
  userId?: string;
}

export interface AuditEntry {
  id: string;
  timestamp: string;
  action: string;
  entityType: string;
  entityId: string;
  userId: string;
  details: string | null;
  prevHash: string | null;
  rowHash: string | null;
}

export type AuditVerification =
  | { ok: true; rows: number }
  | { ok: false; rows: number; index: number; rowId: string; problem: 'edited' | 'inserted' | 'deleted' | 'unchained'; message: string };

interface AuditRow {
  id: string;
  timestamp: string;
  action: string;
  entity_type: string;
  entity_id: string;
  user_id: string | null;
  details: string | null;
  prev_hash: string | null;
  row_hash: string | null;
}

export function auditRowHash(row: Omit<AuditRow, 'row_hash'>): string {
  const fields = [row.prev_hash ?? '', row.id, row.timestamp, row.action, row.entity_type, row.entity_id, row.user_id ?? '', row.details ?? ''];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

const toEntry = (row: AuditRow): AuditEntry => ({
  id: row.id,
  timestamp: row.timestamp,
  action: row.action,
  entityType: row.entity_type,
  entityId: row.entity_id,
  userId: row.user_id ?? 'local',
  details: row.details,
  prevHash: row.prev_hash,
  rowHash: row.row_hash,
});

export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends one chained row. Call it inside the transaction of the action it records, so both land or neither;
   * alone, it runs in its own transaction.
   */
  append(input: AuditEntryInput, preset?: { id: string; timestamp: string }): AuditEntry {
    return this.db.transaction(() => {
      this.sealLegacyRows();
      const head = this.db.get<{ row_hash: string | null }>('SELECT row_hash FROM audit_log ORDER BY rowid DESC LIMIT 1');
      const row: Omit<AuditRow, 'row_hash'> = {
        id: preset?.id ?? newId(),
        timestamp: preset?.timestamp ?? sqlTimestamp(this.clock.now()),
        action: input.action,
        entity_type: input.entityType,
        entity_id: input.entityId,
        user_id: input.userId ?? 'local',
        details: input.details === undefined ? null : JSON.stringify(input.details),
        prev_hash: head?.row_hash ?? null,
      };
      const rowHash = auditRowHash(row);
      this.db.exec(
        'INSERT INTO audit_log(id, timestamp, action, entity_type, entity_id, user_id, details, prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [row.id, row.timestamp, row.action, row.entity_type, row.entity_id, row.user_id, row.details, row.prev_hash, rowHash],
      );
      return toEntry({ ...row, row_hash: rowHash });
    });
  }

  /** Rows from before the chain existed (an older database) are chained once, in order, before the first append. */
  private sealLegacyRows(): void {
    const chained = this.db.get('SELECT 1 AS x FROM audit_log WHERE row_hash IS NOT NULL LIMIT 1');
    if (chained) return; // once the chain has started, an unchained row is an insertion: verify() reports it
    let prev: string | null = null;
    for (const row of this.db.query<AuditRow>('SELECT * FROM audit_log ORDER BY rowid')) {
      const hash = auditRowHash({ ...row, prev_hash: prev });
      this.db.exec('UPDATE audit_log SET prev_hash = ?, row_hash = ? WHERE id = ?', [prev, hash, row.id]);
      prev = hash;
    }
  }

  list(filter: { entityType?: string; entityId?: string; action?: string; limit?: number } = {}): AuditEntry[] {
    const conditions = [
      ['entity_type = ?', filter.entityType],
      ['entity_id = ?', filter.entityId],
      ['action = ?', filter.action],
    ].filter((pair): pair is [string, string] => pair[1] !== undefined);
    const where = conditions.map(([clause]) => clause);
    const params = conditions.map(([, value]) => value);
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY rowid DESC LIMIT ${Math.max(1, Math.min(filter.limit ?? 500, 10_000))}`;
    return this.db.query<AuditRow>(sql, params).map(toEntry);
  }

  /** Walks the chain in insertion order; the first row where it breaks is reported with what most likely happened. */
  verify(): AuditVerification {
    const rows = this.db.query<AuditRow>('SELECT * FROM audit_log ORDER BY rowid');
    let prev: string | null = null;
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index] as AuditRow;
      const broken = (problem: 'edited' | 'inserted' | 'deleted' | 'unchained', message: string, at = index): AuditVerification => ({
        ok: false,
        rows: rows.length,
        index: at,
        rowId: (rows[at] as AuditRow).id,
        problem,
        message,
      });
      if (row.row_hash === null) return broken('unchained', `Audit row ${index + 1} (${row.id}) carries no hash: it was inserted outside TRCAA.`);
      if (auditRowHash(row) !== row.row_hash) return broken('edited', `Audit row ${index + 1} (${row.id}) was changed after it was written.`);
      if ((row.prev_hash ?? null) !== prev) {
        const next = rows[index + 1];
        // Skipping this row restores the chain: it was inserted.
        if (next && next.prev_hash === prev) return broken('inserted', `Audit row ${index + 1} (${row.id}) was inserted into the chain.`);
        // This row continues from the row two back: the one in between was inserted.
        if (index >= 2 && row.prev_hash === (rows[index - 2] as AuditRow).row_hash) {
          return broken('inserted', `Audit row ${index} (${(rows[index - 1] as AuditRow).id}) was inserted into the chain.`, index - 1);
        }
        return broken('deleted', `The chain breaks before audit row ${index + 1} (${row.id}): rows before it were deleted, or the row before it was rewritten with a recomputed hash.`);
      }
      prev = row.row_hash;
    }
    return { ok: true, rows: rows.length };
  }
}
