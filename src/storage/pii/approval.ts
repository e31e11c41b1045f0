// An approval of a log's redaction covers the decisions as they were when it was given: any change to them
// withdraws it (log_files.redacted = 0 and an audit row saying why), so egress never relies on a stale review.
import type { RepositoryContext } from '../repositories/context';

export type RevokeReason = 'decision_changed' | 'manual_span_added' | 'rescanned' | 'spans_replaced';

/** Call inside the transaction of the change; returns true when an approval was withdrawn. */
export function withdrawApproval(ctx: RepositoryContext, logFileId: string, reason: RevokeReason): boolean {
  const { db, audit } = ctx;
  db.exec('UPDATE log_files SET redacted = 0 WHERE id = ? AND redacted = 1', [logFileId]);
  if (db.changes() === 0) return false;
  const spans = db.get<{ n: number }>('SELECT count(*) AS n FROM pii_spans WHERE log_file_id = ?', [logFileId])?.n ?? 0;
  audit.append({ action: 'log.redaction_revoked', entityType: 'log_file', entityId: logFileId, details: { reason, pii_spans: spans } });
  return true;
}
