// A log's patterns as the views use them: each pattern's template, count, level, first/last line and time, its
// per-minute histogram, and which lines are its occurrences (for highlighting). Line numbers count in the stored
// log's shown text (the trcaa-log: document), 1-based. No vscode import.
import { histogramOf, type MinuteHistogram } from '../../core/insight/minuteHistogram';
import { detectFormat, LineParser } from '../../core/logs/formats/detect';
import { LogPatternScanner } from '../../core/logs/patterns/logPatternScanner';
import { OTHER_SIGNATURE } from '../../core/logs/patterns/miner';

export interface PatternSummary {
  /** `P1`, `P2`, … in order of first occurrence; `other` for lines past the pattern cap. */
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
}

export interface LogPatterns {
  logId: string;
  /** The format detected (`plain` when none). */
  format: string;
  lineCount: number;
  /** Most frequent first. */
  patterns: PatternSummary[];
  /** Whether the log's timestamps carry a zone (times are UTC) or not (times are its wall clock). */
  zoned: boolean;
  /** A pattern's occurrences, ascending 1-based line numbers. */
  linesOf(patternId: string): number[];
}

export const OTHER_PATTERN = 'other';
export const patternId = (index: number): string => (index < 0 ? OTHER_PATTERN : `P${index + 1}`);

/** Growable typed array: a line costs 4 + 8 bytes, never an object. */
class Column<T extends Int32Array | Float64Array> {
  length = 0;
  constructor(public data: T) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => T)(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}

/** Mines a log's text as it streams in (pieces in order): `push` each, then `finish`. */
export class PatternCollector {
  private readonly signatures = new Column(new Int32Array(1024));
  private readonly times = new Column(new Float64Array(1024));
  private readonly levels = new Map<number, Map<string, number>>();
  private zoned = false;
  private readonly scanner = new LogPatternScanner((line) => {
    this.signatures.push(line.signature);
    const parser = this.scanner.lineParser;
    const time = parser?.time(line.parsed);
    if (time?.zoned) this.zoned = true;
    this.times.push(time ? time.ms : NaN);
    if (line.parsed.level && line.signature !== OTHER_SIGNATURE) {
      let byLevel = this.levels.get(line.signature);
      if (!byLevel) this.levels.set(line.signature, (byLevel = new Map()));
      byLevel.set(line.parsed.level, (byLevel.get(line.parsed.level) ?? 0) + 1);
    }
  });

  constructor(private readonly logId: string) {}

  push(piece: string): void {
    this.scanner.push(piece);
  }

  finish(): LogPatterns {
    this.scanner.end();
    const result = this.scanner.miner.finish();
    const lineCount = this.signatures.length;
    const patternOfLine = new Int32Array(lineCount);
    for (let i = 0; i < lineCount; i++) {
      const signature = this.signatures.data[i] as number;
      patternOfLine[i] = signature === OTHER_SIGNATURE ? -1 : (result.patternOfSignature[signature] as number);
    }
    const levels = new Map<number, Map<string, number>>();
    for (const [signature, byLevel] of this.levels) {
      const pattern = result.patternOfSignature[signature] as number;
      const into = levels.get(pattern) ?? new Map<string, number>();
      for (const [level, n] of byLevel) into.set(level, (into.get(level) ?? 0) + n);
      levels.set(pattern, into);
    }
    const times = new Map<number, number[]>();
    const first = new Map<number, number>();
    const last = new Map<number, number>();
    const counts = new Map<number, number>();
    for (let i = 0; i < lineCount; i++) {
      const p = patternOfLine[i] as number;
      counts.set(p, (counts.get(p) ?? 0) + 1);
      if (!first.has(p)) first.set(p, i + 1);
      last.set(p, i + 1);
      const t = this.times.data[i] as number;
      if (!Number.isNaN(t)) {
        let list = times.get(p);
        if (!list) times.set(p, (list = []));
        list.push(t);
      }
    }
    const templates = new Map(result.patterns.map((p) => [p.index, p.template]));
    const patterns: PatternSummary[] = [...counts.keys()].map((p) => {
      const list = times.get(p) ?? [];
      const level = [...(levels.get(p) ?? [])].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
      return {
        id: patternId(p),
        template: p < 0 ? '(other lines: past the pattern cap)' : (templates.get(p) ?? ''),
        count: counts.get(p) ?? 0,
        level,
        firstLine: first.get(p) ?? 0,
        lastLine: last.get(p) ?? 0,
        firstMs: list.length ? list.reduce((a, b) => Math.min(a, b), Infinity) : null,
        lastMs: list.length ? list.reduce((a, b) => Math.max(a, b), -Infinity) : null,
        histogram: histogramOf(list),
      };
    });
    patterns.sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
    const ids = new Map<string, number>(patterns.map((p) => [p.id, p.id === OTHER_PATTERN ? -1 : Number(p.id.slice(1)) - 1]));
    return {
      logId: this.logId,
      format: this.scanner.initialFormat?.name ?? 'plain',
      lineCount,
      patterns,
      zoned: this.zoned,
      linesOf: (id) => {
        const index = ids.get(id);
        if (index === undefined) return [];
        const out: number[] = [];
        for (let i = 0; i < lineCount; i++) if (patternOfLine[i] === index) out.push(i + 1);
        return out;
      },
    };
  }
}

/** Mines a whole text (tests, small logs). */
export function patternsOfText(logId: string, text: string): LogPatterns {
  const collector = new PatternCollector(logId);
  collector.push(text);
  return collector.finish();
}

/** A line's timestamp reader for a log, its format told from its first lines (merged timeline). */
export function lineTimeReader(firstLines: readonly string[]): (line: string) => number | undefined {
  const parser = new LineParser(detectFormat(firstLines));
  return (line) => parser.time(parser.parse(line))?.ms;
}
