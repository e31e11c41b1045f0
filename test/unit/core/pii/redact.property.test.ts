// Property tests of redaction: nothing a span covers survives, nothing else is lost, streaming equals the whole.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { RedactionSpan } from '../../../../src/core/pii/redact';
import { mergeSpans, RedactingStream, redactText } from '../../../../src/core/pii/redact';
import { allTypes, chunked, detect } from './piiCases';
import { propertyRuns } from './propertyRuns';

function redactStreamed(pieces: string[], spans: RedactionSpan[]): string {
  const stream = new RedactingStream(spans);
  return pieces.map((piece) => stream.push(piece)).join('') + stream.end();
}

// Filler uses only a, b, space and newline; secrets only digits; replacements look like <xyz>: each part of the
// output can be told apart.
const filler = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n'), maxLength: 12 });
const secret = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 10 });
const replacement = fc.string({ unit: fc.constantFrom('x', 'y', 'z'), maxLength: 3 }).map((s) => `<${s}>`);
const REPLACEMENT = /<[xyz]*>/g;

/** A text of filler and secrets, with a span over each secret plus random extra spans (overlapping, out of range). */
const textWithSpans = fc
  .tuple(fc.array(fc.tuple(filler, secret, replacement), { maxLength: 12 }), filler)
  .chain(([parts, tail]) => {
    let text = '';
    const secretSpans: RedactionSpan[] = [];
    for (const [before, value, rep] of parts) {
      text += before;
      secretSpans.push({ start: text.length, end: text.length + value.length, replacement: rep });
      text += value;
    }
    text += tail;
    const extra = fc.array(
      fc.tuple(fc.integer({ min: -3, max: text.length + 3 }), fc.integer({ min: 0, max: 12 }), replacement).map(([start, length, rep]) => ({ start, end: start + length, replacement: rep })),
      { maxLength: 6 },
    );
    return fc.tuple(fc.constant(text), fc.constant(secretSpans), extra);
  });

/** The characters no span covers, in order. */
function uncovered(text: string, spans: readonly RedactionSpan[]): string {
  return [...text].filter((_, i) => !spans.some((s) => s.start <= i && i < s.end)).join('');
}

describe('redaction: properties', () => {
  it('nothing a span covers survives, and everything else does, in order', () => {
    fc.assert(
      fc.property(textWithSpans, ([text, secretSpans, extra]) => {
        const spans = [...extra, ...secretSpans];
        const out = redactText(text, spans);
        assert.doesNotMatch(out, /\d/, 'a digit of a redacted secret leaked');
        assert.equal(out.replace(REPLACEMENT, ''), uncovered(text, spans));
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('the order the spans are given in does not matter', () => {
    fc.assert(
      fc.property(textWithSpans, fc.integer(), ([text, secretSpans, extra], seed) => {
        const spans = [...secretSpans, ...extra];
        const shuffled = [...spans].sort((a, b) => ((a.start * 31 + a.end + seed) % 7) - ((b.start * 31 + b.end + seed) % 7));
        const count = (out: string) => out.match(REPLACEMENT)?.length ?? 0;
        assert.equal(redactText(text, shuffled).replace(REPLACEMENT, ''), redactText(text, spans).replace(REPLACEMENT, ''));
        assert.equal(count(redactText(text, shuffled)), count(redactText(text, spans)));
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('RedactingStream over any chunking equals redactText', () => {
    fc.assert(
      fc.property(textWithSpans, fc.array(fc.nat(), { maxLength: 10 }), ([text, secretSpans, extra], cuts) => {
        // Spans inside the text, as a scan produces them (past its end, see the next test).
        const spans = [...secretSpans, ...extra].map((s) => ({ ...s, start: Math.max(0, s.start), end: Math.min(text.length, s.end) }));
        assert.equal(redactStreamed(chunked(text, cuts), spans), redactText(text, spans));
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('RedactingStream hides the same text as redactText when spans reach past the end', () => {
    fc.assert(
      fc.property(textWithSpans, fc.array(fc.nat(), { maxLength: 10 }), ([text, secretSpans, extra], cuts) => {
        const spans = [...secretSpans, ...extra];
        const streamed = redactStreamed(chunked(text, cuts), spans);
        assert.doesNotMatch(streamed, /\d/);
        assert.equal(streamed.replace(REPLACEMENT, ''), redactText(text, spans).replace(REPLACEMENT, ''));
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('inserted PII values never survive redaction of what the detector found', () => {
    const values = [
      'jane.doe@example.org',
      '192.168.10.20',
      '2001:db8:85a3::8a2e:370:7334',
      '00:1A:2B:3C:4D:5E',
      '123-45-6789',
      '4111 1111 1111 1111',
      '+1 415-555-0132',
      'AKIAQWERTYUIOPASDFGH',
      'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
      'password=Tr0ub4dor&3',
      'https://alice:s3cretPw@db.example.com/app',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LXVzZXItNDIifQ.c2lnbmF0dXJlLW5vdC1yZWFsLTEyMzQ1Ng',
    ];
    const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 8 });
    const separator = fc.constantFrom(' ', '\n', '\t', ' | ', ', ', '\r\n');
    const piece = fc.oneof(word, fc.constantFrom(...values));
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, separator), { minLength: 1, maxLength: 30 }), (pieces) => {
        const text = pieces.map(([p, sep]) => p + sep).join('');
        const spans = detect(text, allTypes);
        const out = redactText(text, spans);
        for (const value of values) {
          if (!text.includes(value)) continue;
          // The value itself (for key=value, the part after '=') must be gone wherever the detector found it.
          const secretPart = value.startsWith('password=') ? value.slice('password='.length) : value;
          if (spans.some((s) => s.value.includes(secretPart) || secretPart.includes(s.value))) {
            assert.ok(!out.includes(secretPart), `${secretPart} survived in ${JSON.stringify(out)}`);
          }
        }
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('every inserted value is found between plain words', () => {
    const cases = ['jane.doe@example.org', '192.168.10.20', 'AKIAQWERTYUIOPASDFGH', '123-45-6789', '4111 1111 1111 1111'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'ok', 'GET', 'INFO'), { maxLength: 6 }), fc.constantFrom(...cases), (words, value) => {
        const text = `${words.join(' ')} ${value} ${words.reverse().join(' ')}`;
        assert.ok(!redactText(text, detect(text)).includes(value), JSON.stringify(text));
      }),
    );
  });
});

describe('mergeSpans: properties', () => {
  const span = fc.tuple(fc.integer({ min: -5, max: 60 }), fc.integer({ min: -2, max: 20 }), fc.constantFrom('[A]', '[B]', '[C]')).map(([start, length, rep]) => ({ start, end: start + length, replacement: rep }));

  it('yields sorted, disjoint, non-empty spans covering exactly the union (clipped to the length)', () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 15 }), fc.integer({ min: 0, max: 70 }), (spans, length) => {
        const merged = mergeSpans(spans, length);
        for (const m of merged) assert.ok(m.start < m.end && m.start >= 0 && m.end <= length);
        for (let i = 1; i < merged.length; i++) assert.ok((merged[i - 1] as RedactionSpan).end <= (merged[i] as RedactionSpan).start);
        for (let i = -5; i < 85; i++) {
          const inUnion = i >= 0 && i < length && spans.some((s) => s.start <= i && i < s.end);
          const inMerged = merged.some((m) => m.start <= i && i < m.end);
          assert.equal(inMerged, inUnion, `position ${i}`);
        }
        // Each merged span keeps the replacement of a span that starts where it starts.
        for (const m of merged) assert.ok(spans.some((s) => Math.max(0, s.start) === m.start && s.replacement === m.replacement));
      }),
      { numRuns: propertyRuns(1000) },
    );
  });

  it('is idempotent and ignores input order', () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 15 }), (spans) => {
        const merged = mergeSpans(spans);
        assert.deepEqual(mergeSpans(merged), merged);
        const reversed = mergeSpans([...spans].reverse());
        assert.deepEqual(reversed.map((m) => [m.start, m.end]), merged.map((m) => [m.start, m.end]));
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});
