// Overlap resolution picks which replacement is shown, never which characters are hidden: the spans the detector
// returns cover the union of every candidate any rule or custom pattern found, so adding a pattern never exposes a
// character that was redacted without it.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createDetector } from '../../../../src/core/pii/detector';
import { redactText } from '../../../../src/core/pii/redact';
import { compileCustomPatterns, scanCustom } from '../../../../src/core/pii/rules/custom';
import type { CustomPattern, DetectedSpan } from '../../../../src/core/pii/types';
import { allTypes } from './piiCases';
import { propertyRuns } from './propertyRuns';

/** The set of code-unit offsets covered by the spans. */
function covered(spans: readonly { start: number; end: number }[]): Set<number> {
  const at = new Set<number>();
  for (const s of spans) for (let i = s.start; i < s.end; i++) at.add(i);
  return at;
}

function missing(expected: Set<number>, actual: Set<number>): number[] {
  return [...expected].filter((i) => !actual.has(i)).sort((a, b) => a - b);
}

function customMatches(text: string, patterns: readonly CustomPattern[]): DetectedSpan[] {
  const spans: DetectedSpan[] = [];
  for (const pattern of compileCustomPatterns(patterns).compiled) scanCustom(pattern, text, (s) => spans.push(s));
  return spans;
}

function assertDisjointInOrder(spans: readonly DetectedSpan[]): void {
  for (let i = 1; i < spans.length; i++) assert.ok((spans[i - 1] as DetectedSpan).end <= (spans[i] as DetectedSpan).start, `spans ${i - 1} and ${i} overlap`);
}

describe('PII detector: overlapping findings hide their union', () => {
  it('custom patterns that cover part of a password, a card and an e-mail leave none of them visible', () => {
    const text = 'password=Tr0ub4dor&3 4111111111111111 bob@example.com';
    const detector = createDetector({ customPatterns: [{ name: 'pw', pattern: 'Tr0ub' }, { name: 'cc', pattern: '4111' }, { name: 'u', pattern: 'bob' }] });
    const redacted = redactText(text, detector.detect(text));
    assert.equal(redacted, 'password=[pw] [cc] [u]');
  });

  it('a high-priority finding inside a longer one leaves no part of the longer one visible on either side', () => {
    // The key/value rule covers the whole value; the custom pattern only its middle.
    const text = 'client_secret=AAAAmiddleZZZZ done';
    const spans = createDetector({ customPatterns: [{ name: 'mid', pattern: 'middle' }] }).detect(text);
    const redacted = redactText(text, spans);
    assert.doesNotMatch(redacted, /AAAA|ZZZZ|middle/);
    assert.match(redacted, /^client_secret=.* done$/);
    assertDisjointInOrder(spans);
  });

  it('two findings chosen inside one longer finding: the text between them stays hidden', () => {
    const text = 'password=aaaa1111bbbb2222cccc3333 end';
    const spans = createDetector({ customPatterns: [{ name: 'a', pattern: 'aaaa1111' }, { name: 'c', pattern: 'cccc3333' }] }).detect(text);
    assert.equal(redactText(text, spans), 'password=[a][c] end');
    assertDisjointInOrder(spans);
  });

  it('the same candidates give the same spans whatever order the patterns are listed in', () => {
    const text = 'password=Tr0ub4dor&3 4111111111111111 bob@example.com';
    const patterns = [{ name: 'pw', pattern: 'Tr0ub' }, { name: 'cc', pattern: '4111' }, { name: 'u', pattern: 'bob' }];
    const forward = createDetector({ customPatterns: patterns }).detect(text);
    const backward = createDetector({ customPatterns: [...patterns].reverse() }).detect(text);
    assert.deepEqual(backward, forward);
  });

  describe('properties', () => {
    const VALUES = [
      'jane.doe@example.org',
      '192.168.10.20',
      '4111 1111 1111 1111',
      'password=Tr0ub4dor&3',
      'api_key=Zk93LmQpR2x8VbN4sT6w',
      'https://alice:s3cretPw@db.example.com/app',
      'Authorization: Bearer abcDEF123456ghiJKL789',
      'AKIAQWERTYUIOPASDFGH',
      '123-45-6789',
      'api.internal.example.com',
    ];
    const word = fc.string({ unit: fc.constantFrom(...'abcxyz0123456789.:-_=@/'), minLength: 1, maxLength: 8 });
    const text = fc
      .array(fc.tuple(fc.oneof(word, fc.constantFrom(...VALUES)), fc.constantFrom(' ', '\n', '=', ': ', '"')), { minLength: 1, maxLength: 30 })
      .map((parts) => parts.map(([p, sep]) => p + sep).join(''));
    const escape = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    /** Literal pieces of the text (so they overlap built-in findings) and a few character-class patterns. */
    const patternsFor = (t: string) =>
      fc.array(
        fc.oneof(
          fc.tuple(fc.nat(t.length), fc.integer({ min: 1, max: 12 })).map(([at, len]) => t.slice(at, at + len)).filter((s) => s.length > 0).map(escape),
          fc.constantFrom('[0-9]{3,}', '[a-z]+@', 'Tr0ub', 'example', '[A-Z]{4}', '=[^ ]{2,6}', '1111 1111', '\\.[a-z]{2,}'),
        ),
        { minLength: 1, maxLength: 5 },
      ).map((list) => list.map((pattern, i) => ({ name: `p${i}`, pattern })));

    it('with any set of custom patterns, the spans cover every built-in finding and every pattern match', function () {
      this.timeout(60_000);
      const plain = createDetector(allTypes);
      fc.assert(
        fc.property(text.chain((t) => fc.tuple(fc.constant(t), patternsFor(t))), ([t, patterns]) => {
          const spans = createDetector({ ...allTypes, customPatterns: patterns }).detect(t);
          assertDisjointInOrder(spans);
          const expected = covered([...plain.detect(t), ...customMatches(t, patterns)]);
          assert.deepEqual(missing(expected, covered(spans)), [], `exposed offsets in ${JSON.stringify(t)} with ${JSON.stringify(patterns)}`);
          for (const s of spans) assert.equal(s.value, t.slice(s.start, s.end));
        }),
        { numRuns: propertyRuns(400) },
      );
    });

    it('adding a pattern never exposes a character that was redacted without it', function () {
      this.timeout(60_000);
      fc.assert(
        fc.property(text.chain((t) => fc.tuple(fc.constant(t), patternsFor(t), patternsFor(t))), ([t, some, more]) => {
          const before = covered(createDetector({ ...allTypes, customPatterns: some }).detect(t));
          const renamed = more.map((p, i) => ({ name: `q${i}`, pattern: p.pattern }));
          const after = covered(createDetector({ ...allTypes, customPatterns: [...some, ...renamed] }).detect(t));
          assert.deepEqual(missing(before, after), []);
        }),
        { numRuns: propertyRuns(300) },
      );
    });
  });
});
