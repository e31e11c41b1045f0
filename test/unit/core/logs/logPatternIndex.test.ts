import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LogPatternIndexer, MAX_HISTOGRAM_BUCKETS } from '../../../../src/core/logs/patterns/logPatternIndex';
import { decodeHistogram, decodeLines, encodeLines, VarintReader, VarintWriter } from '../../../../src/core/logs/patterns/varint';
import { generateMessages, HEADERS } from './generatedLogs';

const START = Date.UTC(2026, 2, 14, 9, 0, 0);

/** A log4j-style log of generated messages, `stepMs` apart, with a stack trace after every 50th line. */
function buildLog(count: number, stepMs: number, header = 'log4j') {
  const lines: { text: string; template: number; ms?: number; level?: string }[] = [];
  generateMessages(count, 4).forEach((l, i) => {
    const ms = START + i * stepMs;
    const level = i % 10 === 0 ? 'error' : 'info';
    lines.push({ text: HEADERS[header]!(ms, level, l.message), template: l.template, ms, level });
    if (i % 50 === 49) lines.push({ text: '\tat com.example.Service.run(Service.java:42)', template: -1 });
  });
  return lines;
}

function index(text: string, pieceSize = 4096) {
  const indexer = new LogPatternIndexer();
  for (let at = 0; at < text.length; at += pieceSize) indexer.push(text.slice(at, at + pieceSize));
  return indexer.end();
}

describe('log pattern index', () => {
  it('varints and line lists round-trip, numbers up to 2^53 included', () => {
    const writer = new VarintWriter(1);
    const values = [0, 1, 127, 128, 300, 2 ** 31, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER];
    for (const v of values) writer.write(v);
    const reader = new VarintReader(writer.bytes());
    assert.deepEqual(values.map(() => reader.read()), values);
    assert.ok(reader.done);
    const lines = [1, 2, 3, 10, 1000, 1_000_000];
    assert.deepEqual(decodeLines(encodeLines(lines)), lines);
  });

  it('stores each pattern\'s exact line numbers, counts, first/last line and dominant level', () => {
    const log = buildLog(3000, 1000);
    const result = index(log.map((l) => l.text).join('\n') + '\n');
    assert.equal(result.lineCount, log.length);
    assert.equal(result.format, 'log4j');
    // Every line is in exactly one pattern's list, and each list holds the lines of one source template.
    const seen = new Set<number>();
    for (const p of result.patterns) {
      const lines = decodeLines(p.lines);
      assert.equal(lines.length, p.count, p.template);
      assert.equal(lines[0], p.firstLine);
      assert.equal(lines[lines.length - 1], p.lastLine);
      const templates = new Set(lines.map((n) => log[n - 1]!.template));
      assert.equal(templates.size, 1, `${p.template} mixes templates`);
      for (const n of lines) seen.add(n);
    }
    assert.equal(seen.size, log.length);
    const trace = result.patterns.find((p) => p.template.startsWith('at '))!;
    assert.equal(trace.count, 60);
    const session = result.patterns.find((p) => p.template === 'User <*> logged out')!;
    assert.equal(session.level, 'info');
  });

  it('per-minute histograms count each pattern\'s lines in the minute they were written (continuation lines in the last timed line\'s)', () => {
    const log = buildLog(600, 7_000);
    const result = index(log.map((l) => l.text).join('\r\n'));
    assert.equal(result.bucketMinutes, 1);
    assert.equal(result.zoned, false, 'log4j timestamps carry no zone: local-naive');
    let total = 0;
    for (const p of result.patterns) {
      const lines = decodeLines(p.lines);
      // The expected histogram: each line's minute (a stack trace line takes the previous timed line's).
      const expected = new Map<number, number>();
      for (const n of lines) {
        let k = n - 1;
        while (log[k]!.ms === undefined) k--;
        const minute = Math.floor(log[k]!.ms! / 60_000);
        expected.set(minute, (expected.get(minute) ?? 0) + 1);
      }
      const got = decodeHistogram(p.histogram, 0).map(([offset, n]) => [p.histogramStart! + offset, n]);
      assert.deepEqual(got, [...expected].sort((a, b) => a[0] - b[0]), p.template);
      total += got.reduce((sum, [, n]) => sum + n!, 0);
      if (!p.template.startsWith('at ')) {
        const times = lines.map((n) => log[n - 1]!.ms!);
        assert.equal(p.firstMs, Math.min(...times));
        assert.equal(p.lastMs, Math.max(...times));
      }
    }
    assert.equal(total, log.length);
  });

  it('counts a pattern\'s lines in their minutes when time goes back and forth', () => {
    const minutes = [0, 0, 1, 0, 5, 5, 1, 0, 0];
    const text = minutes.map((m) => `${new Date(START + m * 60_000).toISOString()} INFO job step done`).join('\n');
    const [pattern] = index(text).patterns;
    assert.deepEqual(decodeHistogram(pattern!.histogram, 0), [[0, 5], [1, 2], [5, 2]]);
    assert.equal(pattern!.histogramStart, START / 60_000);
  });

  it('UTC timestamps make the index zoned; a log over more than two weeks gets wider buckets', () => {
    const zoned = index(buildLog(200, 1000, 'isoZoned').map((l) => l.text).join('\n'));
    assert.equal(zoned.zoned, true);
    const long = buildLog(400, 2 * 3_600_000, 'isoZoned');
    const result = index(long.map((l) => l.text).join('\n'));
    const timed = long.filter((l) => l.ms !== undefined);
    const spanMinutes = (timed[timed.length - 1]!.ms! - timed[0]!.ms!) / 60_000 + 1;
    assert.equal(result.bucketMinutes, Math.ceil(spanMinutes / MAX_HISTOGRAM_BUCKETS));
    for (const p of result.patterns) assert.ok(decodeHistogram(p.histogram, 0).every(([offset]) => offset * result.bucketMinutes < spanMinutes));
  });

  it('a log without timestamps has patterns and no histograms', () => {
    const result = index(generateMessages(500, 2).map((l) => l.message).join('\n'));
    assert.equal(result.zoned, null);
    assert.ok(result.patterns.length > 5);
    for (const p of result.patterns) {
      assert.equal(p.histogramStart, undefined);
      assert.equal(p.histogram.length, 0);
      assert.equal(p.firstMs, undefined);
    }
  });

  it('a log led by a byte-order mark (kept as U+FEFF) gives the index of the same log without it: its first line is read as the others', () => {
    // Windows tools (Notepad, .NET's StreamWriter, PowerShell 5's Out-File) write UTF-8 logs with a BOM; concatenated
    // files can carry one mid-text, at a line's start.
    for (const header of ['log4j', 'syslog', 'json']) {
      const lines = buildLog(300, 1000, header).map((l) => l.text);
      const plain = index(lines.join('\n'));
      const withBom = index(`\uFEFF${lines.slice(0, 150).join('\n')}\n\uFEFF${lines.slice(150).join('\n')}`);
      assert.deepEqual({ ...withBom, peakStateBytes: 0 }, { ...plain, peakStateBytes: 0 }, header);
    }
  });

  it('the same log in any piece size gives the same index', () => {
    const text = buildLog(800, 1000).map((l) => l.text).join('\r\n');
    const whole = index(text, text.length);
    for (const size of [1, 7, 1000]) assert.deepEqual(index(text, size), { ...whole, peakStateBytes: index(text, size).peakStateBytes });
  });

  it('keeps a few bytes per line while streaming (1,000,000 lines: under 8 MB of state)', () => {
    const indexer = new LogPatternIndexer();
    const lines = generateMessages(1000, 8).map((l) => l.message);
    for (let i = 0; i < 1000; i++) indexer.push(lines.join('\n') + '\n');
    const result = indexer.end();
    assert.equal(result.lineCount, 1_000_000);
    assert.ok(result.peakStateBytes < 8 * 1024 * 1024, `${(result.peakStateBytes / 1024 / 1024).toFixed(1)} MB`);
  });

  it('holds no piece of the log: what it retains grows by its per-line streams only, not by the text read', () => {
    // The heap the indexer keeps alive, measured after a full collection (the pieces themselves are dropped by
    // the caller). A string cut from a piece (a signature key, a cached token) would keep the whole 1 MB piece.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const PIECE = 1024 * 1024;
    const letters = (n: number) => n.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)));
    /** A fresh 1 MB piece: logins with a new e-mail on every line (a token the full rules mask) and one new event. */
    const piece = (p: number) => {
      const lines = [`Worker pool resized for tenant ${letters(p + 1000)} after the nightly rebalancing run`];
      for (let size = lines[0]!.length; size < PIECE; size += lines[lines.length - 1]!.length + 1) lines.push(`Login accepted user=someone${p * 100_000 + lines.length}@example.com from the gateway`);
      return lines.join('\n') + '\n';
    };
    const indexer = new LogPatternIndexer();
    const retained = () => {
      gc();
      return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - indexer.stateBytes;
    };
    for (let p = 0; p < 4; p++) indexer.push(piece(p));
    const early = retained();
    for (let p = 4; p < 16; p++) indexer.push(piece(p));
    const late = retained();
    const grown = (late - early) / PIECE;
    assert.ok(grown < 3, `retained ${grown.toFixed(1)} MB more after 12 more MB of text (beyond its ${(indexer.stateBytes / PIECE).toFixed(1)} MB of state)`);
    // 16 signatures of the event (one per tenant) cluster into one pattern; the logins are the other.
    assert.deepEqual(indexer.end().patterns.map((p) => p.template), ['Worker pool resized for tenant <*> after the nightly rebalancing run', 'Login accepted user=<*> from the gateway']);
  });
});
