// A log's row, the same in the Issues tree and in All Attachments: its size, its PII counts by type and its review
// state — approved (pass-filled, green), spans awaiting review (shield, with how many are pending), or nothing found
// (the plain log icon); the context value says approved or not, so the menu offers Approve or Revoke, never both.
// An image's row beside it.
import { formatBytes } from '../../core/issues/format';
import type { ImageAttachment } from '../../core/model/image';
import type { LogFile, PiiLogCounts } from '../../core/model/logFile';
import { labelFor } from '../../core/pii/types';
import { CONTEXT } from '../workbench/contextValues';
import type { TreeNode } from '../workbench/treeNodes';
import { LeafNode } from '../workbench/treeNodes';

/** All Attachments names each row's incident (its title) in the description; the Issues tree does not. */
export interface LeafPlace {
  issueTitle?: string;
}

/** "3 Email · 12 IPv4", most frequent first. */
export function countsText(byType: Record<string, number>): string {
  return Object.entries(byType)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, n]) => `${n} ${type.replace(/^Custom:/, '')}`)
    .join(' · ');
}

export function logLeaf(log: LogFile, pii: PiiLogCounts | undefined, parent: TreeNode, place: LeafPlace = {}): LeafNode {
  const found = countsText(pii?.byType ?? {});
  const total = Object.values(pii?.byType ?? {}).reduce((a, b) => a + b, 0);
  // An approval counts only for a log TRCAA scanned: a desktop import's redacted = 1 does not let anything leave.
  const approved = log.redacted && pii?.scanned === true;
  const unscanned = pii !== undefined && !pii.scanned;
  const state = approved ? '✓ approved' : unscanned ? 'not scanned' : pii && pii.pending > 0 ? `${pii.pending} pending` : '';
  const description = [place.issueTitle ?? formatBytes(log.fileSize), state, found].filter(Boolean).join(' · ');
  const tooltip = [
    log.filePath,
    ...(place.issueTitle ? [`Issue: ${place.issueTitle}`] : []),
    total ? `PII: ${Object.entries(pii?.byType ?? {}).map(([type, n]) => `${n} × ${labelFor(type)}`).join(', ')}` : 'No PII found',
    total ? `${pii?.pending ?? 0} pending, ${pii?.kept ?? 0} kept` : '',
    approved
      ? 'Redaction approved: only the redacted text can leave this machine.'
      : unscanned
        ? 'Not scanned for PII by TRCAA (attached before scanning, or imported): right-click → Rescan Log for PII.'
        : total
          ? 'Not approved yet: right-click → Review PII, then Approve Redaction.'
          : '',
  ].filter(Boolean);
  return new LeafNode({ kind: 'log', id: log.id, issueId: log.issueId }, parent, log.fileName, description, {
    icon: approved ? 'pass-filled' : unscanned ? 'warning' : total ? 'shield' : 'output',
    ...(approved ? { iconColor: 'testing.iconPassed' } : unscanned || total ? { iconColor: 'list.warningForeground' } : {}),
    contextValue: log.redacted ? CONTEXT.logApproved : CONTEXT.logUnapproved,
    command: { command: 'trcaa.openLog', arguments: [log.id] },
    tooltip: tooltip.join('\n'),
  });
}

export function imageLeaf(image: ImageAttachment, parent: TreeNode, place: LeafPlace = {}): LeafNode {
  return new LeafNode({ kind: 'image', id: image.id, issueId: image.issueId }, parent, image.fileName, place.issueTitle ?? formatBytes(image.fileSize), {
    icon: 'file-media',
    contextValue: CONTEXT.image,
    command: { command: 'trcaa.openImage', arguments: [image.id] },
    tooltip: [image.fileName, image.filePath, ...(place.issueTitle ? [`Issue: ${place.issueTitle}`] : []), `${image.mimeType} · ${formatBytes(image.fileSize)} · attached ${image.uploadedAt} UTC`].join('\n'),
  });
}
