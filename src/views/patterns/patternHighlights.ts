// A pattern's occurrences highlighted in the stored log (one decoration type, with marks in the overview ruler),
// and Next / Previous Occurrence moving the cursor between them. One pattern is highlighted at a time; the
// `trcaa.patternLinesShown` context key is true while the active editor shows it (the keybindings' condition).
import * as vscode from 'vscode';

export const PATTERN_LINES_CONTEXT = 'trcaa.patternLinesShown';

interface Shown {
  uri: string;
  logId: string;
  patternId: string;
  template: string;
  /** 1-based, ascending. */
  lines: number[];
}

export class PatternHighlights implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
  });
  private shown: Shown | undefined;
  private readonly subscriptions: vscode.Disposable[];
  /** The ranges last drawn, per document URI (tests read them: decorations are out of the API's reach). */
  readonly drawn = new Map<string, vscode.Range[]>();

  constructor() {
    this.subscriptions = [
      vscode.window.onDidChangeVisibleTextEditors(() => this.redraw()),
      vscode.window.onDidChangeActiveTextEditor(() => void this.updateContext()),
    ];
  }

  /** What is highlighted now. */
  get current(): Readonly<Shown> | undefined {
    return this.shown;
  }

  /** Highlights `lines` of the log shown in `editor` and moves to `line` (or the first). */
  show(editor: vscode.TextEditor, what: Omit<Shown, 'uri'>, line?: number): void {
    this.shown = { ...what, uri: editor.document.uri.toString() };
    this.redraw();
    const target = line ?? what.lines[0];
    if (target !== undefined) this.moveTo(editor, target);
    void this.updateContext();
  }

  /** Moves to the next (or previous) occurrence from the cursor, wrapping around. Returns the 1-based line, or undefined when nothing is highlighted here. */
  step(direction: 1 | -1): number | undefined {
    const editor = vscode.window.activeTextEditor;
    const shown = this.shown;
    if (!editor || !shown || editor.document.uri.toString() !== shown.uri || !shown.lines.length) return undefined;
    const here = editor.selection.active.line + 1;
    const lines = shown.lines;
    const target = direction > 0 ? (lines.find((l) => l > here) ?? lines[0]) : ([...lines].reverse().find((l) => l < here) ?? lines[lines.length - 1]);
    if (target === undefined) return undefined;
    this.moveTo(editor, target);
    const index = lines.indexOf(target) + 1;
    vscode.window.setStatusBarMessage(`TRCAA: occurrence ${index} of ${lines.length} — ${shown.template.slice(0, 80)}`, 4000);
    return target;
  }

  clear(): void {
    this.shown = undefined;
    this.redraw();
    void this.updateContext();
  }

  private moveTo(editor: vscode.TextEditor, line: number): void {
    const index = Math.min(line, editor.document.lineCount) - 1;
    const range = editor.document.lineAt(index).range;
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private redraw(): void {
    this.drawn.clear();
    for (const editor of vscode.window.visibleTextEditors) {
      const uri = editor.document.uri.toString();
      const ranges =
        this.shown && uri === this.shown.uri
          ? this.shown.lines.filter((l) => l <= editor.document.lineCount).map((l) => editor.document.lineAt(l - 1).range)
          : [];
      editor.setDecorations(this.decoration, ranges);
      if (ranges.length) this.drawn.set(uri, ranges);
    }
  }

  private async updateContext(): Promise<void> {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    await vscode.commands.executeCommand('setContext', PATTERN_LINES_CONTEXT, !!this.shown && active === this.shown.uri);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.decoration.dispose();
    void vscode.commands.executeCommand('setContext', PATTERN_LINES_CONTEXT, false);
  }
}
