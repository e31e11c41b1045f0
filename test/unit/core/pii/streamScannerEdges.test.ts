// The stream scanner's edges that its output properties do not pin: how much work it does per character, the
// smallest window, and a value cut at a window edge — continued for as long as its own kind of characters go on,
// and not a character further.
import * as assert from 'node:assert/strict';
import type { PiiDetector } from '../../../../src/core/pii/detector';
import { createDetector } from '../../../../src/core/pii/detector';
import { redactText } from '../../../../src/core/pii/redact';
import { MARGIN, PiiStreamScanner } from '../../../../src/core/pii/streamScanner';
import type { DetectedSpan } from '../../../../src/core/pii/types';
import { allTypes } from './piiCases';

/** A detector that counts the characters it is asked to scan. */
function counting(detector: PiiDetector): PiiDetector & { scanned: number } {
  const wrapper = {
    scanned: 0,
    problems: detector.problems,
    detect(text: string) {
      wrapper.scanned += text.length;
      return detector.detect(text);
    },
  };
  return wrapper;
}

function streamed(detector: PiiDetector, text: string, window: number, longLine?: number, piece = 1000): DetectedSpan[] {
  const scanner = new PiiStreamScanner(detector, window, longLine);
  const spans: DetectedSpan[] = [];
  for (let at = 0; at < text.length; at += piece) spans.push(...scanner.push(text.slice(at, at + piece)));
  spans.push(...scanner.end());
  return spans;
}

const lines = (count: number) => Array.from({ length: count }, (_, i) => `${i} INFO served /api/items in 12 ms, user${i}@example.org`).join('\n');

describe('PiiStreamScanner: work, window and values cut at a window edge', () => {
  it('scans each character about once (a window plus its margin per window), however small the pieces', () => {
    const detector = counting(createDetector(allTypes));
    const text = lines(8000);
    const spans = streamed(detector, text, MARGIN, undefined, 50);
    assert.deepEqual(spans, createDetector(allTypes).detect(text));
    assert.ok(detector.scanned <= 3 * text.length, `scanned ${detector.scanned} characters of ${text.length}`);
  });

  it('a window smaller than the margin is raised to it: nothing is decided before a window and a margin arrive', () => {
    const scanner = new PiiStreamScanner(createDetector(allTypes), 10);
    const text = lines(2000);
    scanner.push(text.slice(0, MARGIN + 100));
    assert.equal(scanner.decided, 0);
    scanner.push(text.slice(MARGIN + 100, 2 * MARGIN + 10));
    assert.ok(scanner.decided > 0);
  });

  it('a value cut where a long line is cut goes on while its characters do (digits: not into letters; letters: not into digits)', () => {
    const digits = createDetector({ enabledTypes: [], customPatterns: [{ name: 'num', pattern: '[0-9]+' }] });
    const letters = createDetector({ enabledTypes: [], customPatterns: [{ name: 'word', pattern: '[a-z]+' }] });
    const window = MARGIN;
    const longLine = window + MARGIN;
    const digitLine = `${'7'.repeat(3 * longLine)}abc\n`;
    assert.match(redactText(digitLine, streamed(digits, digitLine, window, longLine)), /^(\[num\])+abc\n$/);
    const letterLine = `${'q'.repeat(3 * longLine)}123\n`;
    assert.match(redactText(letterLine, streamed(letters, letterLine, window, longLine)), /^(\[word\])+123\n$/);
  });

  it('a token cut at a window edge goes on through base64 punctuation it had not shown yet, then stops', () => {
    const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'tok', pattern: '[A-Za-z0-9]{20,}' }] });
    const window = MARGIN;
    const longLine = window + MARGIN;
    const token = `${'Ab3'.repeat(longLine)}+/=${'Zz9'.repeat(100)}`;
    const text = `key ${token} tail visible\n`;
    const redacted = redactText(text, streamed(detector, text, window, longLine));
    assert.match(redacted, /^key (\[tok\])+ tail visible\n$/, redacted.slice(0, 100));
  });

  it('a value running over many windows, recognisable only by its start, stays hidden to its end; the text after it stays visible', () => {
    const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'tok', pattern: 'secret=[a-z0-9]+' }] });
    const window = MARGIN;
    const longLine = window + MARGIN;
    const words = Array.from({ length: 3000 }, (_, i) => `plain words line ${i}`).join('\n');
    const text = `x secret=${'k3'.repeat(4 * longLine)} tail\n${words}\n`;
    const redacted = redactText(text, streamed(detector, text, window, longLine));
    assert.equal(redacted.replace(/(\[tok\])+/, '[tok]'), `x [tok] tail\n${words}\n`);
  });

  it('a letters-only value cut at a window edge goes on through base64 punctuation', () => {
    const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'word', pattern: '[a-z]{20,}' }] });
    const window = MARGIN;
    const longLine = window + MARGIN;
    const text = `${'q'.repeat(3 * longLine)}+/=${'z'.repeat(50)} tail\n`;
    assert.match(redactText(text, streamed(detector, text, window, longLine)), /^(\[word\])+ tail\n$/);
  });
});
