// A log's patterns as the views use them: each pattern's template, count, level, first/last line and time, and its
// histogram — read from the patterns stored for the log (storage/repositories/logPatterns.ts). Line numbers count
// in the stored log's text (the trcaa-log: document), 1-based. No vscode import.
import { fromBuckets, type MinuteHistogram } from '../../core/insight/minuteHistogram';
import { detectFormat, LineParser } from '../../core/logs/formats/detect';
import type { LogPattern, LogPatternSet } from '../../storage/repositories/logPatterns';

export interface PatternSummary {
  /** `P1`, `P2`, … in order of first occurrence (as `trcaa-log patterns` prints them). */
  id: string;
  template: string;
  count: number;
  /** The level most of its lines carry, when the format has one. */
  level: string | null;
  firstLine: number;
  lastLine: number;
  firstMs: number | null;
  lastMs: number | null;
  histogram: MinuteHistogram | null;
  /** The bucket of lines past the miner's cap. */
  other: boolean;
}

export interface LogPatterns {
  logId: string;
  /** The format detected (`plain` when none). */
  format: string;
  lineCount: number;
  /** Whether the log's timestamps carry a zone (times are UTC) or not (times are its wall clock). */
  zoned: boolean;
  /** Most frequent first. */
  patterns: PatternSummary[];
}

/** The pattern index in an id (`P3` → 2), or undefined when it is not one. */
export function patternIndex(id: string): number | undefined {
  const m = /^P([1-9]\d{0,8})$/.exec(id);
  return m ? Number(m[1]) - 1 : undefined;
}

/** A log's stored pattern set and rows, as the views use them. */
export function fromStored(logId: string, set: LogPatternSet, rows: readonly LogPattern[]): LogPatterns {
  return {
    logId,
    format: set.format,
    lineCount: set.lineCount,
    zoned: set.zoned === true,
    patterns: rows.map((p) => ({
      id: p.id,
      template: p.other ? `${p.template} (lines past the pattern cap)` : p.template,
      count: p.count,
      level: p.level ?? null,
      firstLine: p.firstLine,
      lastLine: p.lastLine,
      firstMs: p.firstMs ?? null,
      lastMs: p.lastMs ?? null,
      histogram: fromBuckets(p.histogram, set.bucketMinutes),
      other: p.other,
    })),
  };
}

/** A line's timestamp reader for a log, its format told from its first lines (the merged timeline). */
export function lineTimeReader(firstLines: readonly string[]): (line: string) => number | undefined {
  const parser = new LineParser(detectFormat(firstLines));
  return (line) => parser.time(parser.parse(line))?.ms;
}
