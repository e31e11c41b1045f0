// Property: a log in any encoding with a byte-order mark (UTF-8, UTF-16LE, UTF-16BE), its bytes split anywhere,
// scans to exactly the spans of its UTF-8 twin — the same text, so the same offsets.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { PII_TYPES } from '../../../../src/core/pii/types';
import { ByteScan } from '../../../../src/storage/pii/scan';

const VALUES = ['jane.doe@example.org', '192.168.10.20', '4111 1111 1111 1111', 'AKIAQWERTYUIOPASDFGH', 'password=Tr0ub4dor&3', '+1 415-555-0132', 'https://alice:s3cretPw@db.example.com/app', 'café', '😀', '日本'];
const word = fc.string({ unit: fc.constantFrom(...'abcxyz0189.:-_=@/é😀'), minLength: 1, maxLength: 12 });
const separator = fc.constantFrom(' ', '\n', '\r\n', '\t', ', ');
const logText = fc.array(fc.tuple(fc.oneof(word, fc.constantFrom(...VALUES)), separator), { minLength: 1, maxLength: 80 }).map((parts) => `\uFEFF${parts.map(([w, s]) => w + s).join('')}`);

const ENCODINGS = {
  'utf-8': (text: string) => Buffer.from(text, 'utf8'),
  'utf-16le': (text: string) => Buffer.from(text, 'utf16le'),
  'utf-16be': (text: string) => Buffer.from(text, 'utf16le').swap16(),
};

function scanBytes(bytes: Buffer, cuts: number[]) {
  const scan = new ByteScan('prop.log', { enabledTypes: PII_TYPES });
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const cut of [...at, bytes.length]) {
    scan.write(bytes.subarray(from, cut));
    from = cut;
  }
  return [...scan.end().spans()].map(({ type, start, end, value }) => ({ type, start, end, value }));
}

describe('log encodings: properties (fast-check)', () => {
  it('UTF-8 with a BOM, UTF-16LE and UTF-16BE, split anywhere, scan to the spans of the UTF-8 twin', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(logText, fc.constantFrom(...(Object.keys(ENCODINGS) as (keyof typeof ENCODINGS)[])), fc.array(fc.nat(), { maxLength: 12 }), (text, encoding, cuts) => {
        const twin = scanBytes(ENCODINGS['utf-8'](text), []);
        for (const span of twin) assert.equal(text.slice(span.start, span.end), span.value);
        assert.deepEqual(scanBytes(ENCODINGS[encoding](text), cuts), twin);
      }),
      { numRuns: 300 },
    );
  });
});
