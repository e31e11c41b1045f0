// Status Update with AI: a two-sentence summary of the incident for stakeholders, from its redacted data. Shown in a
// modal: Copy puts it on the clipboard, Insert into Description appends it (dated) to the incident's description;
// closing the modal discards it.
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import { resolveTarget } from '../workbench/targets';
import { runAiAction } from './aiActions';

export const COPY = 'Copy';
export const INSERT = 'Insert into Description';

export interface StatusUpdateOutcome {
  issueId: string;
  summary: string;
  outcome: 'copied' | 'inserted' | 'discarded';
}

/** trcaa.ai.statusUpdate({ issueId }) → { issueId, summary, outcome }; undefined when cancelled or no usable reply. */
export async function statusUpdate(services: Services, arg: unknown): Promise<StatusUpdateOutcome | undefined> {
  const target = await resolveTarget(services, arg === undefined ? [] : [arg], { kind: 'issue', title: 'TRCAA: Write Status Update with AI' });
  if (!target) return undefined;
  const issueId = target.id;
  const store = await services.store();
  const issue = await store.issues.get(issueId);
  if (!issue) throw new Error('That incident no longer exists: it may have been deleted.');
  const result = await runAiAction(services, { action: 'statusUpdate', issueId }, 'writing a status update');
  if (!result) return undefined;
  const summary = result.summary;
  const choice = await services.ui.showInformationMessage(`Status update: ${issue.title}`, { modal: true, detail: `${summary}\n\nWritten by the AI from the redacted incident. Check it before you send it.` }, COPY, INSERT);
  if (choice === COPY) {
    await vscode.env.clipboard.writeText(summary);
    vscode.window.setStatusBarMessage('$(copy) TRCAA: status update copied', 5000);
    return { issueId, summary, outcome: 'copied' };
  }
  if (choice === INSERT) {
    // The description as it is now, not as it was before the model answered.
    const current = (await store.issues.get(issueId))?.description?.trimEnd();
    const stamped = `Status update (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC): ${summary}`;
    await store.issues.update(issueId, { description: current ? `${current}\n\n${stamped}` : stamped });
    return { issueId, summary, outcome: 'inserted' };
  }
  return { issueId, summary, outcome: 'discarded' };
}
