// The status bar item: open incidents, critical ones called out; a click opens Search Issues. Hidden until the
// tree has read the counts once, so activation never opens the database just for it.
import * as vscode from 'vscode';
import { statusBarText, statusBarTooltip } from '../core/issues/format';
import type { IssueCounts } from '../core/model/issue';

export class IssuesStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('trcaa.openIncidents', vscode.StatusBarAlignment.Left, 50);

  constructor(onDidChangeCounts: vscode.Event<IssueCounts>) {
    this.item.name = 'TRCAA Open Incidents';
    this.item.command = 'trcaa.searchIssues';
    this.subscription = onDidChangeCounts((counts) => this.update(counts));
  }

  private readonly subscription: vscode.Disposable;

  /** What the item shows now (tests read it). */
  get state(): { visible: boolean; text: string; tooltip: string } {
    return { visible: this.visible, text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '' };
  }

  private visible = false;

  update(counts: IssueCounts): void {
    this.item.text = statusBarText(counts);
    this.item.tooltip = statusBarTooltip(counts);
    this.item.accessibilityInformation = { label: statusBarTooltip(counts) };
    this.item.backgroundColor = counts.activeBySeverity.critical > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
