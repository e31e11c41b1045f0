// Values longer than the stream scanner's window (a base64 blob, a secret pasted whole into one line): the streamed
// scan must hide every character the whole-text scan hides — nothing past a window edge stays visible.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { PiiDetector } from '../../../../src/core/pii/detector';
import { createDetector } from '../../../../src/core/pii/detector';
import { RedactingStream } from '../../../../src/core/pii/redact';
import { LONG_LINE, MARGIN, PiiStreamScanner } from '../../../../src/core/pii/streamScanner';
import type { DetectedSpan } from '../../../../src/core/pii/types';
import { chunked } from './piiCases';
import { propertyRuns, underMutationTesting } from './propertyRuns';

function scanStreamed(detector: PiiDetector, pieces: readonly string[], window?: number, longLine?: number): DetectedSpan[] {
  const scanner = new PiiStreamScanner(detector, window, longLine);
  const spans: DetectedSpan[] = [];
  for (const piece of pieces) for (const span of scanner.push(piece)) spans.push(span);
  for (const span of scanner.end()) spans.push(span);
  return spans;
}

function redactStreamed(pieces: readonly string[], spans: readonly DetectedSpan[]): string {
  const stream = new RedactingStream(spans);
  return pieces.map((p) => stream.push(p)).join('') + stream.end();
}

function inPieces(text: string, size: number): string[] {
  return Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
}

/** Offsets the spans cover, as sorted disjoint ranges. */
function coverage(spans: readonly DetectedSpan[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const { start, end } of [...spans].sort((a, b) => a.start - b.start)) {
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}

function uncoveredInside(outer: Array<[number, number]>, inner: Array<[number, number]>): number {
  let exposed = 0;
  for (const [s, e] of outer) {
    for (let i = s; i < e; i++) if (!inner.some(([a, b]) => i >= a && i < b)) exposed++;
  }
  return exposed;
}

/** A pseudo-random base64 run (deterministic). */
function base64(length: number, seed = 7): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += alphabet[(x >>> 16) % 64];
  }
  return out;
}

describe('PiiStreamScanner: values longer than a window', () => {
  it('a 3.2 MB base64 line matched by a custom pattern is redacted whole, as in the whole text', function () {
    this.timeout(60_000);
    const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'blob', pattern: 'blob=[A-Za-z0-9+/]{100,}' }] });
    // Longer than a window, shorter than the longest line held whole; a tenth of each under mutation testing.
    const scale = underMutationTesting ? 10 : 1;
    const text = `start\n{"attachment":"blob=${base64(3_200_000 / scale)}","done":true}\nend 10.0.0.1\n`;
    const pieces = inPieces(text, 64 * 1024);
    const spans = scanStreamed(detector, pieces, 1024 * 1024 / scale, LONG_LINE / scale);
    assert.deepEqual(coverage(spans), coverage(detector.detect(text)));
    assert.equal(redactStreamed(pieces, spans), 'start\n{"attachment":"[blob]","done":true}\nend 10.0.0.1\n');
  });

  it('past the longest line scanned whole, a value reaching the cut is continued: nothing of it stays visible', function () {
    this.timeout(60_000);
    const detector = createDetector({ customPatterns: [{ name: 'blob', pattern: 'blob=[A-Za-z0-9+/]{100,}' }] });
    const blob = base64(400_000, 3);
    const text = `a line\nblob=${blob} after the blob, mail jane.doe@example.org ${'blob='}${base64(300_000, 5)} tail ok\nnext line\n`;
    for (const [window, longLine] of [[20_000, 64_000], [MARGIN, 2 * MARGIN], [50_000, 100_000]] as const) {
      const pieces = inPieces(text, 4096);
      const spans = scanStreamed(detector, pieces, window, longLine);
      const redacted = redactStreamed(pieces, spans);
      // Each window's piece of a continued value is replaced on its own.
      assert.match(redacted, /^a line\n(\[blob\])+ after the blob, mail \[Email\] (\[blob\])+ tail ok\nnext line\n$/, `window ${window}, long line ${longLine}`);
      assert.equal(uncoveredInside(coverage(detector.detect(text)), coverage(spans)), 0);
    }
  });

  it('a multi-line value longer than the re-scanned margin (a PEM body with no footer) is continued across line-boundary cuts', function () {
    this.timeout(60_000);
    const detector = createDetector();
    const body = Array.from({ length: 3000 }, (_, i) => base64(64, i + 1)).join('\n');
    const text = `start\n-----BEGIN RSA PRIVATE KEY-----\n${body}\n[next] entry ok\n`;
    const whole = coverage(detector.detect(text));
    assert.ok(whole.some(([s, e]) => e - s > 100_000), 'the whole-text scan reports the body as one value');
    for (const window of [MARGIN, 50_000]) {
      const spans = scanStreamed(detector, inPieces(text, 8192), window);
      assert.equal(uncoveredInside(whole, coverage(spans)), 0, `window ${window}`);
    }
  });

  it('a continued value is reported in pieces of its own type that join without a gap', () => {
    const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'blob', pattern: 'blob=[A-Za-z0-9+/]{100,}' }] });
    const text = `blob=${base64(200_000)} end\n`;
    const spans = scanStreamed(detector, inPieces(text, 1000), 20_000, 40_000);
    assert.ok(spans.length > 1, 'the value crosses several windows');
    assert.ok(spans.every((s) => s.type === 'Custom:blob' && s.value === text.slice(s.start, s.end)));
    assert.deepEqual(coverage(spans), [[0, text.indexOf(' end')]]);
  });

  it('a line shorter than the long-line limit is scanned exactly as the whole text, however many windows it spans', () => {
    const detector = createDetector();
    const text = `x\n{"k":"${'v'.repeat(90_000)}","password":"${base64(70_000, 9)}","mail":"jane.doe@example.org"}\ny\n`;
    const pieces = inPieces(text, 3000);
    assert.deepEqual(scanStreamed(detector, pieces, 10_000, 1_000_000), detector.detect(text));
  });

  it('property: over any chunking, window and long-line limit, the streamed spans hide all the whole-text spans hide', function () {
    this.timeout(120_000);
    const detector = createDetector({ customPatterns: [{ name: 'blob', pattern: 'blob=[A-Za-z0-9+/]{100,}' }] });
    const part = fc.oneof(
      fc.constantFrom('jane.doe@example.org', '10.20.30.40', 'password=Tr0ub4dor&3', 'ok', 'INFO', '\n'),
      fc.integer({ min: 200, max: 60_000 }).map((n) => `blob=${base64(n, n)}`),
      fc.integer({ min: 200, max: 40_000 }).map((n) => `secret=${base64(n, n + 1)}`),
    );
    fc.assert(
      fc.property(
        // Values end at a space, a line end or a quote: past a cut, a value is continued over the characters it is made
        // of, so one glued to the next by a character it never held (a=b) may end a little sooner than in the whole text.
        fc.array(fc.tuple(part, fc.constantFrom(' ', '\n', '", "')), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 3 * MARGIN }),
        fc.integer({ min: 1, max: 6 * MARGIN }),
        (parts, cuts, window, longLine) => {
          const text = `${parts.map(([p, sep]) => p + sep).join('')}\n`;
          const pieces = chunked(text, cuts);
          const spans = scanStreamed(detector, pieces, window, longLine);
          for (let i = 1; i < spans.length; i++) assert.ok((spans[i - 1] as DetectedSpan).end <= (spans[i] as DetectedSpan).start, 'spans in order, disjoint');
          assert.equal(uncoveredInside(coverage(detector.detect(text)), coverage(spans)), 0);
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  });
});
