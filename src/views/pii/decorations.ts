// Shows each PII span of an opened stored log as a decoration: applied when a trcaa-log: editor becomes visible
// and again whenever its log's review changes. `applied` keeps what was last drawn per document, for the tests
// (decorations cannot be read back through the VS Code API).
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import { DecorationStyles } from './decorationStyles';
import type { PiiDecision } from '../../core/model/logFile';
import type { PiiReviewState } from './reviewState';
import { logIdOf } from './reviewState';

export interface AppliedDecoration {
  spanId: string;
  piiType: string;
  decision: PiiDecision;
  /** Document positions (zero-based). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export class PiiDecorations implements vscode.Disposable {
  private readonly styles = new DecorationStyles();
  private readonly disposables: vscode.Disposable[];
  /** Document URI → the decorations last applied to its editors. */
  readonly applied = new Map<string, AppliedDecoration[]>();

  constructor(
    private readonly services: Services,
    private readonly state: PiiReviewState,
  ) {
    this.disposables = [
      this.styles,
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) void this.apply(editor);
      }),
      state.onDidChange((logId) => {
        for (const editor of vscode.window.visibleTextEditors) if (logIdOf(editor.document) === logId) void this.apply(editor);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.applied.delete(document.uri.toString())),
    ];
    for (const editor of vscode.window.visibleTextEditors) void this.apply(editor);
  }

  /** Draws the spans of the editor's log (nothing for other documents). Resolves once drawn. */
  async apply(editor: vscode.TextEditor): Promise<AppliedDecoration[] | undefined> {
    const logId = logIdOf(editor.document);
    if (!logId) return undefined;
    try {
      const review = await this.state.review(logId);
      if (!review) return undefined;
      // Without spans there is nothing to place: the text is not read again to index its lines.
      const view = review.spans.length ? await this.state.view(editor.document) : undefined;
      if (review.spans.length && !view) return undefined;
      const byType = new Map<vscode.TextEditorDecorationType, vscode.DecorationOptions[]>();
      const applied: AppliedDecoration[] = [];
      for (const span of review.spans) {
        const range = view?.rangeOf(span.startOffset, span.endOffset);
        if (!range) continue; // beyond an excerpt
        const type = this.styles.typeFor(span.piiType, span.decision);
        const options: vscode.DecorationOptions = span.decision === 'redact' ? { range, renderOptions: { after: { contentText: span.replacement } } } : { range };
        const list = byType.get(type);
        if (list) list.push(options);
        else byType.set(type, [options]);
        applied.push({ spanId: span.id, piiType: span.piiType, decision: span.decision, range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } } });
      }
      for (const type of this.styles.all()) editor.setDecorations(type, byType.get(type) ?? []);
      this.applied.set(editor.document.uri.toString(), applied);
      return applied;
    } catch (error) {
      this.services.log.error(`[pii] could not show the PII spans of log ${logId}: ${(error as Error).message}`);
      return undefined;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
