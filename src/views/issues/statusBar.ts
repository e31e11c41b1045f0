// The status bar item: open incidents, critical ones called out; a click opens Search Issues. Hidden until the
// database has been opened (by the view or a command): activation never opens it just for this.
import * as vscode from 'vscode';
import { statusBarText, statusBarTooltip } from '../../core/issues/format';
import type { IssueCounts } from '../../core/model/issue';

export class IssuesStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('trcaa.openIncidents', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;
  private visible = false;

  constructor(onDidChangeCounts: vscode.Event<IssueCounts>) {
    this.item.name = 'TRCAA Open Incidents';
    this.item.command = 'trcaa.searchIssues';
    this.subscription = onDidChangeCounts((counts) => this.update(counts));
  }

  /** What the item shows now (tests read it). */
  get state(): { visible: boolean; text: string; tooltip: string } {
    return { visible: this.visible, text: this.item.text, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : '' };
  }

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
