// The user's own patterns (rules/custom.ts): what is refused, with the message the settings show, and the exact spans
// of what is accepted (synthetic values only).
import * as assert from 'node:assert/strict';
import { createDetector } from '../../../../src/core/pii/detector';
import type { CustomPattern } from '../../../../src/core/pii/types';

const NAME_RULE = 'The name must be 1–40 letters, digits, _ or -.';

describe('PII detector: custom patterns', () => {
  it('refuses each bad entry with the message the user reads, and keeps the good ones', () => {
    const detector = createDetector({
      enabledTypes: [],
      customPatterns: [
        { name: '', pattern: 'x' },
        { name: 'a'.repeat(40), pattern: 'q{2}' }, // 40 characters: the longest name
        { name: 'b'.repeat(41), pattern: 'x' },
        { name: 'long', pattern: 'a'.repeat(2001) },
        { name: 'max', pattern: 'k'.repeat(2000) }, // 2000 characters: the longest pattern
        { name: 'empty', pattern: '' },
        { name: 'bad', pattern: '(a)\\1' },
        { name: 'emptyMatch', pattern: 'z*' },
        { pattern: 'x' } as unknown as CustomPattern, // settings edited by hand: no name
        { name: 7, pattern: 'x' } as unknown as CustomPattern,
        { name: 'notText', pattern: 5 } as unknown as CustomPattern,
        null as unknown as CustomPattern,
        { name: 'dash-ok_1', pattern: 'ab' },
      ],
    });
    const problems = detector.problems.map((p) => ({ ...p, message: p.name === 'bad' ? p.message.slice(0, 25) : p.message }));
    assert.deepEqual(problems, [
      { name: '(unnamed)', message: NAME_RULE },
      { name: 'b'.repeat(41), message: NAME_RULE },
      { name: 'long', message: 'The pattern is longer than 2000 characters.' },
      { name: 'empty', message: 'The pattern is empty.' },
      { name: 'bad', message: 'Not a valid RE2 pattern: ' },
      { name: 'emptyMatch', message: 'The pattern matches the empty string.' },
      { name: '(unnamed)', message: NAME_RULE },
      { name: '(unnamed)', message: NAME_RULE },
      { name: 'notText', message: 'The pattern is empty.' },
      { name: '(unnamed)', message: NAME_RULE },
    ]);
    assert.match(detector.problems.find((p) => p.name === 'bad')?.message ?? '', /\\1/, 'the RE2 error says what is wrong');
    const text = `qq ab ${'k'.repeat(2000)}`;
    assert.deepEqual(detector.detect(text).map((s) => [s.type, s.start, s.end, s.replacement]), [
      [`Custom:${'a'.repeat(40)}`, 0, 2, `[${'a'.repeat(40)}]`],
      ['Custom:dash-ok_1', 3, 5, '[dash-ok_1]'],
      ['Custom:max', 6, 2006, '[max]'],
    ]);
  });

  it('a name is trimmed of the spaces around it', () => {
    const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: '  Ticket  ', pattern: 'TCK-[0-9]+' }] });
    assert.deepEqual(detector.problems, []);
    assert.deepEqual(detector.detect('TCK-1')[0]?.type, 'Custom:Ticket');
  });

  it('finds matches that touch each other and one that ends the text, each whole', () => {
    const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'Ticket', pattern: 'TCK-[0-9]+' }] });
    assert.deepEqual(detector.detect('TCK-1TCK-22 x TCK-3').map((s) => [s.start, s.end, s.value]), [
      [0, 5, 'TCK-1'],
      [5, 11, 'TCK-22'],
      [14, 19, 'TCK-3'],
    ]);
  });

  it('a pattern that may match empty elsewhere is refused, not run (it would match between every character)', () => {
    const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'maybe', pattern: 'a|' }] });
    assert.deepEqual(detector.problems, [{ name: 'maybe', message: 'The pattern matches the empty string.' }]);
    assert.deepEqual(detector.detect('a b a'), []);
  });

  it('a pattern that matches empty only at some places (a word boundary) is run: its empty matches are skipped, the others found', () => {
    for (const [pattern, expected] of [
      ['\\b', []],
      ['\\b(?:TCK-[0-9]+)?', [[3, 9, 'TCK-12']]],
      ['\\bq?', [[10, 11, 'q']]],
    ] as const) {
      const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'edge', pattern }] });
      assert.deepEqual(detector.problems, [], pattern);
      assert.deepEqual(detector.detect('ab TCK-12 q').map((s) => [s.start, s.end, s.value]), expected, pattern);
    }
  });
});
