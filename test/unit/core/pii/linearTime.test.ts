// Every rule runs in time linear in its input, however hostile the input: a log is scanned inside the database
// worker, and one quadratic rule on a 10 MB line stalls it for good. The adversarial inputs repeat each rule's
// trigger (its anchor and the characters its value may hold), with and without filler; the check compares growth
// (time at 4n over time at n, best of several runs) so a loaded machine does not make it flaky: linear gives ~4,
// quadratic ~16.
import * as assert from 'node:assert/strict';
import { createDetector } from '../../../../src/core/pii/detector';
import { FILLERS, TRIGGERS } from './adversarialInputs';
import { allTypes } from './piiCases';

const detector = createDetector(allTypes);

/** One scan's time in milliseconds. */
function timeOf(text: string): number {
  const t0 = process.hrtime.bigint();
  detector.detect(text);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** `unit` repeated to about `chars` characters (flattened, so the first scan does not pay for building it). */
const repeated = (unit: string, chars: number) => unit.repeat(Math.ceil(chars / unit.length)).split('').join('');

/**
 * Time at 4n over time at n, each the best of interleaved runs (a stall of the shared machine hits one run, not the
 * best of them). Times under 2 ms count as 2 ms: below that, timer and GC noise are not growth.
 */
function growth(unit: string, n: number): number {
  const small = repeated(unit, n);
  const large = repeated(unit, 4 * n);
  timeOf(small); // warm up
  let bestSmall = Infinity;
  let bestLarge = Infinity;
  for (let round = 0; round < 8; round++) {
    bestSmall = Math.min(bestSmall, timeOf(small));
    bestLarge = Math.min(bestLarge, timeOf(large));
    if (round >= 2 && bestLarge / Math.max(bestSmall, 2) < 6) break;
  }
  return bestLarge / Math.max(bestSmall, 2);
}

describe('PII detector: scan time is linear on adversarial repetitions of every trigger', function () {
  this.timeout(120_000);
  for (const trigger of TRIGGERS) {
    it(JSON.stringify(trigger), () => {
      const seen: string[] = [];
      for (const filler of FILLERS) {
        // Measured again (up to twice) when high: on a loaded machine a burst of other work can span a whole measurement.
        let ratio = growth(trigger + filler, 60_000);
        for (let retry = 0; retry < 2 && ratio >= 8; retry++) ratio = Math.min(ratio, growth(trigger + filler, 60_000));
        seen.push(`${JSON.stringify(filler)}: ×${ratio.toFixed(1)}`);
        assert.ok(ratio < 8, `4× the input took ${ratio.toFixed(1)}× the time for ${JSON.stringify(trigger + filler)} repeated (${seen.join(', ')})`);
      }
    });
  }
});

// A timing test (here, not in overlapUnion.test.ts): the mutation build leaves timing tests out.
describe('PII detector: overlapping findings', () => {
  it('stays linear on a chain of overlapping findings (two patterns that overlap each other all along a line)', function () {
    this.timeout(60_000);
    // "ab" and "ba" overlap at every position of abab…: one cluster of n candidates, half of them chosen.
    const detector = createDetector({ enabledTypes: [], customPatterns: [{ name: 'x', pattern: 'ab' }, { name: 'y', pattern: 'ba' }] });
    const timeOf = (text: string) => {
      const t0 = process.hrtime.bigint();
      const spans = detector.detect(text);
      assert.equal(spans.reduce((n, s) => n + s.end - s.start, 0), text.length, 'every character hidden');
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const small = 'ab'.repeat(20_000);
    const large = 'ab'.repeat(80_000);
    timeOf(small);
    let best = Infinity;
    for (let round = 0; round < 5 && best >= 8; round++) best = Math.min(best, timeOf(large) / Math.max(timeOf(small), 2));
    assert.ok(best < 8, `4× the input took ${best.toFixed(1)}× the time`);
  });
});
