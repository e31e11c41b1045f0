// Everything stored about a log's patterns, built in the one pass over its text that attach already makes:
// per pattern its template, count, level, first/last line and timestamp, a per-minute histogram and the list of
// its lines. While the text streams by, each line costs a few bytes (its signature and its minute, as varints);
// the patterns are known at the end, when those two streams are walked once to build the lists and histograms.
import type { LogLevel } from '../formats/detect';
import { LogPatternScanner, type ScannedLine } from './logPatternScanner';
import { OTHER_SIGNATURE, type MinerOptions } from './miner';
import { encodeHistogram, VarintReader, VarintWriter } from './varint';

/** Bumped when the mining changes enough that stored patterns should be mined again (2: a BOM-led first line's header is read). */
export const MINER_VERSION = 2;
/** Most histogram buckets a pattern gets: a log spanning more minutes gets wider buckets (bucketMinutes). */
export const MAX_HISTOGRAM_BUCKETS = 20_160;

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
const MS_PER_MINUTE = 60_000;

export interface IndexedPattern {
  /** Dense, in order of first occurrence (shown as P<index + 1>). */
  readonly index: number;
  readonly template: string;
  readonly count: number;
  /** The most frequent level among its lines, when the format has levels. */
  readonly level?: LogLevel;
  readonly firstLine: number;
  readonly lastLine: number;
  /** Milliseconds since the epoch (UTC when the log's timestamps are zoned; see LogPatternIndex.zoned). */
  readonly firstMs?: number;
  readonly lastMs?: number;
  /** The first bucket's start, in minutes since the epoch; undefined when no line of the pattern had a time. */
  readonly histogramStart?: number;
  /** (gap in buckets, count) varint pairs: decodeHistogram(bytes, 0) gives [bucket offset k, count], bucket k
   *  starting at histogramStart + k × LogPatternIndex.bucketMinutes. */
  readonly histogram: Uint8Array;
  /** Its line numbers (1-based) as gap varints: varint.ts decodeLines. */
  readonly lines: Uint8Array;
  /** The bucket of lines past the miner's cap. */
  readonly other: boolean;
}

export interface LogPatternIndex {
  readonly minerVersion: number;
  /** The format detected from the first lines (formats/formats.ts names). */
  readonly format: string;
  readonly lineCount: number;
  /** true: every timestamp had a zone (UTC); false: none or some had none (wall-clock, "local-naive"); null: no timestamps. */
  readonly zoned: boolean | null;
  /** Minutes per histogram bucket: 1, or more for logs spanning more than MAX_HISTOGRAM_BUCKETS minutes. */
  readonly bucketMinutes: number;
  readonly patterns: IndexedPattern[];
  /** Bytes the index held while the text streamed (signature table and the two per-line streams). */
  readonly peakStateBytes: number;
}

/** Per signature, folded into its pattern at the end. */
interface SignatureStats {
  firstLine: number;
  lastLine: number;
  firstMs: number;
  lastMs: number;
  levels: Uint32Array;
}

export class LogPatternIndexer {
  private readonly scanner: LogPatternScanner;
  private readonly signatures: SignatureStats[] = [];
  private readonly other: SignatureStats = newStats(0);
  /** Per line: signature + 1 (0: the other bucket). */
  private readonly signatureStream = new VarintWriter(1 << 16);
  /** Per line: 0 without a time, else its minute's zig-zag distance from the last timed line's, plus one. */
  private readonly minuteStream = new VarintWriter(1 << 16);
  private lastMinute = 0;
  private minMinute = Infinity;
  private maxMinute = -Infinity;
  private zonedLines = 0;
  private timedLines = 0;

  constructor(options: MinerOptions & { defaultYear?: number } = {}) {
    this.scanner = new LogPatternScanner((line) => this.take(line), options);
  }

  push(piece: string): void {
    this.scanner.push(piece);
  }

  /** Bytes held now: the miner's signature table and the per-line streams. */
  get stateBytes(): number {
    return this.scanner.miner.stateBytes + this.signatureStream.byteLength + this.minuteStream.byteLength + this.signatures.length * 64;
  }

  private take(line: ScannedLine): void {
    let stats = line.signature === OTHER_SIGNATURE ? this.other : this.signatures[line.signature];
    if (!stats) this.signatures[line.signature] = stats = newStats(line.number);
    if (stats.firstLine === 0) stats.firstLine = line.number;
    stats.lastLine = line.number;
    if (line.parsed.level) stats.levels[LEVELS.indexOf(line.parsed.level)]!++;
    this.signatureStream.write(line.signature + 1);
    const time = line.parsed.timestampText === undefined ? undefined : this.scanner.lineParser!.time(line.parsed);
    if (!time) {
      this.minuteStream.write(0);
      return;
    }
    this.timedLines++;
    if (time.zoned) this.zonedLines++;
    if (time.ms < stats.firstMs) stats.firstMs = time.ms;
    if (time.ms > stats.lastMs) stats.lastMs = time.ms;
    const minute = Math.floor(time.ms / MS_PER_MINUTE);
    const delta = minute - this.lastMinute;
    this.minuteStream.write((delta >= 0 ? delta * 2 : -delta * 2 - 1) + 1);
    this.lastMinute = minute;
    if (minute < this.minMinute) this.minMinute = minute;
    if (minute > this.maxMinute) this.maxMinute = minute;
  }

  end(): LogPatternIndex {
    this.scanner.end();
    const peakStateBytes = this.stateBytes;
    const mined = this.scanner.miner.finish();
    const patternOf = (signature: number) => (signature < 0 ? mined.otherPattern : mined.patternOfSignature[signature]!);

    // Fold the signatures' stats into their patterns.
    const folded = mined.patterns.map(() => newStats(0));
    const fold = (stats: SignatureStats, into: SignatureStats) => {
      if (into.firstLine === 0 || stats.firstLine < into.firstLine) into.firstLine = stats.firstLine;
      into.lastLine = Math.max(into.lastLine, stats.lastLine);
      into.firstMs = Math.min(into.firstMs, stats.firstMs);
      into.lastMs = Math.max(into.lastMs, stats.lastMs);
      for (let i = 0; i < LEVELS.length; i++) into.levels[i]! += stats.levels[i]!;
    };
    this.signatures.forEach((stats, signature) => fold(stats, folded[patternOf(signature)]!));
    if (mined.otherPattern >= 0) fold(this.other, folded[mined.otherPattern]!);

    // Walk the per-line streams once: each pattern's line list and histogram.
    const span = this.maxMinute - this.minMinute + 1;
    const bucketMinutes = Number.isFinite(span) && span > MAX_HISTOGRAM_BUCKETS ? Math.ceil(span / MAX_HISTOGRAM_BUCKETS) : 1;
    const lineWriters = mined.patterns.map(() => new VarintWriter(16));
    const lastLineOf = new Float64Array(mined.patterns.length);
    const buckets = mined.patterns.map(() => new Map<number, number>());
    const runBucket = new Float64Array(mined.patterns.length).fill(NaN);
    const runCount = new Float64Array(mined.patterns.length);
    const addTo = (map: Map<number, number>, bucket: number, count: number) => map.set(bucket, (map.get(bucket) ?? 0) + count);
    // Read in place: a copy of each per-line stream would double their memory at the peak.
    const signatures = new VarintReader(this.signatureStream.view());
    const minutes = new VarintReader(this.minuteStream.view());
    let minute: number | undefined;
    let last = 0;
    for (let line = 1; !signatures.done; line++) {
      const pattern = patternOf(signatures.read() - 1);
      lineWriters[pattern]!.write(line - lastLineOf[pattern]!);
      lastLineOf[pattern] = line;
      const code = minutes.read();
      if (code > 0) {
        const zigzag = code - 1;
        last += zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
        minute = last;
      }
      // A line without a time (a stack trace's) counts in the minute of the last line that had one.
      if (minute !== undefined) {
        const bucket = Math.floor((minute - this.minMinute) / bucketMinutes);
        // Counted in a run while the pattern's lines stay in one bucket (they mostly do: time goes forward).
        if (bucket === runBucket[pattern]) runCount[pattern]!++;
        else {
          if (runCount[pattern]! > 0) addTo(buckets[pattern]!, runBucket[pattern]!, runCount[pattern]!);
          runBucket[pattern] = bucket;
          runCount[pattern] = 1;
        }
      }
    }
    for (let pattern = 0; pattern < buckets.length; pattern++) if (runCount[pattern]! > 0) addTo(buckets[pattern]!, runBucket[pattern]!, runCount[pattern]!);

    const patterns = mined.patterns.map((p): IndexedPattern => {
      const stats = folded[p.index]!;
      const sorted = [...buckets[p.index]!].sort((a, b) => a[0] - b[0]);
      const top = stats.levels.reduce((best, n, i) => (n > (stats.levels[best] ?? 0) ? i : best), 0);
      return {
        index: p.index,
        template: p.template,
        count: p.count,
        ...(stats.levels[top]! > 0 ? { level: LEVELS[top] } : {}),
        firstLine: stats.firstLine,
        lastLine: stats.lastLine,
        ...(Number.isFinite(stats.firstMs) ? { firstMs: stats.firstMs, lastMs: stats.lastMs } : {}),
        ...(sorted.length ? { histogramStart: this.minMinute + sorted[0]![0] * bucketMinutes } : {}),
        histogram: encodeHistogram(sorted),
        lines: lineWriters[p.index]!.bytes(),
        other: p.other === true,
      };
    });
    return {
      minerVersion: MINER_VERSION,
      format: this.scanner.initialFormat?.name ?? 'plain',
      lineCount: this.scanner.lines,
      zoned: this.timedLines === 0 ? null : this.zonedLines === this.timedLines,
      bucketMinutes,
      patterns,
      peakStateBytes,
    };
  }
}

function newStats(line: number): SignatureStats {
  return { firstLine: line, lastLine: line, firstMs: Infinity, lastMs: -Infinity, levels: new Uint32Array(LEVELS.length) };
}
