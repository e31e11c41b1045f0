// Shows the PII spans of an opened stored log as decorations — only those of the lines on screen and a margin
// around them (a 48 MB excerpt can hold 500,000 spans; VS Code would choke on them all, and reading them all costs
// seconds). Drawn when a trcaa-log: editor becomes visible, when it scrolls past what is drawn, and again whenever
// its log's review changes. Scroll events arriving while a window is being fetched are coalesced into one more draw
// for wherever the editor is by then. `applied` keeps what was last drawn per document, for the tests and the
// bench (decorations cannot be read back through the VS Code API).
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import { DecorationStyles } from './decorationStyles';
import type { PiiDecision, PiiSpan } from '../../core/model/logFile';
import type { PiiReviewState } from './reviewState';
import { logIdOf } from './reviewState';
import { covers, lineWindow, type LineWindow, needsRedraw, screenWindow, visibleLines } from './visibleWindow';

export interface AppliedDecoration {
  spanId: string;
  piiType: string;
  decision: PiiDecision;
  /** Document positions (zero-based). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** What is drawn in one editor, and the draw under way. */
interface EditorDraw {
  /** The document lines drawn (undefined: nothing drawn yet). */
  window?: LineWindow;
  /** What is drawn is out of date (the decisions changed): the next draw fetches it again. */
  stale: boolean;
  running?: Promise<void>;
  /** Asked again while running: one more draw when it ends. */
  again: boolean;
}

export class PiiDecorations implements vscode.Disposable {
  private readonly styles = new DecorationStyles();
  private readonly disposables: vscode.Disposable[];
  private readonly draws = new WeakMap<vscode.TextEditor, EditorDraw>();
  /** Document URI → the decorations last applied to its editors. */
  readonly applied = new Map<string, AppliedDecoration[]>();
  /** Document URI → the lines its last draw covered (tests and the bench check the screen is inside). */
  readonly drawnWindows = new Map<string, LineWindow>();

  constructor(
    private readonly services: Services,
    private readonly state: PiiReviewState,
  ) {
    this.disposables = [
      this.styles,
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) void this.follow(editor);
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((event) => void this.follow(event.textEditor)),
      // Decisions are drawn as soon as they are stored; again once the log's counts are loaded (a log that had no
      // spans may have some now).
      state.onDidChangeSpans((logId) => this.applyToLog(logId)),
      state.onDidChange((logId) => this.applyToLog(logId)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.applied.delete(document.uri.toString());
        this.drawnWindows.delete(document.uri.toString());
      }),
    ];
    for (const editor of vscode.window.visibleTextEditors) void this.apply(editor);
  }

  private applyToLog(logId: string): void {
    for (const editor of vscode.window.visibleTextEditors) if (logIdOf(editor.document) === logId) void this.apply(editor);
  }

  /** Redraws the editor's window (its decisions changed). Resolves once drawn, with what was drawn. */
  async apply(editor: vscode.TextEditor): Promise<AppliedDecoration[] | undefined> {
    if (!logIdOf(editor.document)) return undefined;
    const draw = this.drawOf(editor);
    draw.stale = true;
    await this.schedule(editor, draw);
    return this.applied.get(editor.document.uri.toString());
  }

  /**
   * Draws the editor's window when what is on screen nears its edge (nothing to do while scrolling inside it).
   * Resolves once the lines on screen are drawn.
   */
  follow(editor: vscode.TextEditor): Promise<void> {
    if (!logIdOf(editor.document)) return Promise.resolve();
    const draw = this.drawOf(editor);
    if (!draw.stale && !needsRedraw(draw.window, visibleLines(editor.visibleRanges), editor.document.lineCount)) return draw.running ?? Promise.resolve();
    return this.schedule(editor, draw);
  }

  private drawOf(editor: vscode.TextEditor): EditorDraw {
    let draw = this.draws.get(editor);
    if (!draw) {
      draw = { again: false, stale: false };
      this.draws.set(editor, draw);
    }
    return draw;
  }

  /** One draw at a time per editor; asks while one runs collapse into a single draw after it. */
  private schedule(editor: vscode.TextEditor, draw: EditorDraw): Promise<void> {
    draw.again = true;
    draw.running ??= (async () => {
      try {
        while (draw.again) {
          draw.again = false;
          await this.draw(editor, draw);
        }
      } finally {
        draw.running = undefined;
      }
    })();
    return draw.running;
  }

  /** Fetches the spans of the lines on screen and a margin, and draws them (nothing for other documents). */
  private async draw(editor: vscode.TextEditor, draw: EditorDraw): Promise<void> {
    const logId = logIdOf(editor.document);
    if (!logId) return;
    draw.stale = false;
    try {
      const total = await this.state.spanTotal(logId);
      if (total === undefined) return;
      const document = editor.document;
      // Without spans there is nothing to place: the text is not read again to index its lines.
      if (!total) {
        this.paint(editor, [], { startLine: 0, endLine: document.lineCount - 1 });
        draw.window = { startLine: 0, endLine: document.lineCount - 1 };
        return;
      }
      const view = await this.state.view(document);
      if (!view) return;
      const visible = visibleLines(editor.visibleRanges);
      // The screen shows undecorated values (a jump): its own lines first, at once, then the whole window.
      const urgent = !covers(draw.window, visible);
      const window = urgent ? screenWindow(visible, document.lineCount) : lineWindow(visible, document.lineCount);
      const start = view.offsetAt(new vscode.Position(window.startLine, 0));
      const end = window.endLine + 1 >= document.lineCount ? view.shownLength : view.offsetAt(new vscode.Position(window.endLine + 1, 0));
      const spans = await this.state.spansIn(logId, start, end);
      // Scrolled off this window while it was fetched: no use drawing it, the next draw is for where the editor is now.
      if (draw.again && !covers(window, visibleLines(editor.visibleRanges))) return;
      const placed = spans.flatMap((span) => {
        const range = view.rangeOf(span.startOffset, span.endOffset);
        return range ? [{ span, range }] : []; // beyond an excerpt
      });
      this.paint(editor, placed, window);
      draw.window = window;
      if (urgent) draw.again = true;
    } catch (error) {
      // Deleted while shown: nothing to draw, nothing to report.
      if (!(await this.state.review(logId).catch(() => undefined))) return;
      this.services.log.error(`[pii] could not show the PII spans of log ${logId}: ${(error as Error).message}`);
    }
  }

  private paint(editor: vscode.TextEditor, placed: { span: PiiSpan; range: vscode.Range }[], window: LineWindow): void {
    const byType = new Map<vscode.TextEditorDecorationType, vscode.DecorationOptions[]>();
    const applied: AppliedDecoration[] = [];
    for (const { span, range } of placed) {
      const type = this.styles.typeFor(span.piiType, span.decision);
      const options: vscode.DecorationOptions = span.decision === 'redact' ? { range, renderOptions: { after: { contentText: span.replacement } } } : { range };
      const list = byType.get(type);
      if (list) list.push(options);
      else byType.set(type, [options]);
      applied.push({ spanId: span.id, piiType: span.piiType, decision: span.decision, range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } } });
    }
    for (const type of this.styles.all()) editor.setDecorations(type, byType.get(type) ?? []);
    this.applied.set(editor.document.uri.toString(), applied);
    this.drawnWindows.set(editor.document.uri.toString(), window);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
