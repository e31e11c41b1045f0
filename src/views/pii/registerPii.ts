// Wires the PII review: the review state, decorations, hover, quick fixes, CodeLens, the redacted view, the
// trcaa.pii.* commands and the context key the editor title's menu reads. Called from activate().
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import { quickFixAtCursor, registerPiiEditorProviders } from './codeActions';
import { PiiDecorations } from './decorations';
import { registerPiiHover } from './hover';
import { redactedLogId, registerRedactedView } from './redactedView';
import { logIdOf, PiiReviewState } from './reviewState';
import { commandGuard } from '../workbench/guardedCommand';
import { copyRedacted, exportRedactedLog, openRedactedView } from './egressCommands';
import { approveRedaction, decideSpans, decideType, redactSelection, rescanLog, reviewLog, revokeApproval, stepSpan } from './reviewCommands';

export interface PiiWorkbench {
  state: PiiReviewState;
  /** The decorations last drawn per document (tests read them). */
  decorations: PiiDecorations;
  disposables: vscode.Disposable[];
}

/** The trees follow a review's writes through the change channel: nothing here refreshes them. */
export function registerPii(services: Services): PiiWorkbench {
  const state = new PiiReviewState(services);
  const decorations = new PiiDecorations(services, state);
  const guarded = commandGuard(services, 'pii');
  const register = (id: string, work: (arg?: unknown) => unknown) => vscode.commands.registerCommand(id, guarded((arg?: unknown) => work(arg), id));

  // The editor title shows Approve or Revoke for the active stored log or redacted view.
  const updateContext = async () => {
    const document = vscode.window.activeTextEditor?.document;
    const logId = document && (logIdOf(document) ?? redactedLogId(document.uri));
    const review = logId ? await state.review(logId).catch(() => undefined) : undefined;
    void vscode.commands.executeCommand('setContext', 'trcaa.pii.activeLogApproved', review?.log.redacted === true);
  };

  const disposables: vscode.Disposable[] = [
    state,
    decorations,
    registerPiiHover(state),
    ...registerPiiEditorProviders(state),
    registerRedactedView(services, state),
    vscode.window.onDidChangeActiveTextEditor(() => void updateContext()),
    state.onDidChange(() => void updateContext()),
    register('trcaa.pii.reviewLog', (arg) => reviewLog(services, arg)),
    register('trcaa.pii.acceptSpan', (arg) => decideSpans(services, state, arg, 'redact')),
    register('trcaa.pii.keepSpan', (arg) => decideSpans(services, state, arg, 'keep')),
    register('trcaa.pii.redactSelection', (arg) => redactSelection(services, state, arg)),
    register('trcaa.pii.acceptAllOfType', (arg) => decideType(services, state, arg, 'redact')),
    register('trcaa.pii.keepAllOfType', (arg) => decideType(services, state, arg, 'keep')),
    register('trcaa.pii.approveRedaction', (arg) => approveRedaction(services, state, arg)),
    register('trcaa.pii.revokeApproval', (arg) => revokeApproval(services, state, arg)),
    register('trcaa.pii.rescanLog', (arg) => rescanLog(services, state, arg)),
    register('trcaa.pii.openRedactedView', (arg) => openRedactedView(services, arg)),
    register('trcaa.pii.copyRedacted', (arg) => copyRedacted(services, arg)),
    register('trcaa.pii.exportRedactedLog', (arg) => exportRedactedLog(services, arg)),
    register('trcaa.pii.quickFix', () => quickFixAtCursor(services, state)),
    register('trcaa.pii.nextSpan', () => stepSpan(state, 1)),
    register('trcaa.pii.previousSpan', () => stepSpan(state, -1)),
  ];
  return { state, decorations, disposables };
}
