import * as assert from 'node:assert/strict';
import { formatLogRef, parseLogRefs, splitEvidence } from '../../../../src/core/whys/logRefs';

const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('log-line references in evidence', () => {
  it('parses single lines and ranges with their positions', () => {
    const text = `see log:${ID}#L10-L20, then log:${ID}#L7.`;
    const refs = parseLogRefs(text);
    assert.equal(refs.length, 2);
    assert.deepEqual({ ...refs[0] }, { logFileId: ID, startLine: 10, endLine: 20, start: 4, end: 4 + `log:${ID}#L10-L20`.length });
    assert.equal(text.slice(refs[1]?.start, refs[1]?.end), `log:${ID}#L7`);
    assert.equal(refs[1]?.endLine, 7);
  });

  it('ignores malformed and embedded references', () => {
    assert.deepEqual(parseLogRefs(`log:${ID}#L20-L10 log:${ID}#L0 log:#L1 catalog:${ID}#L3 log:${ID}#L5x log:${ID}`), []);
  });

  it('splits evidence into text and references that join back to the input', () => {
    const text = `A log:${ID}#L1 B`;
    const parts = splitEvidence(text);
    assert.deepEqual(parts.map((p) => p.kind), ['text', 'logRef', 'text']);
    assert.equal(parts.map((p) => p.text).join(''), text);
    assert.deepEqual(splitEvidence(''), []);
  });

  it('formats the canonical spelling and round-trips', () => {
    assert.equal(formatLogRef({ logFileId: ID, startLine: 3, endLine: 3 }), `log:${ID}#L3`);
    assert.equal(formatLogRef({ logFileId: ID, startLine: 3, endLine: 9 }), `log:${ID}#L3-L9`);
    const ref = parseLogRefs(formatLogRef({ logFileId: ID, startLine: 3, endLine: 9 }))[0];
    assert.deepEqual([ref?.startLine, ref?.endLine], [3, 9]);
    assert.throws(() => formatLogRef({ logFileId: 'a b', startLine: 1, endLine: 1 }), RangeError);
    assert.throws(() => formatLogRef({ logFileId: ID, startLine: 5, endLine: 4 }), RangeError);
  });
});
