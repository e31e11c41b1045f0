// PII spans found in a log file and their review: scanned (keeping earlier decisions), decided one by one or per
// type, marked by hand, replaced as a whole set, listed in text order. Any change to the decisions of an approved
// log withdraws its approval (pii/approval.ts).
import type { PiiDecision, PiiLogCounts, PiiScanReport, PiiSpan, PiiSpanInput, ScanOptions } from '../../core/model/logFile';
import { idSchema, piiDecisionSchema, piiSpanListSchema, spanIdListSchema } from '../../core/model/logFile';
import type { PiiValueRef, PiiValueSummary, ValueSummaryOptions } from '../../core/model/piiValues';
import { piiValueListSchema, textWindowSchema, valueSummaryOptionsSchema } from '../../core/model/piiValues';
import { MANUAL_TYPE, replacementFor } from '../../core/pii/types';
import { ContentError, parseInput } from '../content/errors';
import { logNotFound } from '../content/logContent';
import { newId } from '../ids';
import { withdrawApproval } from '../pii/approval';
import { recordSpansChanged } from '../pii/spanChanges';
import { readTextRange } from '../pii/textRange';
import { scanStoredLog } from '../pii/scanLog';
import { setDecisionWhere, spansInRange, valueSummary } from '../pii/spanValues';
import { listSpans } from '../pii/spanSource';
import { deleteSet, parseDetectionId, setOf, takeDetections, detectionSpan } from '../pii/detectionStore';
import type { PiiSpanRow } from '../pii/spanRows';
import { countByType, insertSpanRows, spanKey, toSpan } from '../pii/spanRows';
import type { RepositoryContext } from './context';

/** A span marked by hand covers at most this much text (UTF-16 code units). */
export const MAX_MANUAL_SPAN = 1024 * 1024;
/** Ids per IN (...) list: far below SQLite's parameter limit. */
const ID_BATCH = 500;

export class PiiSpanRepository {
  constructor(protected readonly ctx: RepositoryContext) {}

  /**
   * Replaces the log's spans with `spans` atomically: either all of the new set is stored or the old one stays.
   * A span without a decision is 'pending'. An approved log whose set or decisions change loses its approval.
   */
  replaceForLog(logFileId: string, spans: readonly PiiSpanInput[]): PiiSpan[] {
    const logId = parseInput(idSchema, logFileId, 'log file id');
    const input = parseInput(piiSpanListSchema, spans, 'PII spans');
    const { db } = this.ctx;
    return db.transaction(() => {
      this.requireLog(logId);
      const before = new Set(this.decisionKeys(logId));
      db.exec('DELETE FROM pii_spans WHERE log_file_id = ?', [logId]);
      deleteSet(db, logId);
      const rows = input
        .map((span): PiiSpanRow => ({
          id: newId(),
          log_file_id: logId,
          pii_type: span.piiType,
          start_offset: span.startOffset,
          end_offset: span.endOffset,
          original_value: span.originalValue,
          replacement: span.replacement,
          decision: span.decision ?? 'pending',
        }))
        .sort((a, b) => a.start_offset - b.start_offset || a.end_offset - b.end_offset);
      insertSpanRows(db, rows);
      recordSpansChanged(db, logId, 'created');
      const after = this.decisionKeys(logId);
      if (after.length !== before.size || after.some((key) => !before.has(key))) withdrawApproval(this.ctx, logId, 'spans_replaced');
      return rows.map(toSpan);
    });
  }

  /** The log's spans in text order. */
  listForLog(logFileId: string): PiiSpan[] {
    return listSpans(this.ctx.db, parseInput(idSchema, logFileId, 'log file id'));
  }

  /** How many spans of each PII type the log has, e.g. { Email: 3, IPv4: 12 }. */
  countsByType(logFileId: string): Record<string, number> {
    const rows = this.ctx.db.query<{ pii_type: string; n: number }>(
      'SELECT pii_type, sum(occurrences) AS n FROM pii_occurrences WHERE log_file_id = ? GROUP BY pii_type ORDER BY pii_type',
      [parseInput(idSchema, logFileId, 'log file id')],
    );
    return Object.fromEntries(rows.map((row) => [row.pii_type, row.n]));
  }

  /** Per log of the issue (every log, those without spans too): counts by type, pending and kept. One query. */
  countsForIssue(issueId: string): Record<string, PiiLogCounts> {
    const rows = this.ctx.db.query<{ log_id: string; pii_type: string | null; n: number; pending: number; kept: number; scanned: number }>(
      `SELECT l.id AS log_id, s.pii_type, coalesce(sum(s.occurrences), 0) AS n,
              coalesce(sum(s.occurrences * (s.decision = 'pending')), 0) AS pending, coalesce(sum(s.occurrences * (s.decision = 'keep')), 0) AS kept,
              EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'log_file' AND a.entity_id = l.id AND a.action = 'pii.scanned') AS scanned
         FROM log_files l LEFT JOIN pii_occurrences s ON s.log_file_id = l.id
        WHERE l.issue_id = ?
        GROUP BY l.id, s.pii_type
        ORDER BY l.id, s.pii_type`,
      [parseInput(idSchema, issueId, 'issue id')],
    );
    const result: Record<string, PiiLogCounts> = {};
    for (const row of rows) {
      const counts = (result[row.log_id] ??= { byType: {}, pending: 0, kept: 0, scanned: row.scanned === 1 });
      if (row.pii_type === null) continue;
      counts.byType[row.pii_type] = row.n;
      counts.pending += row.pending;
      counts.kept += row.kept;
    }
    return result;
  }

  /**
   * Sets the decision of each span (they may belong to several logs); returns the updated spans. Unknown ids
   * fail with NOT_FOUND and change nothing. A log whose decisions change loses its approval.
   */
  setDecision(spanIds: readonly string[], decision: PiiDecision): PiiSpan[] {
    const ids = [...new Set(parseInput(spanIdListSchema, spanIds, 'PII span ids'))];
    const to = parseInput(piiDecisionSchema, decision, 'PII decision');
    const { db } = this.ctx;
    return db.transaction(() => {
      const rows = this.spansById(ids);
      if (rows.length !== ids.length) rows.push(...this.detectionsToRows(ids, new Set(rows.map((r) => r.id))));
      if (rows.length !== ids.length) {
        const found = new Set(rows.map((r) => r.id));
        const missing = ids.filter((id) => !found.has(id));
        throw new ContentError('NOT_FOUND', `${missing.length} of the PII spans no longer exist (the log may have been rescanned or deleted): ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}.`, {
          missing: missing.slice(0, 100),
        });
      }
      const changing = rows.filter((r) => r.decision !== to);
      for (let i = 0; i < changing.length; i += ID_BATCH) {
        const batch = changing.slice(i, i + ID_BATCH).map((r) => r.id);
        db.exec(`UPDATE pii_spans SET decision = ? WHERE id IN (${batch.map(() => '?').join(', ')})`, [to, ...batch]);
      }
      const byLog = new Map<string, PiiSpanRow[]>();
      for (const r of changing) byLog.set(r.log_file_id, [...(byLog.get(r.log_file_id) ?? []), r]);
      for (const [logId, changed] of byLog) this.recordDecision(logId, to, changed.length, countByType(changed.map((r) => r.pii_type)));
      return rows.map((r) => toSpan({ ...r, decision: to })).sort((a, b) => a.logFileId.localeCompare(b.logFileId) || a.startOffset - b.startOffset || a.endOffset - b.endOffset);
    });
  }

  /** Sets the decision of every span of one type in the log; returns how many changed. */
  setDecisionForType(logFileId: string, piiType: string, decision: PiiDecision): number {
    const logId = parseInput(idSchema, logFileId, 'log file id');
    const type = parseInput(idSchema, piiType, 'PII type');
    const to = parseInput(piiDecisionSchema, decision, 'PII decision');
    const { db } = this.ctx;
    return db.transaction(() => {
      this.requireLog(logId);
      const changed = setDecisionWhere(db, logId, { piiType: type }, to)[type] ?? 0;
      if (changed > 0) this.recordDecision(logId, to, changed, { [type]: changed });
      return changed;
    });
  }

  /**
   * The log's distinct values with their occurrence counts, most frequent first, one page at a time (optionally of
   * one type), and per type: occurrences, distinct values, occurrences per decision.
   */
  valueSummary(logFileId: string, options: ValueSummaryOptions = {}): PiiValueSummary {
    const logId = parseInput(idSchema, logFileId, 'log file id');
    const { piiType, offset, limit } = parseInput(valueSummaryOptionsSchema, options ?? {}, 'value summary options');
    this.requireLog(logId);
    return valueSummary(this.ctx.db, logId, piiType, offset, limit);
  }

  /**
   * Decides every occurrence of each value ("keep every occurrence of 10.0.0.7"); returns how many occurrences
   * changed. Values the log does not hold are ignored. A log whose decisions change loses its approval.
   */
  setDecisionForValues(logFileId: string, values: readonly PiiValueRef[], decision: PiiDecision): number {
    const logId = parseInput(idSchema, logFileId, 'log file id');
    const refs = parseInput(piiValueListSchema, values, 'PII values');
    const to = parseInput(piiDecisionSchema, decision, 'PII decision');
    const { db } = this.ctx;
    return db.transaction(() => {
      this.requireLog(logId);
      const byType = setDecisionWhere(db, logId, { values: refs }, to);
      const changed = Object.values(byType).reduce((sum, n) => sum + n, 0);
      if (changed > 0) this.recordDecision(logId, to, changed, byType, refs.length);
      return changed;
    });
  }

  /**
   * The log's spans overlapping [startOffset, endOffset) in text order: what an editor decorates for its visible
   * range, without reading the rest of a large log's spans.
   */
  spansInRange(logFileId: string, startOffset: number, endOffset: number): PiiSpan[] {
    const logId = parseInput(idSchema, logFileId, 'log file id');
    const { start, end } = parseInput(textWindowSchema, { start: startOffset, end: endOffset }, 'text range');
    this.requireLog(logId);
    return spansInRange(this.ctx.db, logId, start, end);
  }

  /**
   * Marks [start, end) of the log's text by hand: type Manual, replacement [Redacted], decision 'redact'. The
   * range must lie inside the text (UTF-16 code units) and be at most 1 MiB; the value is read from the stored
   * text, streamed (nothing beyond the range is kept in memory).
   */
  async addManual(logFileId: string, start: number, end: number): Promise<PiiSpan> {
    const logId = parseInput(idSchema, logFileId, 'log file id');
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
      throw new ContentError('INVALID_RANGE', `A span must be a non-empty range of whole offsets with 0 ≤ start < end (got ${start}–${end}).`, { start: String(start), end: String(end) });
    }
    if (end - start > MAX_MANUAL_SPAN) {
      throw new ContentError('INVALID_RANGE', `A span marked by hand covers at most ${MAX_MANUAL_SPAN} characters (this one ${end - start}); mark smaller parts.`, { start, end, limit: MAX_MANUAL_SPAN });
    }
    const value = await readTextRange(this.ctx.db, logId, start, end);
    const { db, audit } = this.ctx;
    return db.transaction(() => {
      this.requireLog(logId);
      const existing = db.get<PiiSpanRow>('SELECT * FROM pii_spans WHERE log_file_id = ? AND pii_type = ? AND start_offset = ? AND end_offset = ?', [logId, MANUAL_TYPE, start, end]);
      if (existing && existing.decision === 'redact') return toSpan(existing);
      if (existing) db.exec('DELETE FROM pii_spans WHERE id = ?', [existing.id]);
      const row: PiiSpanRow = { id: newId(), log_file_id: logId, pii_type: MANUAL_TYPE, start_offset: start, end_offset: end, original_value: value, replacement: replacementFor(MANUAL_TYPE), decision: 'redact' };
      insertSpanRows(db, [row]);
      recordSpansChanged(db, logId);
      audit.append({ action: 'pii.manual_added', entityType: 'log_file', entityId: logId, details: { span_id: row.id, start, end } });
      withdrawApproval(this.ctx, logId, 'manual_span_added');
      return toSpan(row);
    });
  }

  /**
   * Scans the stored log again (streamed, bounded memory) and stores the result: a span found at the same place
   * with the same type keeps its decision, spans marked by hand stay, the rest is replaced — in one transaction,
   * with an audit row pii.scanned. An approved log whose spans change loses its approval.
   */
  scanLog(logFileId: string, options: ScanOptions = {}): Promise<PiiScanReport> {
    return scanStoredLog(this.ctx, logFileId, options);
  }

  private recordDecision(logId: string, decision: PiiDecision, count: number, byType: Record<string, number>, values?: number): void {
    recordSpansChanged(this.ctx.db, logId);
    // Counts only: the values themselves never go into the audit log.
    this.ctx.audit.append({ action: 'pii.decision', entityType: 'log_file', entityId: logId, details: { decision, count, by_type: byType, ...(values === undefined ? {} : { values }) } });
    withdrawApproval(this.ctx, logId, 'decision_changed');
  }

  /**
   * The compact detections among `ids` (those not found as rows), taken out of the compact store and stored as
   * rows with the same ids and their value's decision: a decision for one occurrence lives in its own row.
   */
  private detectionsToRows(ids: readonly string[], found: ReadonlySet<string>): PiiSpanRow[] {
    const byLog = new Map<string, { start: number; valueId: number }[]>();
    for (const id of ids) {
      const parsed = found.has(id) ? undefined : parseDetectionId(id);
      if (parsed) byLog.set(parsed.logId, [...(byLog.get(parsed.logId) ?? []), { start: parsed.start, valueId: parsed.valueId }]);
    }
    const rows: PiiSpanRow[] = [];
    for (const [logId, wanted] of byLog) {
      const set = setOf(this.ctx.db, logId);
      if (!set) continue;
      const { taken, values } = takeDetections(this.ctx.db, set, wanted);
      const moved = taken.map((d): PiiSpanRow => {
        const span = detectionSpan(logId, d, values.get(d.valueId) as NonNullable<ReturnType<typeof values.get>>);
        return { id: span.id, log_file_id: logId, pii_type: span.piiType, start_offset: span.startOffset, end_offset: span.endOffset, original_value: span.originalValue, replacement: span.replacement, decision: span.decision };
      });
      insertSpanRows(this.ctx.db, moved);
      rows.push(...moved);
    }
    return rows;
  }

  private spansById(ids: readonly string[]): PiiSpanRow[] {
    const rows: PiiSpanRow[] = [];
    for (let i = 0; i < ids.length; i += ID_BATCH) {
      const batch = ids.slice(i, i + ID_BATCH);
      rows.push(...this.ctx.db.query<PiiSpanRow>(`SELECT * FROM pii_spans WHERE id IN (${batch.map(() => '?').join(', ')})`, batch));
    }
    return rows;
  }

  /** Type, place and decision of each span: what an approval covers. */
  private decisionKeys(logId: string): string[] {
    return listSpans(this.ctx.db, logId).map((s) => `${spanKey(s.piiType, s.startOffset, s.endOffset)}\u0000${s.decision}`);
  }

  private requireLog(logId: string): void {
    if (!this.ctx.db.get('SELECT 1 AS x FROM log_files WHERE id = ?', [logId])) throw logNotFound(logId);
  }
}

/** The methods the main thread may call (see store.ts). */
export const PII_SPAN_REMOTE = [
  'replaceForLog',
  'listForLog',
  'countsByType',
  'countsForIssue',
  'setDecision',
  'setDecisionForType',
  'valueSummary',
  'setDecisionForValues',
  'spansInRange',
  'addManual',
  'scanLog',
] as const satisfies readonly (keyof PiiSpanRepository)[];
