// Stores what a scan found as the log's span set. A rescan must not throw the review away: a span found again
// at the same place with the same type keeps its decision, and spans marked by hand stay. Call it inside a
// write transaction (it reads the current set and replaces it atomically with the rest of that transaction).
import type { PiiDecision, PiiScanReport } from '../../core/model/logFile';
import type { PatternProblem } from '../../core/pii/types';
import { MANUAL_TYPE } from '../../core/pii/types';
import { newId } from '../ids';
import type { RepositoryContext } from '../repositories/context';
import type { RevokeReason } from './approval';
import { withdrawApproval } from './approval';
import type { FoundSpan } from './scan';
import { recordSpansChanged } from './spanChanges';
import type { PiiSpanRow } from './spanRows';
import { countByType, insertSpanRows, spanKey } from './spanRows';

const INSERT_BATCH = 1000;

export function storeScan(ctx: RepositoryContext, logFileId: string, found: readonly FoundSpan[], problems: readonly PatternProblem[], reason: RevokeReason = 'rescanned'): PiiScanReport {
  const { db, audit } = ctx;
  const before = new Map<string, PiiDecision>();
  for (const row of db.query<{ pii_type: string; start_offset: number; end_offset: number; decision: PiiDecision }>(
    'SELECT pii_type, start_offset, end_offset, decision FROM pii_spans WHERE log_file_id = ? AND pii_type <> ?',
    [logFileId, MANUAL_TYPE],
  )) {
    before.set(spanKey(row.pii_type, row.start_offset, row.end_offset), row.decision);
  }

  // The same detection twice (a custom pattern repeating a built-in one) is stored once.
  const seen = new Set<string>();
  const unique = found.filter((span) => {
    const key = spanKey(span.type, span.start, span.end);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const changed = unique.length !== before.size || unique.some((span) => !before.has(spanKey(span.type, span.start, span.end)));

  if (changed) {
    db.exec('DELETE FROM pii_spans WHERE log_file_id = ? AND pii_type <> ?', [logFileId, MANUAL_TYPE]);
    for (let i = 0; i < unique.length; i += INSERT_BATCH) {
      const rows = unique.slice(i, i + INSERT_BATCH).map(
        (span): PiiSpanRow => ({
          id: newId(),
          log_file_id: logFileId,
          pii_type: span.type,
          start_offset: span.start,
          end_offset: span.end,
          original_value: span.value,
          replacement: span.replacement,
          decision: before.get(spanKey(span.type, span.start, span.end)) ?? 'pending',
        }),
      );
      insertSpanRows(db, rows);
    }
    withdrawApproval(ctx, logFileId, reason);
  }

  const counts = db.query<{ pii_type: string; n: number }>('SELECT pii_type, count(*) AS n FROM pii_spans WHERE log_file_id = ? GROUP BY pii_type ORDER BY pii_type', [logFileId]);
  const countsByType = Object.fromEntries(counts.map((row) => [row.pii_type, row.n]));
  const spans = counts.reduce((sum, row) => sum + row.n, 0);
  // Reported even when the set is the same: the log now counts as scanned.
  recordSpansChanged(db, logFileId, 'created');
  audit.append({
    action: 'pii.scanned',
    entityType: 'log_file',
    entityId: logFileId,
    details: { spans, found: unique.length, by_type: countByType(unique.map((span) => span.type)), changed, pattern_problems: problems.map((p) => p.name) },
  });
  return { spans, countsByType, problems: problems.map((p) => ({ ...p })) };
}
