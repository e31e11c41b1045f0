// The 5 Whys rules, pure: at most five levels (step_order 1-5), a question required at each, answer and evidence
// optional. They decide what a change means — which level an answer completes, what the timeline records — and
// the repositories write it.
import { z } from 'zod';
import { MAX_STEP_ORDER, stepOrderSchema } from '../model/step';
import type { ResolutionStep } from '../model/step';
import { parseInput, ValidationError } from '../model/validation';

export type WhyStep = Pick<ResolutionStep, 'stepOrder' | 'whyQuestion' | 'answer' | 'evidence'>;

const MAX_TEXT = 20_000;

const hasText = (text: string | null | undefined): text is string => !!text && text.trim().length > 0;

/** A set of steps as the rules accept it: distinct levels 1-5, each with a question, ordered by level. */
export const whyStepsSchema = z
  .array(
    z.object({
      stepOrder: stepOrderSchema,
      whyQuestion: z.string().trim().min(1, 'Each level needs a question.').max(MAX_TEXT),
      answer: z.string().max(MAX_TEXT).nullable(),
      evidence: z.string().max(MAX_TEXT).nullable(),
    }),
  )
  .max(MAX_STEP_ORDER, `At most ${MAX_STEP_ORDER} whys.`)
  .refine((steps) => new Set(steps.map((s) => s.stepOrder)).size === steps.length, 'Each level (step_order) may appear only once.');

/** Validated and sorted by level; throws a ValidationError naming the problem. */
export function checkSteps(steps: readonly WhyStep[]): WhyStep[] {
  return [...parseInput(whyStepsSchema, steps, '5 Whys')].sort((a, b) => a.stepOrder - b.stepOrder);
}

/** The level waiting for an answer: the lowest one with a question and no answer; null when all are answered. */
export function currentLevel(steps: readonly WhyStep[]): WhyStep | null {
  return checkSteps(steps).find((step) => !hasText(step.answer)) ?? null;
}

/** The deepest answered level: the analysis's candidate root cause. */
export function deepestAnswer(steps: readonly WhyStep[]): WhyStep | null {
  return [...checkSteps(steps)].reverse().find((step) => hasText(step.answer)) ?? null;
}

/** The seed's why_level_advanced metadata. */
export const whyLevelAdvancedSchema = z.strictObject({
  from_level: stepOrderSchema,
  to_level: stepOrderSchema,
  question: z.string().min(1).max(MAX_TEXT),
});
export type WhyLevelAdvanced = z.infer<typeof whyLevelAdvancedSchema>;

export interface Advance {
  /** The level the answer completes, and the answer to store there. */
  stepOrder: number;
  answer: string;
  /**
   * Metadata for why_level_advanced: from the answered level to the next, with the question just answered.
   * Null when the fifth level is answered: there is no level to advance to (the analysis is complete).
   */
  event: WhyLevelAdvanced | null;
}

/** Answers the current level. Fails when the answer is blank or no level waits for one. */
export function advance(steps: readonly WhyStep[], answer: string): Advance {
  const text = parseInput(z.string().trim().min(1, 'An answer is required.').max(MAX_TEXT), answer, 'answer');
  const level = currentLevel(steps);
  if (!level) {
    throw new ValidationError('answer', [{ path: '', message: steps.length === 0 ? 'Ask the first why before answering it.' : 'Every level is answered: add the next why first.' }]);
  }
  const from = level.stepOrder;
  const event = from < MAX_STEP_ORDER ? whyLevelAdvancedSchema.parse({ from_level: from, to_level: from + 1, question: level.whyQuestion }) : null;
  return { stepOrder: from, answer: text, event };
}

/** The next level a new question goes to; null when all five exist. */
export function nextQuestionLevel(steps: readonly WhyStep[]): number | null {
  const sorted = checkSteps(steps);
  const next = (sorted[sorted.length - 1]?.stepOrder ?? 0) + 1;
  return next <= MAX_STEP_ORDER ? next : null;
}

/** The seed's root_cause_identified metadata; confidence from 0 (a guess) to 1 (certain). */
export const rootCauseIdentifiedSchema = z.strictObject({
  root_cause: z.string().trim().min(1, 'The root cause cannot be empty.').max(2000),
  confidence: z.number().min(0, 'Confidence is from 0 to 1.').max(1, 'Confidence is from 0 to 1.'),
});
export type RootCauseIdentified = z.infer<typeof rootCauseIdentifiedSchema>;

export const markRootCauseInputSchema = z.strictObject({
  /** Absent: the deepest answer of the 5 Whys. */
  rootCause: z.string().optional(),
  confidence: z.number(),
});
export type MarkRootCauseInput = z.input<typeof markRootCauseInputSchema>;

/** Metadata for root_cause_identified. Fails when there is neither a given root cause nor an answered why. */
export function markRootCause(steps: readonly WhyStep[], input: MarkRootCauseInput): RootCauseIdentified {
  const given = parseInput(markRootCauseInputSchema, input, 'root cause');
  const rootCause = hasText(given.rootCause) ? given.rootCause : deepestAnswer(steps)?.answer;
  if (!hasText(rootCause)) throw new ValidationError('root cause', [{ path: 'rootCause', message: 'Give the root cause, or answer at least one why first.' }]);
  return parseInput(rootCauseIdentifiedSchema, { root_cause: rootCause.trim(), confidence: given.confidence }, 'root cause');
}

/** Reads root_cause_identified metadata as stored (an imported row may hold anything): null when it is not that shape. */
export function readRootCause(metadata: unknown): { rootCause: string; confidence: number | null } | null {
  const parsed = z.object({ root_cause: z.string().trim().min(1), confidence: z.number().min(0).max(1).optional().catch(undefined) }).safeParse(metadata);
  return parsed.success ? { rootCause: parsed.data.root_cause.trim(), confidence: parsed.data.confidence ?? null } : null;
}
