// An approval of a log's redaction covers the decisions as they were when it was given: any change to them
// withdraws it (log_files.redacted = 0 and an audit row saying why), so egress never relies on a stale review.
import type { Database } from '../database';
import type { RepositoryContext } from '../repositories/context';
import { spanCount } from './spanSource';

/**
 * Whether TRCAA scanned the log (an audit row pii.scanned exists). A log can carry redacted = 1 without it only
 * from elsewhere (a desktop import, raw SQL): such a flag approves nothing our detector looked at.
 */
export function wasScanned(db: Database, logFileId: string): boolean {
  return !!db.get("SELECT 1 AS x FROM audit_log WHERE entity_type = 'log_file' AND entity_id = ? AND action = 'pii.scanned' LIMIT 1", [logFileId]);
}

export type RevokeReason = 'decision_changed' | 'manual_span_added' | 'rescanned' | 'spans_replaced';

/** Call inside the transaction of the change; returns true when an approval was withdrawn. */
export function withdrawApproval(ctx: RepositoryContext, logFileId: string, reason: RevokeReason): boolean {
  const { db, audit } = ctx;
  db.exec('UPDATE log_files SET redacted = 0 WHERE id = ? AND redacted = 1', [logFileId]);
  if (db.changes() === 0) return false;
  const issueId = db.get<{ issue_id: string }>('SELECT issue_id FROM log_files WHERE id = ?', [logFileId])?.issue_id;
  db.recordChange({ entity: 'log', kind: 'updated', ids: [logFileId], ...(issueId ? { issueId } : {}) });
  const spans = spanCount(db, logFileId);
  audit.append({ action: 'log.redaction_revoked', entityType: 'log_file', entityId: logFileId, details: { reason, pii_spans: spans } });
  return true;
}
