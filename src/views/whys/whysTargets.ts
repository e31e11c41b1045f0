// What a 5 Whys command acts on, from its argument (zod-parsed, so tests can pass plain objects): a tree row (any
// row of an incident; a level's row names its level — read by the one resolver, workbench/targets.ts), an issue id,
// or { issueId, level?, … }.
import { z } from 'zod';
import { targetOfNode } from '../workbench/targets';
import { TreeNode } from '../workbench/treeNodes';

const id = z.string().min(1).max(100);
const level = z.number().int().min(1).max(5);

export const whyArgs = z.strictObject({
  issueId: id,
  level: level.optional(),
  /** Add / Answer / Mark Root Cause without asking (tests, other commands). */
  question: z.string().max(20_000).optional(),
  answer: z.string().max(20_000).optional(),
  rootCause: z.string().max(2000).optional(),
  confidence: z.number().min(0).max(1).optional(),
});
export type WhyTarget = z.infer<typeof whyArgs>;

/** The target of a command, or undefined when none was given (the caller picks an issue). */
export function whyTarget(arg: unknown): WhyTarget | undefined {
  if (arg instanceof TreeNode) {
    const { issueId } = targetOfNode(arg, 'issue', 'The 5 Whys');
    const level = arg.target?.kind === 'why' ? arg.target.level : undefined;
    return level === undefined ? { issueId: issueId as string } : { issueId: issueId as string, level };
  }
  if (arg === undefined || arg === null) return undefined;
  if (typeof arg === 'string') return { issueId: id.parse(arg) };
  return whyArgs.parse(arg);
}

export const logLinesArgs = z
  .strictObject({ logFileId: id, startLine: z.number().int().min(1), endLine: z.number().int().min(1), level: level.optional() })
  .refine((ref) => ref.endLine >= ref.startLine, 'The last line comes after the first.');
export type LogLinesTarget = z.infer<typeof logLinesArgs>;
