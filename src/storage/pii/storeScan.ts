// Stores what a scan found as the log's span set. A rescan must not throw the review away: a span found again
// at the same place with the same type keeps its decision, and spans marked by hand stay. Call it inside a
// write transaction (it reads the current set and replaces it atomically with the rest of that transaction).
//
// The detections go to the compact store (detectionStore.ts) with one decision per value; a detection whose
// decision differs from its value's (decided one by one before the rescan) stays a pii_spans row.
import type { PiiDecision, PiiScanReport } from '../../core/model/logFile';
import type { PatternProblem } from '../../core/pii/types';
import { MANUAL_TYPE, replacementFor } from '../../core/pii/types';
import { newId } from '../ids';
import type { RepositoryContext } from '../repositories/context';
import type { RevokeReason } from './approval';
import { withdrawApproval } from './approval';
import { DetectionSet } from './detectionSet';
import type { Detection, StoredValue } from './detectionStore';
import { allChunks, detectionsOf, loadValues, setOf, writeSet } from './detectionStore';
import { recordSpansChanged } from './spanChanges';
import type { PiiSpanRow } from './spanRows';
import { insertSpanRows, spanKey } from './spanRows';

const valueKey = (type: string, value: string) => `${type}\u0000${value}`;

export function storeScan(ctx: RepositoryContext, logFileId: string, found: DetectionSet, problems: readonly PatternProblem[], reason: RevokeReason = 'rescanned'): PiiScanReport {
  const { db, audit } = ctx;
  const oldRows = db.query<PiiSpanRow>('SELECT * FROM pii_spans WHERE log_file_id = ? AND pii_type <> ?', [logFileId, MANUAL_TYPE]);
  const oldSet = setOf(db, logFileId);
  const foundCount = found.detections + found.plain.length;
  let changed: boolean;
  const firstScan = !oldSet && oldRows.length === 0;
  if (firstScan) {
    // The first scan (an attach): everything pending, stored as found.
    writeSet(db, logFileId, found);
    insertSpanRows(db, found.plain.map((p) => ({ id: newId(), log_file_id: logFileId, pii_type: p.type, start_offset: p.start, end_offset: p.end, original_value: p.value, replacement: p.replacement, decision: 'pending' })));
    changed = foundCount > 0;
  } else {
    changed = rescan(ctx, logFileId, found, oldRows, oldSet?.setId);
  }
  if (changed) withdrawApproval(ctx, logFileId, reason);

  const foundByType = Object.fromEntries(Object.entries(found.countsByType()).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  // A first scan stored exactly what it found, so its counts are the set's: no read of the dictionary it just wrote
  // (~65 ms at an access log's 77,000 values, in the attach's transaction).
  const countsByType = firstScan
    ? foundByType
    : Object.fromEntries(
        db
          .query<{ pii_type: string; n: number }>('SELECT pii_type, sum(occurrences) AS n FROM pii_occurrences WHERE log_file_id = ? GROUP BY pii_type ORDER BY pii_type', [logFileId])
          .map((row) => [row.pii_type, row.n]),
      );
  const spans = Object.values(countsByType).reduce((sum, n) => sum + n, 0);
  // Reported even when the set is the same: the log now counts as scanned.
  recordSpansChanged(db, logFileId, 'created');
  audit.append({
    action: 'pii.scanned',
    entityType: 'log_file',
    entityId: logFileId,
    details: { spans, found: foundCount, by_type: foundByType, changed, pattern_problems: problems.map((p) => p.name) },
  });
  return { spans, countsByType, problems: problems.map((p) => ({ ...p })) };
}

/** Replaces the log's scanned spans with `found`, keeping decisions by place; returns whether the set changed. */
function rescan(ctx: RepositoryContext, logId: string, found: DetectionSet, oldRows: readonly PiiSpanRow[], oldSetId: number | undefined): boolean {
  const { db } = ctx;
  const oldRowByKey = new Map(oldRows.map((r) => [spanKey(r.pii_type, r.start_offset, r.end_offset), r]));
  const oldValues = oldSetId === undefined ? new Map<number, StoredValue>() : loadValues(db, oldSetId);
  const oldValueDecision = new Map([...oldValues.values()].map((v) => [valueKey(v.type, v.value), v.decision]));
  const oldCompact = oldSetId === undefined ? ([] as Detection[])[Symbol.iterator]() : detectionsOf(allChunks(db, oldSetId));
  let oldNext = oldCompact.next();
  let oldCount = oldRows.length;

  const kept = new DetectionSet();
  const rows: PiiSpanRow[] = [];
  let matched = 0;
  const decisionAt = (type: string, start: number, end: number): { decision: PiiDecision | undefined; row: PiiSpanRow | undefined } => {
    // Old compact detections are in text order too: walk them alongside.
    while (!oldNext.done && oldNext.value.start < start) {
      oldNext = oldCompact.next();
      oldCount++;
    }
    let compact: PiiDecision | undefined;
    if (!oldNext.done && oldNext.value.start === start) {
      const v = oldValues.get(oldNext.value.valueId) as StoredValue;
      if (v.type === type && start + v.value.length === end) compact = v.decision;
    }
    const row = oldRowByKey.get(spanKey(type, start, end));
    if (row || compact) matched++;
    return { decision: row?.decision ?? compact, row };
  };
  const plainByStart = [...found.plain];
  let p = 0;
  const addRow = (type: string, start: number, end: number, value: string, replacement: string, decision: PiiDecision, row: PiiSpanRow | undefined) =>
    rows.push({ id: row?.id ?? newId(), log_file_id: logId, pii_type: type, start_offset: start, end_offset: end, original_value: value, replacement, decision });
  const takePlainBefore = (limit: number) => {
    for (; p < plainByStart.length && (plainByStart[p] as { start: number }).start <= limit; p++) {
      const s = plainByStart[p] as { type: string; start: number; end: number; value: string; replacement: string };
      const at = decisionAt(s.type, s.start, s.end);
      addRow(s.type, s.start, s.end, s.value, s.replacement, at.decision ?? 'pending', at.row);
    }
  };
  for (const d of detectionsOf(found.chunks)) {
    takePlainBefore(d.start - 1);
    const v = found.values[d.valueId] as { type: string; value: string };
    const end = d.start + v.value.length;
    const at = decisionAt(v.type, d.start, end);
    const decision = at.decision ?? 'pending';
    if (!at.row && decision === (oldValueDecision.get(valueKey(v.type, v.value)) ?? 'pending')) kept.add(v.type, d.start, end, v.value, replacementFor(v.type));
    else addRow(v.type, d.start, end, v.value, replacementFor(v.type), decision, at.row);
  }
  takePlainBefore(Infinity);
  for (; !oldNext.done; oldNext = oldCompact.next()) oldCount++;
  kept.finish();

  db.exec('DELETE FROM pii_spans WHERE log_file_id = ? AND pii_type <> ?', [logId, MANUAL_TYPE]);
  writeSet(db, logId, kept, (id) => {
    const v = kept.values[id] as { type: string; value: string };
    return oldValueDecision.get(valueKey(v.type, v.value)) ?? 'pending';
  });
  insertSpanRows(db, rows.sort((a, b) => a.start_offset - b.start_offset || a.end_offset - b.end_offset));
  const foundCount = found.detections + found.plain.length;
  return !(matched === foundCount && matched === oldCount);
}
