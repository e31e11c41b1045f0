// The stream scanner over any chunking and window size finds exactly what one detect() over the whole text finds.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { PiiDetector } from '../../../../src/core/pii/detector';
import { createDetector } from '../../../../src/core/pii/detector';
import { MARGIN, PiiStreamScanner } from '../../../../src/core/pii/streamScanner';
import type { DetectedSpan } from '../../../../src/core/pii/types';
import { allTypes, chunked } from './piiCases';
import { propertyRuns } from './propertyRuns';

const detector = createDetector(allTypes);

function scanStreamed(pieces: readonly string[], window: number, using: PiiDetector = detector): DetectedSpan[] {
  const scanner = new PiiStreamScanner(using, window);
  const spans: DetectedSpan[] = [];
  for (const piece of pieces) spans.push(...scanner.push(piece));
  spans.push(...scanner.end());
  return spans;
}

const VALUES = [
  'jane.doe@example.org',
  '192.168.10.20',
  '2001:db8::8a2e:370:7334',
  '00:1A:2B:3C:4D:5E',
  '123-45-6789',
  '4111 1111 1111 1111',
  '+1 415-555-0132',
  'AKIAQWERTYUIOPASDFGH',
  'password=Tr0ub4dor&3',
  'api_key=Zk93LmQpR2x8VbN4sT6w',
  'the password is hunter2x',
  'https://alice:s3cretPw@db.example.com/app',
  'Authorization: Bearer abcDEF123456ghiJKL789',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0LXVzZXItNDIifQ.c2lnbmF0dXJlLW5vdC1yZWFsLTEyMzQ1Ng',
  '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\nAQEFAASC\n-----END PRIVATE KEY-----',
  'api.internal.example.com',
  '😀',
  'café',
];
const word = fc.string({ unit: fc.constantFrom(...'abcdefghij0123456789.:-_=@'), minLength: 1, maxLength: 10 });
const separator = fc.constantFrom(' ', ' ', '\n', '\r\n', '\t', ', ', '=');
/** A log-like text past MARGIN (the scanner only cuts windows beyond it), with long runs without a line break. */
const logText = fc
  .array(fc.tuple(fc.oneof(word, fc.constantFrom(...VALUES)), separator), { minLength: 20, maxLength: 200 })
  .chain((pieces) => {
    const base = pieces.map(([p, sep]) => p + sep).join('');
    // Repeat the random content (each copy shifted) until it is a few margins long.
    return fc.integer({ min: 0, max: 97 }).map((shift) => {
      let text = '';
      for (let i = 0; text.length < 3 * MARGIN; i++) text += base.slice((i * shift) % Math.max(1, base.length)) + base;
      return text;
    });
  });

describe('PiiStreamScanner: properties', () => {
  it('over random chunkings and window sizes, yields exactly detect(wholeText)', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(logText, fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 1, max: 4 * MARGIN }), (text, cuts, window) => {
        assert.deepEqual(scanStreamed(chunked(text, cuts), window), detector.detect(text));
      }),
      { numRuns: propertyRuns(60) },
    );
  });

  it('over one long line (no line break to cut at), yields exactly detect(wholeText)', function () {
    this.timeout(120_000);
    const inline = VALUES.filter((v) => !v.includes('\n'));
    const pieces = fc.array(fc.tuple(fc.oneof(word, fc.constantFrom(...inline)), fc.constantFrom(' ', ', ', '=', ': ', '"')), { minLength: 5, maxLength: 80 });
    fc.assert(
      fc.property(pieces, fc.nat(2 * MARGIN), fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 5000 }), (parts, pad, window, pieceSize) => {
        // The values land anywhere relative to the cuts: MARGIN before the end of each window.
        const text = `${'z '.repeat(pad)}${parts.map(([p, sep]) => p + sep).join('')}${' y'.repeat(MARGIN)}`;
        const chunks = Array.from({ length: Math.ceil(text.length / pieceSize) }, (_, i) => text.slice(i * pieceSize, (i + 1) * pieceSize));
        assert.deepEqual(scanStreamed(chunks, window), detector.detect(text));
      }),
      { numRuns: propertyRuns(40) },
    );
  });

  it('a value across every window boundary of a long text is found once, whole', () => {
    const line = 'INFO request from 10.1.2.3 by jane.doe@example.org ok\n';
    let text = '';
    while (text.length < 6 * MARGIN) text += line;
    for (const window of [1, 100, 5000, MARGIN]) {
      const pieces = chunked(text, Array.from({ length: 50 }, (_, i) => i * 4093));
      assert.deepEqual(scanStreamed(pieces, window), detector.detect(text), `window ${window}`);
    }
  });

  it('small pieces of one character give the same result', () => {
    const text = `${'x '.repeat(MARGIN)}key AKIAQWERTYUIOPASDFGH mail jane.doe@example.org\n${'y '.repeat(MARGIN)}`;
    assert.deepEqual(scanStreamed([...text], 10), detector.detect(text));
  });

  it('keeps a key with its value in a line longer than the window (minified JSON), with the default window', () => {
    // The first window is cut MARGIN before the end of 17 pieces of 64 KiB; "password" is placed across that cut.
    const piece = 64 * 1024;
    const cut = 17 * piece - MARGIN;
    const text = `{"a":"${'x'.repeat(cut - 11)}","password":"Tr0ub4dor&3"}${' '.repeat(2 * MARGIN)}`;
    assert.ok(text.indexOf('password') < cut && text.indexOf('Tr0ub4dor') > cut);
    const pieces = Array.from({ length: Math.ceil(text.length / piece) }, (_, i) => text.slice(i * piece, (i + 1) * piece));
    const found = scanStreamed(pieces, 1024 * 1024, createDetector());
    assert.deepEqual(found.map((s) => [s.type, s.value]), [['Password', 'Tr0ub4dor&3']]);
  });

  it('scans each character a bounded number of times, even in a long line after an early line break', () => {
    // Counts the characters handed to the detector: the work (and the text held) must stay linear in the input.
    let scanned = 0;
    const counting: PiiDetector = { problems: [], detect: (text) => ((scanned += text.length), detector.detect(text)) };
    const text = `first line\n${'abcdefgh '.repeat(40_000)}`;
    const pieces = chunked(text, Array.from({ length: 360 }, (_, i) => i * 1000));
    const spans = scanStreamed(pieces, 1000, counting);
    assert.deepEqual(spans, detector.detect(text));
    assert.ok(scanned <= 4 * text.length, `${scanned} characters scanned for a text of ${text.length}`);
  });
});
