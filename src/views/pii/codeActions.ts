// Quick fixes on a PII span of a stored log (Ctrl+., the editor's context menu): redact it, keep it, or decide for every span
// of its type in the log; on a selection, Redact Selection. And the CodeLens on the first line: how many spans,
// how many are pending, and Approve Redaction (or the approval and Revoke).
import * as vscode from 'vscode';
import { labelFor } from '../../core/pii/types';
import { LOG_SCHEME } from '../attachments';
import type { Services } from '../workbench/services';
import type { PiiReviewState } from './reviewState';
import { logIdOf } from './reviewState';

/** Spans under a selection that get decisions of their own. */
const MAX_SPAN_FIXES = 10;

/** One decision offered on the spans under a range: the command it runs and its argument. */
export interface SpanFix {
  title: string;
  command: string;
  args: unknown;
  preferred: boolean;
}

/** The decisions on the spans under `range` of a stored log (none elsewhere): one list for both ways of asking. */
export async function spanFixes(state: PiiReviewState, document: vscode.TextDocument, range: vscode.Range): Promise<SpanFix[]> {
  const found = await state.spansAt(document, range);
  if (!found) return [];
  const fixes: SpanFix[] = [];
  const fix = (title: string, command: string, args: unknown, preferred = false) => fixes.push({ title, command, args, preferred });
  const types = new Set(found.spans.map((s) => s.piiType));
  // A selection over thousands of spans: the decisions of the first few, and those of their types.
  for (const span of found.spans.slice(0, MAX_SPAN_FIXES)) {
    const one = { logId: found.logId, spanIds: [span.id] };
    if (span.decision !== 'redact') fix(`Redact this ${span.replacement}`, 'trcaa.pii.acceptSpan', one, fixes.length === 0);
    if (span.decision !== 'keep') fix(`Keep original (${labelFor(span.piiType)})`, 'trcaa.pii.keepSpan', one);
    // The value itself stays out of the title (as out of the hover): "this value" is the one under the cursor.
    const value = { logId: found.logId, values: [{ piiType: span.piiType, value: span.originalValue }] };
    fix(`Keep every occurrence of this value (${labelFor(span.piiType)})`, 'trcaa.pii.keepValue', value);
    fix(`Redact every occurrence of this value (${labelFor(span.piiType)})`, 'trcaa.pii.redactValue', value);
  }
  for (const piiType of types) {
    const count = found.review.byType[piiType] ?? 0;
    const replacement = found.spans.find((s) => s.piiType === piiType)?.replacement ?? piiType;
    fix(`Redact all ${count} ${replacement} in this log`, 'trcaa.pii.acceptAllOfType', { logId: found.logId, piiType });
    fix(`Keep all ${count} ${replacement} in this log`, 'trcaa.pii.keepAllOfType', { logId: found.logId, piiType });
  }
  if (!range.isEmpty) fix('Redact Selection', 'trcaa.pii.redactSelection', undefined);
  return fixes;
}

/**
 * The lightbulb for editors that are not read-only (a provider for trcaa-log: documents). VS Code computes no code
 * actions in a read-only editor — and the stored copy is one — so Ctrl+. there runs trcaa.pii.quickFix instead.
 */
export class PiiCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly state: PiiReviewState) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): Promise<vscode.CodeAction[]> {
    return (await spanFixes(this.state, document, range)).map((f) => {
      const action = new vscode.CodeAction(f.title, vscode.CodeActionKind.QuickFix);
      action.command = { title: f.title, command: f.command, arguments: [f.args] };
      action.isPreferred = f.preferred;
      return action;
    });
  }
}

/**
 * PII Quick Fix… (Ctrl+. in a stored log, its editor context menu): the same decisions as the lightbulb would
 * offer, in a QuickPick, for the span under the cursor. Returns the command run, if any.
 */
export async function quickFixAtCursor(services: Services, state: PiiReviewState): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !logIdOf(editor.document)) throw new Error('PII Quick Fix works in a stored log opened for review (TRCAA: Review PII).');
  const fixes = await spanFixes(state, editor.document, editor.selection);
  if (!fixes.length) {
    void services.ui.showInformationMessage('TRCAA: there is no PII span under the cursor. Select text to redact it, or go to the next span (TRCAA: Next PII Span).');
    return undefined;
  }
  const picked = await services.ui.showQuickPick(
    fixes.map((f) => ({ label: `$(${f.command.includes('keep') ? 'eye' : 'eye-closed'}) ${f.title}`, fix: f })),
    { title: 'TRCAA: PII Quick Fix', placeHolder: 'Decide on the PII span under the cursor' },
  );
  if (!picked) return undefined;
  await vscode.commands.executeCommand(picked.fix.command, picked.fix.args);
  return picked.fix.command;
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
    const firstLine = review.total ? ((await this.state.view(document))?.firstLine ?? 0) : 0;
    const top = new vscode.Range(firstLine, 0, firstLine, 0);
    const { pending, kept, total } = review;
    const summary = total === 0 ? '$(shield) No PII found' : `$(shield) ${total.toLocaleString('en')} PII span${total === 1 ? '' : 's'} · ${pending.toLocaleString('en')} pending${kept ? ` · ${kept.toLocaleString('en')} kept` : ''}`;
    const lenses = [new vscode.CodeLens(top, { title: summary, command: total ? 'trcaa.pii.nextSpan' : '', tooltip: 'Go to the next PII span' })];
    if (total) lenses.push(new vscode.CodeLens(top, { title: '$(list-filter) Review by Value', command: 'trcaa.pii.reviewByValue', arguments: [logId], tooltip: 'The distinct values with their counts, per type: keep or redact every occurrence at once' }));
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
