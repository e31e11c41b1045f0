// The look of PII spans in the editor: a border colour per type (theme chart colours, also in the overview ruler) and
// a style per decision, its colours registered in package.json ("colors": trcaa.pii.*, with light, dark and
// high-contrast defaults chosen for at least 4.5:1 text contrast, and themable) — pending: solid border on a tint;
// redact: its own background and text colour, struck through, the replacement after it; keep: a dotted outline.
// One decoration type per (type colour, decision), created once and reused.
import * as vscode from 'vscode';
import { PII_TYPES } from '../../core/pii/types';
import type { PiiDecision } from '../../core/model/logFile';

const PALETTE = ['charts.red', 'charts.blue', 'charts.yellow', 'charts.orange', 'charts.green', 'charts.purple', 'terminal.ansiCyan', 'terminal.ansiMagenta'];

/** The registered colours (package.json "colors"); a theme or workbench.colorCustomizations can change them. */
export const PII_COLOURS = {
  pendingBackground: 'trcaa.pii.pendingBackground',
  redactedBackground: 'trcaa.pii.redactedBackground',
  redactedForeground: 'trcaa.pii.redactedForeground',
  replacementForeground: 'trcaa.pii.replacementForeground',
} as const;

/** Built-in types take colours in order; custom and manual types a colour from their name. */
export function colourIndex(piiType: string): number {
  const builtIn = (PII_TYPES as readonly string[]).indexOf(piiType);
  if (builtIn >= 0) return builtIn % PALETTE.length;
  let hash = 0;
  for (let i = 0; i < piiType.length; i++) hash = (hash * 31 + piiType.charCodeAt(i)) | 0;
  return Math.abs(hash) % PALETTE.length;
}

export const DECISIONS: readonly PiiDecision[] = ['pending', 'redact', 'keep'];

export class DecorationStyles implements vscode.Disposable {
  private readonly types = new Map<string, vscode.TextEditorDecorationType>();

  /** The decoration type of a (type's colour, decision): created on first use, then the same object. */
  typeFor(piiType: string, decision: PiiDecision): vscode.TextEditorDecorationType {
    const key = `${colourIndex(piiType)}:${decision}`;
    let type = this.types.get(key);
    if (!type) {
      type = vscode.window.createTextEditorDecorationType(this.options(colourIndex(piiType), decision));
      this.types.set(key, type);
    }
    return type;
  }

  /** Every type created so far (to clear an editor). */
  all(): vscode.TextEditorDecorationType[] {
    return [...this.types.values()];
  }

  private options(index: number, decision: PiiDecision): vscode.DecorationRenderOptions {
    const colour = new vscode.ThemeColor(PALETTE[index] as string);
    const themed = (id: keyof typeof PII_COLOURS) => new vscode.ThemeColor(PII_COLOURS[id]);
    const common: vscode.DecorationRenderOptions = {
      borderRadius: '2px',
      borderWidth: '1px',
      overviewRulerColor: colour,
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    };
    switch (decision) {
      case 'pending':
        return { ...common, borderStyle: 'solid', borderColor: colour, backgroundColor: themed('pendingBackground') };
      case 'redact':
        return {
          ...common,
          borderStyle: 'solid',
          borderColor: colour,
          backgroundColor: themed('redactedBackground'),
          color: themed('redactedForeground'),
          textDecoration: 'line-through',
          after: { color: themed('replacementForeground'), margin: '0 0 0 3px', fontWeight: 'bold' },
        };
      case 'keep':
        return { ...common, borderStyle: 'dotted', borderColor: colour };
    }
  }

  dispose(): void {
    for (const type of this.types.values()) type.dispose();
    this.types.clear();
  }
}
