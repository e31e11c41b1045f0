// Suggest Next Why: the model proposes the next level of the 5 Whys (question, answer, evidence references). Called
// with { issueId, level? } (the 5 Whys panel) it only returns the proposal: the panel shows it, and Accept stores
// it through the panel's own save. From the palette or a tree row it shows the proposal in a modal and stores it
// on Accept through the same repository call (answerWhy: why_level_advanced recorded as for a typed answer).
import { parseLogRefs } from '../../core/whys/logRefs';
import type { Services } from '../workbench/services';
import { plainLabel, resolveTarget } from '../workbench/targets';
import { runAiAction } from './aiActions';

export interface WhyProposal {
  issueId: string;
  level: number;
  question: string;
  answer: string;
  /** `log:<id>#L…` references, each naming a log of this incident. */
  evidence: string[];
}

export interface SuggestArgs {
  issueId: string;
  level?: number;
}

const isSuggestArgs = (arg: unknown): arg is SuggestArgs =>
  !!arg && typeof arg === 'object' && typeof (arg as SuggestArgs).issueId === 'string' && Object.getPrototypeOf(arg) === Object.prototype;

/** The level a suggestion is for: the one waiting for an answer, else the next one. */
async function nextLevel(services: Services, issueId: string, asked?: number): Promise<number> {
  const steps = await (await services.store()).steps.listLevels(issueId);
  const level = asked ?? steps.find((s) => !s.answer?.trim())?.stepOrder ?? steps.length + 1;
  if (!Number.isInteger(level) || level < 1 || level > 5) throw new Error('This incident already has 5 whys: reword or remove one instead of asking for a sixth.');
  if (level > steps.length + 1) throw new Error(`Ask why ${steps.length + 1} first: the whys go in order.`);
  return level;
}

/** The proposal for the incident's next why; undefined when cancelled or no usable reply. Nothing is stored. */
export async function proposeNextWhy(services: Services, args: SuggestArgs): Promise<WhyProposal | undefined> {
  const store = await services.store();
  if (!(await store.issues.get(args.issueId))) throw new Error('That incident no longer exists: it may have been deleted.');
  const level = await nextLevel(services, args.issueId, args.level);
  const result = await runAiAction(services, { action: 'suggestNextWhy', issueId: args.issueId, level }, `suggesting why ${level}`);
  if (!result) return undefined;
  // A reference to a log of another incident (or an invented one) would be refused on save: left out here.
  const logs = new Set((await store.logFiles.listForIssue(args.issueId)).map((log) => log.id));
  const evidence = result.evidence.filter((ref) => parseLogRefs(ref).every((r) => logs.has(r.logFileId)));
  if (evidence.length < result.evidence.length) services.log.info(`[ai] suggestNextWhy: ${result.evidence.length - evidence.length} evidence reference(s) to logs not of this incident left out`);
  return { issueId: args.issueId, level, question: result.question, answer: result.answer, evidence };
}

export const ACCEPT = 'Accept';
export const EDIT = 'Edit…';

/**
 * trcaa.ai.suggestNextWhy. `{ issueId, level? }`: returns the proposal, stores nothing. A tree row, an id or nothing
 * (the palette): the proposal in a modal — Accept stores it, Edit… lets the question and answer be changed first.
 */
export async function suggestNextWhy(services: Services, arg: unknown): Promise<(WhyProposal & { stored?: boolean }) | undefined> {
  if (isSuggestArgs(arg)) return proposeNextWhy(services, { issueId: arg.issueId, ...(arg.level ? { level: arg.level } : {}) });
  const target = await resolveTarget(services, arg === undefined ? [] : [arg], { kind: 'issue', title: 'TRCAA: Suggest Next Why with AI' });
  if (!target) return undefined;
  const proposal = await proposeNextWhy(services, { issueId: target.id, ...(target.level ? { level: target.level } : {}) });
  if (!proposal) return undefined;
  const choice = await services.ui.showInformationMessage(
    `Why ${proposal.level}: ${proposal.question}`,
    {
      modal: true,
      detail: [`Answer: ${proposal.answer}`, `Evidence: ${proposal.evidence.join(', ') || 'none cited'}`, '', 'Proposed by the AI. Nothing is stored unless you accept.'].join('\n'),
    },
    ACCEPT,
    EDIT,
  );
  let { question, answer } = proposal;
  if (choice === EDIT) {
    const editedQuestion = await services.ui.showInputBox({ title: `TRCAA: Why ${proposal.level} (1/2): question`, value: question, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'The question cannot be empty.') });
    if (editedQuestion === undefined) return { ...proposal, stored: false };
    const editedAnswer = await services.ui.showInputBox({ title: `TRCAA: Why ${proposal.level} (2/2): ${plainLabel(editedQuestion)}`, value: answer, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'The answer cannot be empty.') });
    if (editedAnswer === undefined) return { ...proposal, stored: false };
    question = editedQuestion;
    answer = editedAnswer;
  } else if (choice !== ACCEPT) return { ...proposal, stored: false };
  await store(services, { ...proposal, question, answer });
  return { ...proposal, question, answer, stored: true };
}

/** The accepted why, through the 5 Whys' own path (the timeline's why_level_advanced with its audit row). */
async function store(services: Services, proposal: WhyProposal): Promise<void> {
  const repository = await services.store();
  // Evidence already on the level stays; the cited lines are added after it.
  const existing = (await repository.steps.listLevels(proposal.issueId)).find((s) => s.stepOrder === proposal.level)?.evidence?.trim();
  const evidence = [...(existing ? [existing] : []), ...proposal.evidence.filter((ref) => !existing?.includes(ref))].join('\n');
  await repository.steps.answerWhy(proposal.issueId, { level: proposal.level, question: proposal.question, answer: proposal.answer, evidence: evidence || null });
}
