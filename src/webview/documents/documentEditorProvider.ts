// The RCA / post-mortem editor: a custom TEXT editor, so the TextDocument (over trcaa-doc:) stays the truth and
// VS Code owns dirty state, undo, save and hot exit. The webview shows the source and a host-rendered preview.
import * as vscode from 'vscode';
import { documentEditorHtml } from './documentEditorHtml';
import { newNonce } from '../host/webviewPage';
import { webviewMessageSchema, type HostMessage } from './documentProtocol';
import { renderPreview } from './markdownPreview';

export const DOCUMENT_EDITOR_VIEW_TYPE = 'trcaa.documentEditor';

export class DocumentEditorProvider implements vscode.CustomTextEditorProvider {
  /** Open editors and their documents; tests drive them through handleMessage(). */
  readonly panels = new Map<vscode.WebviewPanel, vscode.TextDocument>();
  /** The last HTML page and host message per panel, for tests (the webview's DOM is out of the host's reach). */
  readonly lastPage = new WeakMap<vscode.WebviewPanel, string>();
  readonly lastMessage = new WeakMap<vscode.WebviewPanel, HostMessage>();
  /** Panels whose front end said `ready`: its bundle loaded under the CSP and listens. */
  readonly ready = new WeakSet<vscode.WebviewPanel>();
  /** Panels whose own edit is being applied: the change it causes refreshes only the preview. */
  private readonly applying = new Set<vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const assets = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [assets] };
    const page = documentEditorHtml(panel.webview, assets, newNonce());
    this.lastPage.set(panel, page);
    panel.webview.html = page;
    this.panels.set(panel, document);

    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: unknown) => void this.handleMessage(panel, message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document !== document || event.contentChanges.length === 0) return;
        const text = document.getText();
        void this.post(panel, this.applying.has(panel) ? { type: 'preview', html: renderPreview(text) } : { type: 'update', text, html: renderPreview(text) });
      }),
    ];
    panel.onDidDispose(() => {
      this.panels.delete(panel);
      for (const s of subscriptions) s.dispose();
    });
  }

  /** One message from the webview: validated, then acted on; anything else is logged by shape and ignored. */
  async handleMessage(panel: vscode.WebviewPanel, raw: unknown): Promise<boolean> {
    const document = this.panels.get(panel);
    const parsed = webviewMessageSchema.safeParse(raw);
    if (!document || !parsed.success) {
      // Never the content: a document may quote logs. Only where the message went wrong.
      const where = parsed.success ? 'no open document' : parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.code}`).join(', ');
      this.log.warn(`[documentEditor] ignored an invalid message from the webview (${where})`);
      return false;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready': {
        this.ready.add(panel);
        const text = document.getText();
        await this.post(panel, { type: 'update', text, html: renderPreview(text) });
        return true;
      }
      case 'edit':
        return this.applyEdit(panel, document, message.text);
      case 'openLog':
        await vscode.commands.executeCommand('trcaa.openLogLines', { logFileId: message.logFileId, startLine: message.startLine, endLine: Math.max(message.startLine, message.endLine) });
        return true;
    }
  }

  /** The webview's whole text replaces the document's through a WorkspaceEdit: one undo step, dirty as usual. */
  private async applyEdit(panel: vscode.WebviewPanel, document: vscode.TextDocument, text: string): Promise<boolean> {
    if (text === document.getText()) return true;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, document.validateRange(new vscode.Range(0, 0, document.lineCount, 0)), text);
    this.applying.add(panel);
    try {
      return await vscode.workspace.applyEdit(edit);
    } finally {
      this.applying.delete(panel);
    }
  }

  private async post(panel: vscode.WebviewPanel, message: HostMessage): Promise<void> {
    this.lastMessage.set(panel, message);
    // A panel closed meanwhile refuses the message; nothing to do then.
    await Promise.resolve(panel.webview.postMessage(message)).catch(() => false);
  }
}
