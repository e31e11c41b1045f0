// The PII review, loaded when a stored log opens or a trcaa.pii.* command first runs (contributePii.ts): the review
// state, decorations, hover, quick fixes, CodeLens, the redacted view's content and the context key the editor
// title's menu reads.
import * as vscode from 'vscode';
import type { CommandTable, LoadedFeature } from '../workbench/lazyFeature';
import type { Services } from '../workbench/services';
import { quickFixAtCursor, registerPiiEditorProviders } from './codeActions';
import { PiiDecorations } from './decorations';
import { registerPiiHover } from './hover';
import { RedactedContentProvider } from './redactedView';
import { redactedLogId } from './redactedUri';
import { logIdOf, PiiReviewState } from './reviewState';
import { copyRedacted, exportRedactedLog, openRedactedView } from './egressCommands';
import { approveRedaction, decideSpans, decideType, redactSelection, rescanLog, reviewLog, revokeApproval, stepSpan } from './reviewCommands';
import type { PiiCommand } from './commandIds';
import { decideValues, reviewByValue } from './valueReview';

export interface PiiWorkbench extends LoadedFeature<PiiCommand> {
  state: PiiReviewState;
  /** The decorations last drawn per document (tests read them). */
  decorations: PiiDecorations;
  redactedContent: RedactedContentProvider;
}

/** The trees follow a review's writes through the change channel: nothing here refreshes them. */
export function loadPii(services: Services): PiiWorkbench {
  const state = new PiiReviewState(services);
  const decorations = new PiiDecorations(services, state);
  const redactedContent = new RedactedContentProvider(services, state);

  // The editor title shows Approve or Revoke for the active stored log or redacted view.
  const updateContext = async () => {
    const document = vscode.window.activeTextEditor?.document;
    const logId = document && (logIdOf(document) ?? redactedLogId(document.uri));
    const review = logId ? await state.review(logId).catch(() => undefined) : undefined;
    void vscode.commands.executeCommand('setContext', 'trcaa.pii.activeLogApproved', review?.log.redacted === true);
  };
  void updateContext();

  const commands: CommandTable<PiiCommand> = {
    'trcaa.pii.reviewLog': (arg) => reviewLog(services, arg),
    'trcaa.pii.acceptSpan': (arg) => decideSpans(services, state, arg, 'redact'),
    'trcaa.pii.keepSpan': (arg) => decideSpans(services, state, arg, 'keep'),
    'trcaa.pii.redactSelection': (arg) => redactSelection(services, state, arg),
    'trcaa.pii.acceptAllOfType': (arg) => decideType(services, state, arg, 'redact'),
    'trcaa.pii.keepAllOfType': (arg) => decideType(services, state, arg, 'keep'),
    'trcaa.pii.approveRedaction': (arg) => approveRedaction(services, state, arg),
    'trcaa.pii.revokeApproval': (arg) => revokeApproval(services, state, arg),
    'trcaa.pii.rescanLog': (arg) => rescanLog(services, state, arg),
    'trcaa.pii.openRedactedView': (arg) => openRedactedView(services, arg),
    'trcaa.pii.copyRedacted': (arg) => copyRedacted(services, arg),
    'trcaa.pii.exportRedactedLog': (arg) => exportRedactedLog(services, arg),
    'trcaa.pii.quickFix': () => quickFixAtCursor(services, state),
    'trcaa.pii.nextSpan': () => stepSpan(state, 1),
    'trcaa.pii.previousSpan': () => stepSpan(state, -1),
    'trcaa.pii.reviewByValue': (arg) => reviewByValue(services, state, arg),
    'trcaa.pii.keepValue': (arg) => decideValues(services, state, arg, 'keep'),
    'trcaa.pii.redactValue': (arg) => decideValues(services, state, arg, 'redact'),
  };
  const disposables: vscode.Disposable[] = [
    state,
    decorations,
    redactedContent,
    registerPiiHover(state),
    ...registerPiiEditorProviders(state),
    vscode.window.onDidChangeActiveTextEditor(() => void updateContext()),
    state.onDidChange(() => void updateContext()),
  ];
  return { commands, disposables, state, decorations, redactedContent };
}
