// The 5 Whys rules at their edges, and the sentences a person reads when a change is refused (the panel shows the
// ValidationError's message as it is).
import * as assert from 'node:assert/strict';
import { advance, checkSteps, currentLevel, deepestAnswer, markRootCause, nextQuestionLevel, readRootCause } from '../../../../src/core/whys/whys';
import type { WhyStep } from '../../../../src/core/whys/whys';

const step = (stepOrder: number, answer: string | null = null, evidence: string | null = null): WhyStep => ({ stepOrder, whyQuestion: `Why ${stepOrder}?`, answer, evidence });

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

const MAX_TEXT = 20_000;

describe('5 Whys rules: boundaries and messages', () => {
  it('a whitespace-only answer leaves its level unanswered', () => {
    const steps = [step(1, 'Disk full'), step(2, ' \t\n ')];
    assert.equal(currentLevel(steps)?.stepOrder, 2);
    assert.equal(deepestAnswer(steps)?.stepOrder, 1);
    assert.deepEqual(advance(steps, 'Logs never rotated'), { stepOrder: 2, answer: 'Logs never rotated', event: { from_level: 2, to_level: 3, question: 'Why 2?' } });
  });

  it('the deepest answer is the candidate root cause, whatever order the steps come in', () => {
    assert.equal(deepestAnswer([step(3, 'c'), step(1, 'a'), step(2, 'b')])?.answer, 'c');
    assert.equal(deepestAnswer([step(1)]), null);
  });

  it('evidence and answers up to 20,000 characters are kept; one more is refused with the limit', () => {
    assert.equal(checkSteps([step(1, 'a'.repeat(MAX_TEXT), 'e'.repeat(MAX_TEXT))]).length, 1);
    assert.match(messageOf(() => checkSteps([step(1, 'a', 'e'.repeat(MAX_TEXT + 1))])), /^Invalid 5 Whys: .*20000.* \(0\.evidence\)$/);
    assert.match(messageOf(() => checkSteps([step(1, 'a'.repeat(MAX_TEXT + 1))])), /\(0\.answer\)$/);
    assert.match(messageOf(() => advance([step(1)], 'a'.repeat(MAX_TEXT + 1))), /^Invalid answer: .*20000/);
  });

  it('says what is wrong with a set of steps', () => {
    assert.equal(messageOf(() => checkSteps([{ ...step(1), whyQuestion: '  ' }])), 'Invalid 5 Whys: Each level needs a question. (0.whyQuestion)');
    assert.equal(messageOf(() => checkSteps([1, 2, 3, 4, 5, 5].map((n) => step(n)))), 'Invalid 5 Whys: At most 5 whys.');
    assert.equal(messageOf(() => checkSteps([step(1), step(1)])), 'Invalid 5 Whys: Each level (step_order) may appear only once.');
  });

  it('says why an answer is refused: blank, nothing asked yet, or every level answered', () => {
    assert.equal(messageOf(() => advance([step(1)], '  ')), 'Invalid answer: An answer is required.');
    assert.equal(messageOf(() => advance([], 'x')), 'Invalid answer: Ask the first why before answering it.');
    assert.equal(messageOf(() => advance([step(1, 'done')], 'x')), 'Invalid answer: Every level is answered: add the next why first.');
  });

  it('the fifth level is the last a question can go to', () => {
    assert.equal(nextQuestionLevel([1, 2, 3, 4].map((n) => step(n, 'a'))), 5);
    assert.equal(nextQuestionLevel([step(5)]), null);
  });

  it('a blank given root cause falls back to the deepest answer, trimmed', () => {
    const steps = [step(1, 'Disk full'), step(2, '  Logs never rotated  ')];
    assert.deepEqual(markRootCause(steps, { rootCause: '   ', confidence: 0.5 }), { root_cause: 'Logs never rotated', confidence: 0.5 });
    assert.deepEqual(markRootCause(steps, { rootCause: 'DNS', confidence: 0 }), { root_cause: 'DNS', confidence: 0 });
  });

  it('says why a root cause is refused', () => {
    assert.equal(messageOf(() => markRootCause([step(1)], { confidence: 0.5 })), 'Invalid root cause: Give the root cause, or answer at least one why first. (rootCause)');
    assert.equal(messageOf(() => markRootCause([step(1, 'x')], { confidence: 1.5 })), 'Invalid root cause: Confidence is from 0 to 1. (confidence)');
    assert.equal(messageOf(() => markRootCause([step(1, 'x')], { confidence: -0.5 })), 'Invalid root cause: Confidence is from 0 to 1. (confidence)');
    assert.match(messageOf(() => markRootCause([step(1, 'x')], { rootCause: 'r'.repeat(2001), confidence: 1 })), /^Invalid root cause: .*2000.*\(root_cause\)$/);
    assert.match(messageOf(() => markRootCause([step(1, 'x')], { confidence: 'high' as never })), /^Invalid root cause: .*\(confidence\)$/);
  });

  it('stored root-cause metadata: a blank cause is no root cause; the cause comes back trimmed', () => {
    assert.equal(readRootCause({ root_cause: '   ', confidence: 1 }), null);
    assert.deepEqual(readRootCause({ root_cause: '  DNS  ' }), { rootCause: 'DNS', confidence: null });
    assert.deepEqual(readRootCause({ root_cause: 'DNS', confidence: 2 }), { rootCause: 'DNS', confidence: null });
  });
});
