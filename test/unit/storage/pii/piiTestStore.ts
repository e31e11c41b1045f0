// The PII storage tests' helpers over the attachment test store: attach a text, inject spans where the text
// holds given values, read audit details.
import type { PiiDecision, PiiSpanInput } from '../../../../src/core/model/logFile';
import type { AttachmentTestStore } from '../repositories/attachmentTestStore';
import { useAttachmentStore } from '../repositories/attachmentTestStore';

export interface PiiTestStore extends AttachmentTestStore {
  issueId: string;
  /** Attaches `text` as a new log (scanned on attach with the default detector); returns its id. */
  attach(text: string, fileName?: string): string;
  /** Audit rows of an action (newest first) with their details parsed. */
  audits(action: string, entityId?: string): { entityType: string; entityId: string; details: Record<string, unknown> }[];
}

export function usePiiStore(options: { encrypted?: boolean } = {}): () => PiiTestStore {
  const ctx = useAttachmentStore(options);
  let issueId: string | undefined;
  beforeEach(() => (issueId = undefined));
  return () => {
    const t = ctx();
    issueId ??= t.addIssue();
    const id = issueId;
    return {
      ...t,
      issueId: id,
      attach: (text, fileName = 'app.log') => t.store.logFiles.insertContent(id, Buffer.from(text), { fileName }).logFile.id,
      audits: (action, entityId) =>
        t.store.audit.list({ action, ...(entityId ? { entityId } : {}) }).map((e) => ({ entityType: e.entityType, entityId: e.entityId, details: JSON.parse(e.details ?? '{}') as Record<string, unknown> })),
    };
  };
}

/** A span over the first occurrence of `value` in `text` (from `from`). */
export function spanAt(text: string, piiType: string, value: string, decision?: PiiDecision, from = 0): PiiSpanInput {
  const startOffset = text.indexOf(value, from);
  if (startOffset < 0) throw new Error(`${value} is not in the text`);
  return { piiType, startOffset, endOffset: startOffset + value.length, originalValue: value, replacement: `[${piiType}]`, ...(decision ? { decision } : {}) };
}
