// Analyze Log with AI: the model reads an approved log's error/warning excerpts (redacted, "keep" decisions
// honoured — the gate refuses an unapproved log outright) and answers a summary, findings citing log lines, a first
// why and a severity. The result opens as a read-only card beside; a multi-pick offers what to apply and only the
// ticked items are stored.
import * as vscode from 'vscode';
import type { AnalyzeLogResult } from '../../core/ai/actions';
import type { IssueSeverity } from '../../core/model/issue';
import { idFromUri, LOG_SCHEME } from '../attachments';
import type { Services } from '../workbench/services';
import { plainLabel, resolveTarget } from '../workbench/targets';
import { runAiAction } from './aiActions';
import type { ProposalDocuments } from './proposalDocuments';

export const REVIEW_PII = 'Review PII';

export interface AnalysisOutcome {
  logId: string;
  issueId: string;
  result: AnalyzeLogResult;
  /** What was stored: 'severity', 'why'. */
  applied: ('severity' | 'why')[];
}

/** The log a command names: { logId }, an id, a tree row, a trcaa-log: URI, else the active stored log. */
async function logIdOf(services: Services, arg: unknown): Promise<string | undefined> {
  const given = arg as { logId?: unknown } | undefined;
  if (given && typeof given === 'object' && typeof given.logId === 'string') return given.logId;
  if (arg === undefined) {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (uri?.scheme === LOG_SCHEME) return idFromUri(uri);
    throw new Error('Analyze Log with AI works on a stored log: run it on a log in the Issues view, or in an open log.');
  }
  return (await resolveTarget(services, [arg], { kind: 'log', title: 'TRCAA: Analyze Log with AI' }))?.id;
}

/** The analysis as Markdown text (shown as plain text in a read-only editor: never rendered as HTML). */
export function analysisMarkdown(fileName: string, result: AnalyzeLogResult): string {
  return [
    `# AI analysis of ${fileName}`,
    '',
    '> Proposed by the AI from the redacted log. Nothing is stored unless you apply it.',
    '',
    '## Summary',
    '',
    result.summary,
    '',
    '## Findings',
    '',
    ...(result.findings.length ? result.findings.map((f) => `- ${f.status ? `**${f.status}** ` : ''}${f.finding}${f.refs.length ? ` (${f.refs.map((r) => `\`${r}\``).join(', ')})` : ''}`) : ['- none']),
    '',
    '## Suggested first why',
    '',
    `- Question: ${result.suggestedFirstWhy.question}`,
    `- Answer: ${result.suggestedFirstWhy.answer}`,
    '',
    `## Suggested severity: ${result.suggestedSeverity}`,
    '',
  ].join('\n');
}

type ApplyItem = vscode.QuickPickItem & { apply: 'severity' | 'why' };

/** trcaa.ai.analyzeLog({ logId }) → { logId, issueId, result, applied }; undefined when refused, cancelled or no usable reply. */
export async function analyzeLog(services: Services, proposals: ProposalDocuments, arg: unknown): Promise<AnalysisOutcome | undefined> {
  const logId = await logIdOf(services, arg);
  if (!logId) return undefined;
  const store = await services.store();
  const log = await store.logFiles.get(logId);
  if (!log) throw new Error('That log no longer exists: it may have been deleted.');
  if (!log.redacted) {
    // Refused before anything is built: only an approved log's redacted text may leave.
    const choice = await services.ui.showWarningMessage(`TRCAA: ${log.fileName} is not approved for sharing yet. Review PII first: review its PII and approve the redaction — only approved, redacted text is sent to the AI.`, REVIEW_PII);
    if (choice === REVIEW_PII) await vscode.commands.executeCommand('trcaa.pii.reviewLog', logId);
    return undefined;
  }
  const result = await runAiAction(services, { action: 'analyzeLog', issueId: log.issueId, logId }, `analyzing ${log.fileName}`);
  if (!result) return undefined;

  const card = proposals.create(`AI analysis — ${log.fileName}.md`, analysisMarkdown(log.fileName, result));
  await vscode.window.showTextDocument(card, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  const issue = await store.issues.get(log.issueId);
  const steps = await store.steps.listLevels(log.issueId);
  const items: ApplyItem[] = [];
  if (issue && issue.severity !== result.suggestedSeverity) {
    items.push({ label: `Set severity: ${result.suggestedSeverity}`, description: `now ${issue.severity}`, apply: 'severity' });
  }
  if (steps.length < 5) {
    const level = steps.length + 1;
    items.push({ label: plainLabel(`Add ${level === 1 ? 'first why' : `why ${level}`}: ${result.suggestedFirstWhy.question}`), detail: plainLabel(result.suggestedFirstWhy.answer), apply: 'why' });
  }
  const outcome: AnalysisOutcome = { logId, issueId: log.issueId, result, applied: [] };
  if (!items.length) {
    void services.ui.showInformationMessage('TRCAA: the analysis is shown beside; it suggests nothing the incident does not already have.');
    return outcome;
  }
  const picked = await services.ui.showQuickPick(items, { title: `TRCAA: Apply from the AI analysis of ${plainLabel(log.fileName)}`, placeHolder: 'Tick what to apply; nothing else is stored', canPickMany: true, ignoreFocusOut: true });
  for (const item of picked ?? []) {
    if (item.apply === 'severity') await store.issues.update(log.issueId, { severity: result.suggestedSeverity as IssueSeverity });
    if (item.apply === 'why') await store.steps.answerWhy(log.issueId, { level: steps.length + 1, question: result.suggestedFirstWhy.question, answer: result.suggestedFirstWhy.answer });
    outcome.applied.push(item.apply);
  }
  return outcome;
}
