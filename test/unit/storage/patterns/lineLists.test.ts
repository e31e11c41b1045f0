// A pattern's line list as stored: deflated when that is smaller, read back exactly either way.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeLines, encodeLines } from '../../../../src/core/logs/patterns/varint';
import { packLines, unpackLines } from '../../../../src/storage/patterns/lineLists';

describe('pattern line lists as stored', () => {
  it('any sorted list of 1-based lines comes back exactly, packed or not', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 5_000_000 }), { maxLength: 3000 }), (lines) => {
        lines.sort((a, b) => a - b);
        const gaps = encodeLines(lines);
        assert.deepEqual(decodeLines(unpackLines(packLines(gaps))), lines);
      }),
    );
  });

  it('a long, regular list is deflated (marked by a zero byte); a short one is stored as its gaps', () => {
    const every3rd = encodeLines(Array.from({ length: 20_000 }, (_, i) => 3 * i + 1));
    const packed = packLines(every3rd);
    assert.equal(packed[0], 0);
    assert.ok(packed.length * 20 < every3rd.length, `${packed.length} bytes for ${every3rd.length}`);
    const short = encodeLines([5, 9, 200]);
    assert.equal(packLines(short), short);
  });

  it('a list stored before packing existed (plain gaps) still reads; a damaged deflated one fails clearly', () => {
    const plain = encodeLines(Array.from({ length: 1000 }, (_, i) => i + 1));
    assert.deepEqual(decodeLines(unpackLines(plain)).length, 1000);
    assert.throws(() => unpackLines(Uint8Array.from([0, 0xff, 0xff, 0xff])), /line list is damaged/);
  });
});
