// Review by value: the distinct values a log's PII spans hold, with their counts, and decisions given per value
// ("keep every occurrence of 10.0.0.7", "redact all of these 40,000 IPv4s") — what a review at scale needs.
import { z } from 'zod';
import type { PiiDecision } from './logFile';

/** Values per valueSummary() page. */
export const MAX_VALUE_PAGE = 1000;
/** Values per setDecisionForValues() call. */
export const MAX_VALUES_PER_CALL = 100_000;

export const valueSummaryOptionsSchema = z
  .object({
    /** Only values of this type (the per-type totals always cover every type). */
    piiType: z.string().trim().min(1).max(100).optional(),
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(MAX_VALUE_PAGE).default(100),
  })
  .strict();
export type ValueSummaryOptions = z.input<typeof valueSummaryOptionsSchema>;

export const piiValueRefSchema = z.object({ piiType: z.string().trim().min(1).max(100), value: z.string().min(1) }).strict();
export type PiiValueRef = z.infer<typeof piiValueRefSchema>;
export const piiValueListSchema = z.array(piiValueRefSchema).min(1).max(MAX_VALUES_PER_CALL);

/** Per PII type of a log: occurrences, distinct values, and occurrences per decision. */
export interface PiiTypeSummary {
  piiType: string;
  count: number;
  values: number;
  keep: number;
  redact: number;
  pending: number;
}

/** One distinct value: how often it occurs, and the decision of its occurrences ('mixed' when they differ). */
export interface PiiValueCount {
  piiType: string;
  value: string;
  count: number;
  decision: PiiDecision | 'mixed';
}

export interface PiiValueSummary {
  types: PiiTypeSummary[];
  /** The page asked for: most frequent first (then by type and value). */
  values: PiiValueCount[];
  /** Distinct values matching the filter (every page together). */
  total: number;
}

/** Offsets of a window of the log's text, [start, end). */
export const textWindowSchema = z
  .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .refine((w) => w.end >= w.start, { message: 'end must not be before start', path: ['end'] });
