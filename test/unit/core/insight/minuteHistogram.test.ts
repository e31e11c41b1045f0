import * as assert from 'node:assert/strict';
import { addHistograms, countInRange, downsample, histogramOf, MINUTE_MS } from '../../../../src/core/insight/minuteHistogram';

describe('insight: minute histograms', () => {
  const t0 = Date.UTC(2026, 11, 6, 14, 0, 30);
  it('buckets times per minute from the first, counts a range, adds and downsamples', () => {
    const h = histogramOf([t0, t0 + 10_000, t0 + 2 * MINUTE_MS, t0 + 2 * MINUTE_MS + 1]);
    assert.deepEqual(h, { startMs: Date.UTC(2026, 11, 6, 14, 0), counts: [2, 0, 2] });
    assert.equal(countInRange(h, Date.UTC(2026, 11, 6, 14, 1), Infinity), 2);
    assert.equal(countInRange(h, -Infinity, Date.UTC(2026, 11, 6, 14, 1)), 2);
    const other = histogramOf([t0 - MINUTE_MS, t0 + 3 * MINUTE_MS]);
    assert.deepEqual(addHistograms([h, other, null]), { startMs: Date.UTC(2026, 11, 6, 13, 59), counts: [1, 2, 0, 2, 1] });
    assert.deepEqual(downsample({ startMs: 0, counts: [1, 2, 3, 4, 5, 6] }, 3), [3, 7, 11]);
    assert.equal(histogramOf([]), null);
  });
});
