// Properties of detect() over arbitrary text: well-formed spans, deterministic output, UTF-16 offsets throughout.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createDetector } from '../../../../src/core/pii/detector';
import { replacementFor } from '../../../../src/core/pii/types';
import { allTypes } from './piiCases';
import { propertyRuns } from './propertyRuns';

const detector = createDetector({ ...allTypes, customPatterns: [{ name: 'EmployeeId', pattern: 'EMP-\\d{4,8}' }, { name: 'AnyX', pattern: 'x.' }] });

const FRAGMENTS = [
  'jane.doe@example.org',
  '192.168.10.20',
  '2001:db8::1',
  '00:1A:2B:3C:4D:5E',
  '123-45-6789',
  '4111 1111 1111 1111',
  'password=',
  'api_key=',
  ' is ',
  'https://',
  'user:pw@',
  '://',
  '@',
  '.',
  ':',
  '-',
  '::',
  'Bearer ',
  'eyJ',
  '-----BEGIN PRIVATE KEY-----',
  '-----END PRIVATE KEY-----',
  'EMP-12345',
  'AKIA',
  '😀',
  '日本',
  'é',
  '\uFEFF',
  '\uFFFD',
  '\r\n',
];
/** Arbitrary Unicode (lone surrogates included) mixed with pieces that start or end PII shapes. */
const text = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom(...FRAGMENTS), fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF.:-_@/= '), maxLength: 20 })), { maxLength: 40 }).map((parts) => parts.join(''));

describe('PII detector: properties', () => {
  it('spans are in bounds, sorted, disjoint, non-empty, and carry their text and replacement', () => {
    fc.assert(
      fc.property(text, (t) => {
        const spans = detector.detect(t);
        let previousEnd = 0;
        for (const span of spans) {
          assert.ok(span.start >= previousEnd && span.start < span.end && span.end <= t.length, JSON.stringify(span));
          assert.equal(t.slice(span.start, span.end), span.value);
          assert.equal(span.replacement, replacementFor(span.type));
          previousEnd = span.end;
        }
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it('the same text gives the same spans, from the same or a fresh detector', () => {
    fc.assert(
      fc.property(text, (t) => {
        const first = detector.detect(t);
        assert.deepEqual(detector.detect(t), first);
        assert.deepEqual(createDetector({ ...allTypes, customPatterns: [{ name: 'EmployeeId', pattern: 'EMP-\\d{4,8}' }, { name: 'AnyX', pattern: 'x.' }] }).detect(t), first);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('a prefix of any Unicode text shifts every span by its UTF-16 length', () => {
    // Separated by a line break, so the prefix cannot join a value; offsets move by prefix.length exactly.
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('😀', '日', 'é', ' ', 'a', '\uFEFF', '𝔘'), maxLength: 30 }), text, (prefix, t) => {
        const alone = detector.detect(`\n${t}`);
        const shifted = detector.detect(`${prefix}\n${t}`).filter((s) => s.start > prefix.length);
        assert.deepEqual(
          shifted.map((s) => ({ ...s, start: s.start - prefix.length, end: s.end - prefix.length })),
          alone.filter((s) => s.start > 0),
        );
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});
