// Log-line references at their edges: line 1 and the last line allowed, a reference at the very start or end of the
// text, and the messages formatLogRef gives for what it refuses.
import * as assert from 'node:assert/strict';
import { formatLogRef, MAX_LOG_LINE, parseLogRefs, splitEvidence } from '../../../../src/core/whys/logRefs';

const ID = 'abc_123-x';

describe('log-line references: boundaries', () => {
  it('line 1 and the last line allowed are references; one past the last is plain text', () => {
    assert.deepEqual(parseLogRefs(`log:${ID}#L1`).map((r) => [r.startLine, r.endLine]), [[1, 1]]);
    assert.deepEqual(parseLogRefs(`log:${ID}#L1-L${MAX_LOG_LINE}`).map((r) => [r.startLine, r.endLine]), [[1, MAX_LOG_LINE]]);
    assert.deepEqual(parseLogRefs(`log:${ID}#L${MAX_LOG_LINE}`).map((r) => r.endLine), [MAX_LOG_LINE]);
    assert.deepEqual(parseLogRefs(`log:${ID}#L1-L${MAX_LOG_LINE + 1}`), []);
    assert.deepEqual(parseLogRefs(`log:${ID}#L${MAX_LOG_LINE + 1}`), []);
    assert.deepEqual(parseLogRefs(`log:${ID}#L5-L5`).map((r) => [r.startLine, r.endLine]), [[5, 5]]);
  });

  it('a reference at the very start or end of the text is cut without empty text parts', () => {
    assert.deepEqual(splitEvidence(`log:${ID}#L2`).map((p) => [p.kind, p.text]), [['logRef', `log:${ID}#L2`]]);
    assert.deepEqual(splitEvidence(`log:${ID}#L2 log:${ID}#L3`).map((p) => [p.kind, p.text]), [
      ['logRef', `log:${ID}#L2`],
      ['text', ' '],
      ['logRef', `log:${ID}#L3`],
    ]);
    assert.deepEqual(splitEvidence('no reference').map((p) => [p.kind, p.text]), [['text', 'no reference']]);
  });

  it('formats line 1 and the last line; refuses 0, fractions, one past the last, with the range in the message', () => {
    assert.equal(formatLogRef({ logFileId: ID, startLine: 1, endLine: MAX_LOG_LINE }), `log:${ID}#L1-L${MAX_LOG_LINE}`);
    const refused = (startLine: number, endLine: number) => assert.throws(
      () => formatLogRef({ logFileId: ID, startLine, endLine }),
      (error: Error) => error instanceof RangeError && error.message === `Not a line range: ${startLine}-${endLine}`,
    );
    refused(0, 1);
    refused(0, 0);
    refused(1.5, 2);
    refused(1, 2.5);
    refused(1, MAX_LOG_LINE + 1);
    refused(3, 2);
    assert.throws(() => formatLogRef({ logFileId: 'a b', startLine: 1, endLine: 1 }), { message: 'Not a log file id: "a b"' });
  });
});
