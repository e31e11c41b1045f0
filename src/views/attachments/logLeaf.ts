// A log's row in the Issues tree: its size, its PII counts by type and its review state — approved (pass-filled,
// green), spans awaiting review (shield, with how many are pending), or nothing found (the plain log icon).
import { formatBytes } from '../../core/issues/format';
import type { LogFile, PiiLogCounts } from '../../core/model/logFile';
import { labelFor } from '../../core/pii/types';
import type { FolderNode } from '../workbench/treeNodes';
import { LeafNode } from '../workbench/treeNodes';

/** "3 Email · 12 IPv4", most frequent first. */
export function countsText(byType: Record<string, number>): string {
  return Object.entries(byType)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, n]) => `${n} ${type.replace(/^Custom:/, '')}`)
    .join(' · ');
}

export function logLeaf(log: LogFile, pii: PiiLogCounts | undefined, parent: FolderNode): LeafNode {
  const found = countsText(pii?.byType ?? {});
  const total = Object.values(pii?.byType ?? {}).reduce((a, b) => a + b, 0);
  // An approval counts only for a log TRCAA scanned: a desktop import's redacted = 1 does not let anything leave.
  const approved = log.redacted && pii?.scanned === true;
  const unscanned = pii !== undefined && !pii.scanned;
  const state = approved ? '✓ approved' : unscanned ? 'not scanned' : pii && pii.pending > 0 ? `${pii.pending} pending` : '';
  const description = [formatBytes(log.fileSize), state, found].filter(Boolean).join(' · ');
  const tooltip = [
    log.filePath,
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
  return new LeafNode(log.id, parent, log.fileName, description, {
    icon: approved ? 'pass-filled' : unscanned ? 'warning' : total ? 'shield' : 'output',
    ...(approved ? { iconColor: 'testing.iconPassed' } : unscanned || total ? { iconColor: 'list.warningForeground' } : {}),
    contextValue: 'trcaa.log',
    command: { command: 'trcaa.openLog', arguments: [log.id] },
    tooltip: tooltip.join('\n'),
  });
}
