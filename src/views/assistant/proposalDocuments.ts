// trcaa-ai-proposal: — read-only text documents holding what the AI proposed (a drafted document beside its current
// text in a diff, a log analysis), kept in memory only: nothing here is stored, and the tab's text is plain (an
// editor never renders the model's Markdown as HTML).
import * as vscode from 'vscode';

export const PROPOSAL_SCHEME = 'trcaa-ai-proposal';
const KEEP = 20;

export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this);
  private counter = 0;

  /** A new read-only document with `text`; its tab reads `name`. */
  create(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${name.replace(/[\\/:*?"<>|\n\r]+/g, ' ').slice(0, 120)}`, query: `n=${++this.counter}` });
    this.texts.set(uri.toString(), text);
    // The oldest proposals go: a closed proposal is not reopened.
    while (this.texts.size > KEEP) this.texts.delete(this.texts.keys().next().value as string);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This AI proposal is no longer kept: ask again.';
  }

  /** Closes the tabs that show `uri` (alone or as a side of a diff). */
  async close(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => {
      const input = tab.input;
      if (input instanceof vscode.TabInputText) return input.uri.toString() === key;
      if (input instanceof vscode.TabInputTextDiff) return input.modified.toString() === key || input.original.toString() === key;
      return false;
    });
    if (tabs.length) await vscode.window.tabGroups.close(tabs).then(undefined, () => false);
    this.texts.delete(key);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
