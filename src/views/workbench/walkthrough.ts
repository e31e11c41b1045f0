// The getting-started walkthrough ticks a step only when its work was done: each step completes on a context key
// (package.json: "completionEvents": ["onContext:trcaa.walkthrough.<step>"]) that is set here once the database
// reports that work — never merely because a command ran (a command that failed or was cancelled ticks nothing).
import * as vscode from 'vscode';
import type { ChangedEntity, ChangeEvent } from './changeChannel';
import type { Services } from './services';

/** Which created rows complete which step. */
const stepOnCreated: Partial<Record<ChangedEntity, string>> = {
  issue: 'issueCreated',
  log: 'logAttached',
  step: 'whysAnswered',
  document: 'documentGenerated',
};

/** Marks a walkthrough step done (its context key; VS Code keeps the tick). */
export function completeWalkthroughStep(step: string): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', `trcaa.walkthrough.${step}`, true);
}

function stepsDone(event: ChangeEvent): Set<string> {
  const done = new Set<string>();
  if (event.external) return done; // another window's work is that window's walkthrough
  for (const change of event.changes) {
    const onCreated = stepOnCreated[change.entity];
    if (onCreated && change.kind === 'created') done.add(onCreated);
    // A decision on a value (redact, keep) or an approval is a review.
    if (change.entity === 'pii' && change.kind === 'updated') done.add('piiReviewed');
  }
  return done;
}

export function trackWalkthrough(services: Services): vscode.Disposable {
  const pending = new Set(['issueCreated', 'logAttached', 'piiReviewed', 'whysAnswered', 'documentGenerated']);
  return services.changes.onDidChange((event) => {
    for (const step of stepsDone(event)) {
      if (pending.delete(step)) void completeWalkthroughStep(step);
    }
  });
}
