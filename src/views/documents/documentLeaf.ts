// A document's row in the Issues tree: its title, its kind and when it was last saved; a click opens it in the
// document editor (trcaa.openDocument).
import type { DocumentSummary } from '../../core/model/document';
import { CONTEXT } from '../workbench/contextValues';
import type { TreeNode } from '../workbench/treeNodes';
import { LeafNode } from '../workbench/treeNodes';

const KIND_LABELS: Record<string, string> = { rca: 'RCA', postmortem: 'Post-mortem' };

/** "5m ago" style age of a millisecond timestamp ("now" under a minute). */
export function ageOf(ms: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - ms) / 60_000);
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

export function documentLeaf(doc: DocumentSummary, parent: TreeNode, now: number): LeafNode {
  const kind = KIND_LABELS[doc.docType] ?? doc.docType;
  return new LeafNode({ kind: 'document', id: doc.id, issueId: doc.issueId }, parent, doc.title, `${kind} · ${ageOf(doc.updatedAt, now)}`, {
    icon: doc.docType === 'postmortem' ? 'book' : 'file-text',
    contextValue: CONTEXT.document,
    command: { command: 'trcaa.openDocument', arguments: [doc.id] },
    // Plain text (never markup): the title is user text.
    tooltip: `${doc.title}\n${kind} · updated ${new Date(doc.updatedAt).toISOString().replace('T', ' ').slice(0, 19)} UTC`,
  });
}
