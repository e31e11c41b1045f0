// The look of PII spans in the editor: a colour per type (theme chart colours for borders and text, a fixed
// translucent palette for backgrounds, readable in light, dark and high-contrast themes) and a style per
// decision — pending: solid border and tint; redact: stronger tint, struck through, the replacement after it;
// keep: a dotted outline only. One decoration type per (colour, decision), created once and reused.
import * as vscode from 'vscode';
import { PII_TYPES } from '../../core/pii/types';
import type { PiiDecision } from '../../core/model/logFile';

const PALETTE: { theme: string; rgb: string }[] = [
  { theme: 'charts.red', rgb: '229, 83, 75' },
  { theme: 'charts.blue', rgb: '55, 148, 255' },
  { theme: 'charts.yellow', rgb: '204, 167, 0' },
  { theme: 'charts.orange', rgb: '209, 134, 22' },
  { theme: 'charts.green', rgb: '56, 158, 80' },
  { theme: 'charts.purple', rgb: '176, 111, 232' },
  { theme: 'terminal.ansiCyan', rgb: '17, 168, 205' },
  { theme: 'terminal.ansiMagenta', rgb: '188, 63, 188' },
];

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
    const { theme, rgb } = PALETTE[index] as { theme: string; rgb: string };
    const colour = new vscode.ThemeColor(theme);
    const common: vscode.DecorationRenderOptions = {
      borderRadius: '2px',
      borderWidth: '1px',
      overviewRulerColor: colour,
      overviewRulerLane: vscode.OverviewRulerLane.Right,
      rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
    };
    switch (decision) {
      case 'pending':
        return { ...common, borderStyle: 'solid', borderColor: colour, backgroundColor: `rgba(${rgb}, 0.22)` };
      case 'redact':
        return {
          ...common,
          borderStyle: 'solid',
          borderColor: colour,
          backgroundColor: `rgba(${rgb}, 0.38)`,
          textDecoration: 'line-through',
          after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 3px', fontStyle: 'italic' },
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
