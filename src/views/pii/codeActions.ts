// Quick fixes on a PII span of a stored log (the lightbulb, Ctrl+.): redact it, keep it, or decide for every span
// of its type in the log; on a selection, Redact Selection. And the CodeLens on the first line: how many spans,
// how many are pending, and Approve Redaction (or the approval and Revoke).
import * as vscode from 'vscode';
import { labelFor } from '../../core/pii/types';
import { LOG_SCHEME } from '../attachments';
import type { PiiReviewState } from './reviewState';
import { logIdOf } from './reviewState';

export class PiiCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly state: PiiReviewState) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    const found = await this.state.spansAt(document, range);
    if (!found) return [];
    const actions: vscode.CodeAction[] = [];
    const action = (title: string, command: string, args: unknown, preferred = false) => {
      const fix = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      fix.command = { title, command, arguments: [args] };
      fix.isPreferred = preferred;
      actions.push(fix);
    };
    const types = new Set<string>();
    for (const span of found.spans) {
      const one = { logId: found.logId, spanIds: [span.id] };
      if (span.decision !== 'redact') action(`Redact this ${span.replacement}`, 'trcaa.pii.acceptSpan', one, actions.length === 0);
      if (span.decision !== 'keep') action(`Keep original (${labelFor(span.piiType)})`, 'trcaa.pii.keepSpan', one);
      types.add(span.piiType);
    }
    for (const piiType of types) {
      const count = found.review.spans.filter((s) => s.piiType === piiType).length;
      const replacement = found.review.spans.find((s) => s.piiType === piiType)?.replacement ?? piiType;
      action(`Redact all ${count} ${replacement} in this log`, 'trcaa.pii.acceptAllOfType', { logId: found.logId, piiType });
      action(`Keep all ${count} ${replacement} in this log`, 'trcaa.pii.keepAllOfType', { logId: found.logId, piiType });
    }
    if (!range.isEmpty) action('Redact Selection', 'trcaa.pii.redactSelection', undefined);
    return actions;
  }
}

export class PiiCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly listening: vscode.Disposable;

  constructor(private readonly state: PiiReviewState) {
    this.listening = state.onDidChange(() => this.changed.fire());
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const logId = logIdOf(document);
    if (!logId) return [];
    const review = await this.state.review(logId);
    if (!review) return [];
    // Below an excerpt's note when there are spans to place (a log without any is not indexed).
    const firstLine = review.spans.length ? ((await this.state.view(document))?.firstLine ?? 0) : 0;
    const top = new vscode.Range(firstLine, 0, firstLine, 0);
    const pending = review.spans.filter((s) => s.decision === 'pending').length;
    const kept = review.spans.filter((s) => s.decision === 'keep').length;
    const total = review.spans.length;
    const summary = total === 0 ? '$(shield) No PII found' : `$(shield) ${total} PII span${total === 1 ? '' : 's'} · ${pending} pending${kept ? ` · ${kept} kept` : ''}`;
    const lenses = [new vscode.CodeLens(top, { title: summary, command: total ? 'trcaa.pii.nextSpan' : '', tooltip: 'Go to the next PII span' })];
    if (review.log.redacted) {
      lenses.push(new vscode.CodeLens(top, { title: '$(pass-filled) Redaction approved', command: '' }));
      lenses.push(new vscode.CodeLens(top, { title: 'Revoke', command: 'trcaa.pii.revokeApproval', arguments: [logId], tooltip: 'Withdraw the approval: the log cannot be shared until approved again' }));
    } else {
      lenses.push(
        new vscode.CodeLens(top, {
          title: '$(pass) Approve Redaction',
          command: 'trcaa.pii.approveRedaction',
          arguments: [logId],
          tooltip: 'Approve: every span not kept is redacted whenever this log leaves the machine',
        }),
      );
    }
    lenses.push(new vscode.CodeLens(top, { title: '$(preview) Open Redacted View', command: 'trcaa.pii.openRedactedView', arguments: [logId] }));
    return lenses;
  }

  dispose(): void {
    this.listening.dispose();
    this.changed.dispose();
  }
}

export function registerPiiEditorProviders(state: PiiReviewState): vscode.Disposable[] {
  const lenses = new PiiCodeLensProvider(state);
  return [
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: LOG_SCHEME }, lenses),
    vscode.languages.registerCodeActionsProvider({ scheme: LOG_SCHEME }, new PiiCodeActionProvider(state), { providedCodeActionKinds: PiiCodeActionProvider.kinds }),
  ];
}
