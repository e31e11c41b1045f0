import * as assert from 'node:assert/strict';
import { addHistograms, downsample, fromBuckets, MINUTE_MS } from '../../../../src/core/insight/minuteHistogram';

describe('insight: minute histograms', () => {
  it('adds histograms and downsamples them', () => {
    const start = Date.UTC(2026, 11, 6, 14, 0);
    const h = { startMs: start, counts: [2, 0, 2] };
    const other = { startMs: start - MINUTE_MS, counts: [1, 0, 0, 0, 1] };
    assert.deepEqual(addHistograms([h, other, null]), { startMs: start - MINUTE_MS, counts: [1, 2, 0, 2, 1] });
    assert.deepEqual(downsample({ startMs: 0, counts: [1, 2, 3, 4, 5, 6] }, 3), [3, 7, 11]);
    assert.equal(addHistograms([null]), null);
  });

  it('reads stored sparse buckets, and adds a minute histogram into a wider one', () => {
    const minute = Date.UTC(2026, 11, 6, 14, 0) / MINUTE_MS;
    assert.deepEqual(fromBuckets([[minute, 2], [minute + 3, 1]]), { startMs: minute * MINUTE_MS, counts: [2, 0, 0, 1] });
    const wide = fromBuckets([[minute, 5], [minute + 10, 1]], 5);
    assert.deepEqual(wide, { startMs: minute * MINUTE_MS, counts: [5, 0, 1], bucketMs: 5 * MINUTE_MS });
    const fine = { startMs: (minute + 4) * MINUTE_MS, counts: [1, 1] }; // minutes 4 and 5: buckets 0 and 1
    assert.deepEqual(addHistograms([wide, fine]), { startMs: minute * MINUTE_MS, counts: [6, 1, 1], bucketMs: 5 * MINUTE_MS });
  });
});
