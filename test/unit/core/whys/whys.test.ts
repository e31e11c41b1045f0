import * as assert from 'node:assert/strict';
import { advance, checkSteps, currentLevel, markRootCause, nextQuestionLevel, readRootCause } from '../../../../src/core/whys/whys';
import type { WhyStep } from '../../../../src/core/whys/whys';

const step = (stepOrder: number, answer: string | null = null, whyQuestion = `Why ${stepOrder}?`): WhyStep => ({ stepOrder, whyQuestion, answer, evidence: null });

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'no error';
};

describe('5 Whys rules', () => {
  it('accepts up to five distinct levels 1-5 with questions, sorted', () => {
    assert.deepEqual(checkSteps([step(2), step(1)]).map((s) => s.stepOrder), [1, 2]);
    assert.equal(code(() => checkSteps([1, 2, 3, 4, 5, 5].map((n) => step(n)))), 'VALIDATION');
    assert.equal(code(() => checkSteps([step(6)])), 'VALIDATION');
    assert.equal(code(() => checkSteps([step(0)])), 'VALIDATION');
    assert.equal(code(() => checkSteps([step(1), step(1)])), 'VALIDATION');
    assert.equal(code(() => checkSteps([step(1, null, '  ')])), 'VALIDATION');
  });

  it('advance answers the lowest unanswered level and moves to the next', () => {
    const steps = [step(1, 'Disk full'), step(2, null, 'Why was the disk full?')];
    assert.equal(currentLevel(steps)?.stepOrder, 2);
    assert.deepEqual(advance(steps, '  Logs never rotated '), {
      stepOrder: 2,
      answer: 'Logs never rotated',
      event: { from_level: 2, to_level: 3, question: 'Why was the disk full?' },
    });
  });

  it('answering the fifth level completes the analysis: no level to advance to', () => {
    const steps = [1, 2, 3, 4].map((n) => step(n, 'a')).concat(step(5));
    assert.deepEqual(advance(steps, 'root'), { stepOrder: 5, answer: 'root', event: null });
  });

  it('advance refuses a blank answer, no question, or everything answered', () => {
    assert.equal(code(() => advance([step(1)], '  ')), 'VALIDATION');
    assert.equal(code(() => advance([], 'x')), 'VALIDATION');
    assert.equal(code(() => advance([step(1, 'done')], 'x')), 'VALIDATION');
  });

  it('the next question goes one level below the deepest, up to five', () => {
    assert.equal(nextQuestionLevel([]), 1);
    assert.equal(nextQuestionLevel([step(1, 'a'), step(2)]), 3);
    assert.equal(nextQuestionLevel([1, 2, 3, 4, 5].map((n) => step(n))), null);
  });

  it('markRootCause: the given cause, or the deepest answer; confidence 0-1', () => {
    const steps = [step(1, 'Disk full'), step(2, 'Logs never rotated'), step(3)];
    assert.deepEqual(markRootCause(steps, { confidence: 0.8 }), { root_cause: 'Logs never rotated', confidence: 0.8 });
    assert.deepEqual(markRootCause(steps, { rootCause: ' DNS ', confidence: 1 }), { root_cause: 'DNS', confidence: 1 });
    assert.equal(code(() => markRootCause(steps, { confidence: 1.5 })), 'VALIDATION');
    assert.equal(code(() => markRootCause(steps, { confidence: -0.1 })), 'VALIDATION');
    assert.equal(code(() => markRootCause([step(1)], { confidence: 0.5 })), 'VALIDATION');
    assert.equal(code(() => markRootCause(steps, { confidence: 'high' as never })), 'VALIDATION');
  });

  it('reads stored root-cause metadata leniently (imported rows)', () => {
    assert.deepEqual(readRootCause({ root_cause: 'DNS resolution failure', confidence: 0.95 }), { rootCause: 'DNS resolution failure', confidence: 0.95 });
    assert.deepEqual(readRootCause({ root_cause: 'X', confidence: 'high' }), { rootCause: 'X', confidence: null });
    assert.equal(readRootCause({ confidence: 1 }), null);
    assert.equal(readRootCause(null), null);
  });
});
