// A log's patterns (docs/patterns.md): mined in the attach pass (logFiles.ts) or on first use for a log attached
// before mining existed, stored as one set row and one row per pattern (migration 030). Reading never touches the
// log: the list reads the pattern rows, a pattern's lines one varint blob (deflated when large: patterns/lineLists.ts).
import { z } from 'zod';
import { idSchema } from '../../core/model/logFile';
import { LogPatternIndexer, MINER_VERSION, type LogPatternIndex } from '../../core/logs/patterns/logPatternIndex';
import { comparePatterns, type CompareOptions, type PatternChange, type PatternCount } from '../../core/logs/patterns/compare';
import { patternId } from '../../core/logs/patterns/miner';
import { decodeHistogram, decodeLines } from '../../core/logs/patterns/varint';
import { sqlTimestamp } from '../clock';
import { ContentError, parseInput } from '../content/errors';
import { decodeLogPieces, logNotFound, prepareLogRead } from '../content/logContent';
import type { Database } from '../database';
import type { SummaryPattern } from '../../core/ai/patternSummary';
import { packLines, unpackLines } from '../patterns/lineLists';
import type { RepositoryContext } from './context';

export interface LogPatternSet {
  logFileId: string;
  minerVersion: number;
  /** The log format detected (core/logs/formats/formats.ts names; 'plain' when none fitted). */
  format: string;
  lineCount: number;
  /** true: timestamps are UTC; false: wall-clock readings with no zone ("local-naive"); null: the log has none. */
  zoned: boolean | null;
  /** Minutes per histogram bucket (1 unless the log spans more than two weeks). */
  bucketMinutes: number;
  patternCount: number;
  minedAt: string;
}

/** A pattern as listed: the facts the AI's summary reads too (core/ai/patternSummary.ts), its index and histogram. */
export interface LogPattern extends SummaryPattern {
  index: number;
  /** Occurrences per bucket: [bucket start in minutes since the epoch, count], ascending, empty buckets left out. */
  histogram: [number, number][];
}

export interface MineOptions {
  /** Set to non-zero (Atomics.store) to stop mining an older log; nothing is stored then. */
  cancelFlag?: Int32Array;
}

const patternIndexSchema = z.number().int().min(0);
/** One side of a comparison: a mined log, optionally a time range of it ([fromMs, toMs), at histogram bucket precision). */
const sideSchema = z.object({ logFileId: idSchema, fromMs: z.number().finite().optional(), toMs: z.number().finite().optional() });
const compareOptionsSchema = z.object({ minRatio: z.number().min(1).optional(), minCount: z.number().int().min(1).optional() });
export type CompareSide = z.input<typeof sideSchema>;
const mineOptionsSchema = z.object({
  cancelFlag: z.custom<Int32Array>((value) => value instanceof Int32Array, 'must be an Int32Array (over a SharedArrayBuffer)').optional(),
});

interface SetRow { log_file_id: string; miner_version: number; format: string; line_count: number; zoned: number | null; bucket_minutes: number; mined_at: string; patterns: number }
interface PatternRow {
  pattern_index: number; template: string; line_count: number; level: string | null; first_line: number; last_line: number;
  first_ts: number | null; last_ts: number | null; histogram_start: number | null; histogram: Uint8Array; is_other: number;
}

function patternFromRow(r: Omit<PatternRow, 'histogram' | 'histogram_start'>): Omit<LogPattern, 'histogram'> {
  return {
    id: patternId(r.pattern_index),
    index: r.pattern_index,
    template: r.template,
    count: r.line_count,
    ...(r.level ? { level: r.level } : {}),
    firstLine: r.first_line,
    lastLine: r.last_line,
    ...(r.first_ts !== null ? { firstMs: r.first_ts, lastMs: r.last_ts ?? r.first_ts } : {}),
    other: r.is_other === 1,
  };
}

/**
 * Replaces the log's patterns with `index`. Call it inside a write transaction (the attach's, or ensureMined's):
 * the log and its patterns land together.
 */
export function storePatternIndex(db: Database, logFileId: string, index: LogPatternIndex, minedAt: string): void {
  db.exec('DELETE FROM log_pattern_sets WHERE log_file_id = ?', [logFileId]);
  db.exec(
    'INSERT INTO log_pattern_sets(log_file_id, miner_version, format, line_count, zoned, bucket_minutes, mined_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [logFileId, index.minerVersion, index.format, index.lineCount, index.zoned === null ? null : index.zoned ? 1 : 0, index.bucketMinutes, minedAt],
  );
  for (const p of index.patterns) {
    db.exec(
      `INSERT INTO log_patterns(log_file_id, pattern_index, template, line_count, level, first_line, last_line, first_ts, last_ts, histogram_start, histogram, lines, is_other)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [logFileId, p.index, p.template, p.count, p.level ?? null, p.firstLine, p.lastLine, p.firstMs ?? null, p.lastMs ?? null, p.histogramStart ?? null, p.histogram, packLines(p.lines), p.other ? 1 : 0],
    );
  }
}

export class LogPatternRepository {
  constructor(private readonly ctx: RepositoryContext) {}

  /** The log's mined set, or null when it has not been mined (or was mined by an older miner). */
  summary(logFileId: string): LogPatternSet | null {
    const logId = parseInput(idSchema, logFileId, 'log file id');
    const row = this.ctx.db.get<SetRow>(
      'SELECT s.*, (SELECT count(*) FROM log_patterns p WHERE p.log_file_id = s.log_file_id) AS patterns FROM log_pattern_sets s WHERE s.log_file_id = ?',
      [logId],
    );
    if (!row || row.miner_version !== MINER_VERSION) return null;
    return {
      logFileId: row.log_file_id,
      minerVersion: row.miner_version,
      format: row.format,
      lineCount: row.line_count,
      zoned: row.zoned === null ? null : row.zoned === 1,
      bucketMinutes: row.bucket_minutes,
      patternCount: row.patterns,
      minedAt: row.mined_at,
    };
  }

  /** The log's patterns, most frequent first (empty when not mined: ensureMined() first). */
  list(logFileId: string): LogPattern[] {
    const set = this.summary(logFileId);
    if (!set) return [];
    const rows = this.ctx.db.query<PatternRow>(
      `SELECT pattern_index, template, line_count, level, first_line, last_line, first_ts, last_ts, histogram_start, histogram, is_other
       FROM log_patterns WHERE log_file_id = ? ORDER BY line_count DESC, pattern_index`,
      [set.logFileId],
    );
    return rows.map((r) => ({
      ...patternFromRow(r),
      histogram: r.histogram_start === null ? [] : decodeHistogram(r.histogram, 0).map(([k, n]) => [r.histogram_start! + k * set.bucketMinutes, n] as [number, number]),
    }));
  }

  /** The log's patterns without their histograms and line lists (the AI's summary), most frequent first. */
  templates(logFileId: string): Omit<LogPattern, 'histogram'>[] {
    const set = this.summary(logFileId);
    if (!set) return [];
    const rows = this.ctx.db.query<Omit<PatternRow, 'histogram' | 'histogram_start'>>(
      `SELECT pattern_index, template, line_count, level, first_line, last_line, first_ts, last_ts, is_other
       FROM log_patterns WHERE log_file_id = ? ORDER BY line_count DESC, pattern_index`,
      [set.logFileId],
    );
    return rows.map(patternFromRow);
  }

  /** The 1-based line numbers of one pattern, ascending (to highlight them, and for next / previous). */
  lines(logFileId: string, patternIndex: number): number[] {
    const logId = parseInput(idSchema, logFileId, 'log file id');
    const index = parseInput(patternIndexSchema, patternIndex, 'pattern index');
    const row = this.ctx.db.get<{ lines: Uint8Array }>('SELECT lines FROM log_patterns WHERE log_file_id = ? AND pattern_index = ?', [logId, index]);
    if (!row) throw new ContentError('NOT_FOUND', `No pattern ${patternId(index)} for this log: it may not be mined yet, or was mined again.`, { id: logId });
    return decodeLines(unpackLines(row.lines));
  }

  /**
   * Each pattern's occurrences in the log, or in a time range of it: the histogram buckets starting in
   * [fromMs, toMs) (bucket precision: a minute unless the log spans more than two weeks). Not mined: empty.
   */
  counts(side: CompareSide): PatternCount[] {
    const { logFileId, fromMs, toMs } = parseInput(sideSchema, side, 'comparison side');
    const patterns = this.list(logFileId);
    if (fromMs === undefined && toMs === undefined) return patterns.map((p) => ({ template: p.template, count: p.count }));
    const from = fromMs === undefined ? -Infinity : fromMs / 60_000;
    const to = toMs === undefined ? Infinity : toMs / 60_000;
    return patterns
      .map((p) => ({ template: p.template, count: p.histogram.filter(([minute]) => minute >= from && minute < to).reduce((sum, [, n]) => sum + n, 0) }))
      .filter((p) => p.count > 0);
  }

  /**
   * What changed from `before` to `after` (two logs, or two ranges of one: before / after a deploy): patterns new,
   * gone, or at least `minRatio` (default 2) times more or less frequent as a share of each side's lines, ranked.
   * Both sides must be mined (ensureMined) first.
   */
  compare(before: CompareSide, after: CompareSide, options: CompareOptions = {}): PatternChange[] {
    const opts = parseInput(compareOptionsSchema, options, 'comparison options');
    for (const side of [before, after]) {
      const { logFileId } = parseInput(sideSchema, side, 'comparison side');
      if (!this.summary(logFileId)) throw new ContentError('NOT_FOUND', 'This log\'s patterns are not mined yet: mine them (ensureMined) before comparing.', { id: logFileId });
    }
    return comparePatterns(this.counts(before), this.counts(after), opts);
  }

  /**
   * Mines a log that has no patterns yet (attached before mining existed, or mined by an older miner): its
   * content streamed from the database once, the patterns stored in one short transaction. A log already mined
   * is left as it is.
   */
  async ensureMined(logFileId: string, options: MineOptions = {}): Promise<LogPatternSet> {
    const logId = parseInput(idSchema, logFileId, 'log file id');
    const { cancelFlag } = parseInput(mineOptionsSchema, options, 'mining options');
    const existing = this.summary(logId);
    if (existing) return existing;
    const read = prepareLogRead(this.ctx.db, logId);
    const indexer = new LogPatternIndexer();
    for await (const piece of decodeLogPieces(read.content, read.row.file_name)) {
      if (cancelFlag && Atomics.load(cancelFlag, 0) !== 0) throw new ContentError('CANCELLED', `Mining the patterns of ${read.row.file_name} was cancelled; nothing was stored.`, { id: logId });
      indexer.push(piece);
    }
    const index = indexer.end();
    const { db, clock } = this.ctx;
    db.transaction(() => {
      // The log may have gone while it was being read.
      if (!db.get('SELECT 1 AS x FROM log_files WHERE id = ?', [logId])) throw logNotFound(logId);
      storePatternIndex(db, logId, index, sqlTimestamp(clock.now()));
      db.recordChange({ entity: 'logPatterns', kind: 'created', ids: [logId], issueId: read.row.issue_id });
    });
    return this.summary(logId)!;
  }
}

/** The methods the main thread may call (see store.ts). */
export const LOG_PATTERN_REMOTE = ['summary', 'list', 'lines', 'counts', 'compare', 'ensureMined'] as const satisfies readonly (keyof LogPatternRepository)[];
