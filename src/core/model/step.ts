// Resolution steps: the 5 Whys, one row per issue and level (step_order 1-5).
import { z } from 'zod';

export const MIN_STEP_ORDER = 1;
export const MAX_STEP_ORDER = 5;

export const stepOrderSchema = z
  .number()
  .int('step_order must be a whole number')
  .min(MIN_STEP_ORDER, `step_order must be ${MIN_STEP_ORDER}-${MAX_STEP_ORDER}`)
  .max(MAX_STEP_ORDER, `step_order must be ${MIN_STEP_ORDER}-${MAX_STEP_ORDER}`);

const MAX_STEP_TEXT = 20_000;

/** answer/evidence: omitted keeps what is stored, null clears it. */
export const stepInputSchema = z.object({
  whyQuestion: z.string().trim().min(1).max(MAX_STEP_TEXT),
  answer: z.string().max(MAX_STEP_TEXT).nullable().optional(),
  evidence: z.string().max(MAX_STEP_TEXT).nullable().optional(),
});
export type StepInput = z.input<typeof stepInputSchema>;

export interface ResolutionStep {
  id: string;
  issueId: string;
  stepOrder: number;
  whyQuestion: string;
  answer: string | null;
  evidence: string | null;
  /** 'YYYY-MM-DD HH:MM:SS' UTC, when the level was first written. */
  createdAt: string;
}
