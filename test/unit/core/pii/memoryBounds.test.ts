// The streaming pieces promise bounded memory: a 1 GB log is scanned and redacted holding a window, not the log. The
// output tests cannot see a scanner that holds everything until end() (its spans are the same), so these measure
// what each one holds between calls, from its own state.
import * as assert from 'node:assert/strict';
import { createDetector } from '../../../../src/core/pii/detector';
import { RedactingStream } from '../../../../src/core/pii/redact';
import type { RedactionSpan } from '../../../../src/core/pii/redact';
import { MARGIN, PiiStreamScanner } from '../../../../src/core/pii/streamScanner';
import type { DetectedSpan } from '../../../../src/core/pii/types';
import { allTypes } from './piiCases';

const detector = createDetector(allTypes);
const WINDOW = MARGIN; // the smallest window: many windows in a small text
const WINDOWS = 40;

/** Lines of ~100 characters, one e-mail address on every 50th line, until `length`. */
function logLines(length: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const line = i % 50 === 0 ? `${String(i).padStart(6, '0')} INFO login by user${i}@example.org from the web console, session ok` : `${String(i).padStart(6, '0')} INFO request served in 12 ms, status 200, bytes 5120, cache hit, route /api/v1/items`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out;
}

describe('streaming PII pieces: memory stays bounded', () => {
  it('the stream scanner holds about a window, not the log, and reports spans as the text goes by', () => {
    const text = logLines(WINDOWS * WINDOW);
    const scanner = new PiiStreamScanner(detector, WINDOW);
    const piece = 4096;
    const bound = 2 * (WINDOW + MARGIN) + piece;
    const whole = detector.detect(text);
    const spans: DetectedSpan[] = [];
    let pushed = 0;
    let maxBuffered = 0;
    for (const p of pieces(text, piece)) {
      spans.push(...scanner.push(p));
      pushed += p.length;
      maxBuffered = Math.max(maxBuffered, scanner.buffered);
      // Everything but the last window or two is decided, and its spans already reported.
      assert.ok(scanner.decided >= pushed - bound, `decided ${scanner.decided} of ${pushed} pushed`);
      const expectedSoFar = whole.filter((s) => s.end <= scanner.decided).length;
      assert.ok(spans.length >= expectedSoFar, `${spans.length} spans reported by ${scanner.decided}, ${expectedSoFar} expected`);
    }
    assert.ok(maxBuffered <= bound, `held ${maxBuffered} characters of ${text.length}, bound ${bound}`);
    spans.push(...scanner.end());
    assert.deepEqual(spans, whole);
  });

  it('in a log without any personal data, the decided offset still follows the text', () => {
    const text = logLines(WINDOWS * WINDOW).replace(/user\d+@example\.org/g, 'a user');
    const scanner = new PiiStreamScanner(detector, WINDOW);
    let pushed = 0;
    for (const p of pieces(text, 4096)) {
      assert.deepEqual(scanner.push(p), []);
      pushed += p.length;
    }
    assert.ok(scanner.decided >= pushed - 2 * (WINDOW + MARGIN) - 4096, `decided ${scanner.decided} of ${pushed}`);
  });

  it('a line longer than longLine is cut: the scanner holds about longLine, not the line', () => {
    const longLine = WINDOW + MARGIN;
    const line = 'x'.repeat(20 * longLine); // no value in it, no line break
    const scanner = new PiiStreamScanner(detector, WINDOW, longLine);
    let maxBuffered = 0;
    for (const p of pieces(`${line}\nend\n`, 4096)) {
      assert.deepEqual(scanner.push(p), []);
      maxBuffered = Math.max(maxBuffered, scanner.buffered);
    }
    assert.ok(maxBuffered <= longLine + WINDOW + 4096, `held ${maxBuffered} of ${line.length}`);
    assert.deepEqual(scanner.end(), []);
  });

  it('a long line under longLine is held whole until it ends, then let go', () => {
    const line = `${'y'.repeat(3 * WINDOW)} jane.doe@example.org`;
    const scanner = new PiiStreamScanner(detector, WINDOW, 10 * WINDOW);
    for (const p of pieces(line, 1000)) assert.deepEqual(scanner.push(p), []);
    assert.equal(scanner.buffered, line.length);
    const spans = scanner.push(`\n${logLines(3 * WINDOW)}`);
    assert.equal(spans[0]?.value, 'jane.doe@example.org');
    assert.ok(scanner.buffered < 2 * (WINDOW + MARGIN), `held ${scanner.buffered}`);
  });

  it('RedactingStream holds only a span not complete yet: less than the longest span', () => {
    const text = logLines(20 * WINDOW);
    const spans: RedactionSpan[] = detector.detect(text).map(({ start, end, replacement }) => ({ start, end, replacement }));
    assert.ok(spans.length > 50);
    const longest = Math.max(...spans.map((s) => s.end - s.start));
    const stream = new RedactingStream(spans);
    const out: string[] = [];
    let maxBuffered = 0;
    for (const p of pieces(text, 7)) {
      out.push(stream.push(p));
      maxBuffered = Math.max(maxBuffered, stream.buffered);
    }
    out.push(stream.end());
    assert.ok(maxBuffered < longest, `held ${maxBuffered}, longest span ${longest}`);
    assert.equal(stream.buffered, 0);
    assert.ok(!out.join('').includes('@example.org'));
  });

  it('RedactingStream lets go of text at once when no span is open', () => {
    const stream = new RedactingStream([{ start: 10, end: 20, replacement: '[X]' }]);
    assert.equal(stream.push('0123456'), '0123456');
    assert.equal(stream.buffered, 0);
    assert.equal(stream.push('789abc'), '789');
    assert.equal(stream.buffered, 3); // "abc": the span [10, 20) has begun
    assert.equal(stream.push('defghijklmn'), '[X]klmn');
    assert.equal(stream.buffered, 0);
    assert.equal(stream.end(), '');
  });
});
