import * as vscode from 'vscode';

/**
 * The Issues view. Until the incident store lands it has no rows, so VS Code shows the view's
 * viewsWelcome content (package.json) — the empty state a new user sees.
 */
export class IssuesTreeProvider implements vscode.TreeDataProvider<never> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  getTreeItem(element: never): vscode.TreeItem {
    return element;
  }

  getChildren(): never[] {
    return [];
  }

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
