// The 5 Whys folder's rows: one per level (question; its answer, or that it waits for one) and the root cause
// once marked. A click opens the 5 Whys panel at that level. Tooltips are plain text: all of it is user text.
import type { ResolutionStep } from '../../core/model/step';
import { CONTEXT } from '../workbench/contextValues';
import type { TreeNode } from '../workbench/treeNodes';
import { LeafNode } from '../workbench/treeNodes';

/** The leaf id of a level: level-based, so a row keeps its place (and selection) when its text changes. */
export const whyLeafId = (level: number) => `why-${level}`;
export const ROOT_CAUSE_LEAF_ID = 'root-cause';

/** `levels`: one step per level, by level (ResolutionStepRepository.listLevels). */
export function whyLeaves(levels: readonly ResolutionStep[], rootCause: { rootCause: string; confidence: number | null } | null, parent: TreeNode & { issueId: string }): LeafNode[] {
  const { issueId } = parent;
  const waiting = levels.find((step) => !step.answer?.trim())?.stepOrder;
  const leaves = levels.map((step) => {
    const answer = step.answer?.trim();
    const open = { command: 'trcaa.whys.open', arguments: [{ issueId, level: step.stepOrder }] };
    return new LeafNode({ kind: 'why', id: whyLeafId(step.stepOrder), level: step.stepOrder }, parent, `Why ${step.stepOrder}: ${step.whyQuestion}`, answer || (step.stepOrder === waiting ? 'waiting for an answer' : 'not answered'), {
      icon: answer ? 'pass' : 'question',
      ...(answer ? { iconColor: 'testing.iconPassed' } : {}),
      contextValue: CONTEXT.step,
      command: open,
      tooltip: [`Why ${step.stepOrder}: ${step.whyQuestion}`, `Answer: ${answer || '—'}`, ...(step.evidence?.trim() ? [`Evidence: ${step.evidence.trim()}`] : [])].join('\n'),
    });
  });
  if (rootCause) {
    const confidence = rootCause.confidence === null ? '' : `confidence ${Math.round(rootCause.confidence * 100)}%`;
    leaves.push(
      new LeafNode({ id: ROOT_CAUSE_LEAF_ID }, parent, `Root cause: ${rootCause.rootCause}`, confidence, {
        icon: 'target',
        contextValue: CONTEXT.rootCause,
        command: { command: 'trcaa.whys.open', arguments: [{ issueId }] },
        tooltip: `Root cause: ${rootCause.rootCause}${confidence ? `\n${confidence}` : ''}`,
      }),
    );
  }
  return leaves;
}
