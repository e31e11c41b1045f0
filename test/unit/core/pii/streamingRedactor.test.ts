// StreamingRedactor: the redacted text of a log streamed from the database, with its spans streamed from the compact
// store. Same output as RedactingStream; neither the text nor the spans are held whole.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { RedactingStream, redactText, StreamingRedactor } from '../../../../src/core/pii/redact';
import type { RedactionSpan } from '../../../../src/core/pii/redact';
import { propertyRuns } from './propertyRuns';

/** Spans in the store's order: by start, then the longer first. */
const inStoreOrder = (spans: RedactionSpan[]) => [...spans].sort((a, b) => a.start - b.start || b.end - a.end);

function redactStreamed(text: string, spans: Iterable<RedactionSpan>, pieceSize: number): string {
  const redactor = new StreamingRedactor(spans);
  const out: string[] = [];
  for (let at = 0; at < text.length; at += pieceSize) out.push(redactor.push(text.slice(at, at + pieceSize)));
  out.push(redactor.end());
  return out.join('');
}

describe('StreamingRedactor', () => {
  it('gives what redactText gives, over any spans in the store\'s order (overlapping, empty) and piece size', () => {
    const span = fc.record({ start: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: -2, max: 15 }), replacement: fc.constantFrom('[A]', '[Bb]', '') })
      .map(({ start, length, replacement }) => ({ start, end: start + length, replacement }));
    fc.assert(fc.property(fc.string({ maxLength: 60 }), fc.array(span, { maxLength: 12 }), fc.integer({ min: 1, max: 70 }), (text, spans, pieceSize) => {
      // Stored spans lie within their text (one past the end is pinned below).
      const sorted = inStoreOrder(spans.map((s) => ({ ...s, end: Math.min(s.end, text.length) })));
      const expected = redactText(text, sorted);
      assert.equal(redactStreamed(text, sorted, pieceSize), expected);
      // and RedactingStream over the same spans
      const stream = new RedactingStream(sorted);
      let out = '';
      for (let at = 0; at < text.length; at += pieceSize) out += stream.push(text.slice(at, at + pieceSize));
      assert.equal(out + stream.end(), expected);
    }), { numRuns: propertyRuns(2000) });
  });

  it('merged spans keep the first one\'s replacement; a span past the end still hides what it covers', () => {
    const spans = [{ start: 2, end: 6, replacement: '[First]' }, { start: 4, end: 9, replacement: '[Second]' }, { start: 12, end: 40, replacement: '[Tail]' }];
    assert.equal(redactStreamed('0123456789abcdef', spans, 3), '01[First]9ab[Tail]');
  });

  it('a span starting before the text is clipped at its start', () => {
    assert.equal(redactStreamed('abcdef', [{ start: -2, end: 3, replacement: '[X]' }], 2), '[X]def');
  });

  it('holds only a span not complete yet, and pulls spans one at a time as the text reaches them', () => {
    let pulled = 0;
    const total = 10_000;
    function* spans(): Generator<RedactionSpan> {
      for (let i = 0; i < total; i++) {
        pulled++;
        yield { start: i * 100 + 10, end: i * 100 + 30, replacement: '[V]' };
      }
    }
    const redactor = new StreamingRedactor(spans());
    assert.ok(pulled <= 2, `${pulled} spans pulled before any text`);
    let maxBuffered = 0;
    const line = `${'-'.repeat(10)}${'s'.repeat(20)}${'-'.repeat(70)}`;
    for (let i = 0; i < total / 2; i++) {
      assert.equal(redactor.push(line.slice(0, 15)), '-'.repeat(10));
      maxBuffered = Math.max(maxBuffered, redactor.buffered);
      assert.equal(redactor.push(line.slice(15)), `[V]${'-'.repeat(70)}`);
      maxBuffered = Math.max(maxBuffered, redactor.buffered);
      assert.ok(pulled <= i + 3, `${pulled} spans pulled after ${i + 1} lines`);
    }
    assert.ok(maxBuffered < 20, `held ${maxBuffered} characters`);
  });
});
