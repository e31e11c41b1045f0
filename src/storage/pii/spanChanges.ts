// Reports that a log's PII spans (their set or decisions) changed. A 'pii' change names the log, not each span:
// the review is per log, and that is what the decorations, CodeLens and tree rows reload.
import type { ChangeKind } from '../changes';
import type { Database } from '../database';

/**
 * Call inside the transaction of the change, after the write: 'created' for a scan's findings, 'updated' for a
 * person's decisions (the walkthrough ticks its review step on those only).
 */
export function recordSpansChanged(db: Database, logFileId: string, kind: ChangeKind = 'updated'): void {
  const issueId = db.get<{ issue_id: string }>('SELECT issue_id FROM log_files WHERE id = ?', [logFileId])?.issue_id;
  db.recordChange({ entity: 'pii', kind, ids: [logFileId], ...(issueId ? { issueId } : {}) });
}
