// The rendered preview of a stored document, beside VS Code's own text editor over the same trcaa-doc: file. It is
// a custom TEXT editor, so the TextDocument stays the one truth (typing, undo, save, a change from another window
// all arrive through it) and VS Code restores the tab after a reload. The source and the preview scroll together:
// the text editor's first visible line → the preview's block of that line, and back.
import * as vscode from 'vscode';
import { newNonce, webviewPage } from '../host/webviewPage';
import { WebviewChannel } from '../host/webviewChannel';
import { previewMessageSchema, type PreviewHostMessage, type PreviewMessage } from './documentProtocol';
import { renderPreview } from './markdownPreview';


/** After one side scrolled the other, its own scroll event is an echo for this long, not the person. */
const ECHO_MS = 300;
/** A line revealed "at the top" keeps a few lines of context above it. */
const CONTEXT_LINES = 10;

interface OpenPreview {
  document: vscode.TextDocument;
  channel: WebviewChannel<PreviewMessage, PreviewHostMessage>;
  /** Until when the text editor's visible-range change is our own reveal, and the line it revealed. */
  revealedUntil: number;
  revealedLine?: number;
}

export class DocumentPreviewProvider implements vscode.CustomTextEditorProvider {
  /** Open previews and their documents. */
  readonly panels = new Map<vscode.WebviewPanel, vscode.TextDocument>();
  /** Panels whose front end said `ready`: its bundle loaded under the CSP and listens. */
  readonly ready = new WeakSet<vscode.WebviewPanel>();
  /** The last HTML page per panel, for tests (the webview's DOM is out of the host's reach). */
  readonly lastPage = new WeakMap<vscode.WebviewPanel, string>();
  private readonly open = new WeakMap<vscode.WebviewPanel, OpenPreview>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The messages last posted to a panel, for tests. */
  readonly lastMessages = { get: (panel: vscode.WebviewPanel) => this.open.get(panel)?.channel.sent };

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const assets = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    panel.webview.options = { enableScripts: true, localResourceRoots: [assets] };
    const preview: OpenPreview = {
      document,
      revealedUntil: 0,
      channel: new WebviewChannel<PreviewMessage, PreviewHostMessage>(
        panel.webview,
        previewMessageSchema,
        {
          onReady: async () => {
            this.ready.add(panel);
            await preview.channel.post({ type: 'preview', html: renderPreview(document.getText()) });
            const editor = this.textEditorOf(document);
            if (editor) await preview.channel.post({ type: 'scrollTo', line: editor.visibleRanges[0]?.start.line ?? 0 });
          },
          onMessage: (message) => this.handle(preview, message),
        },
        this.log,
        'documentPreview',
        new Set(['preview', 'scrollTo']),
      ),
    };
    this.open.set(panel, preview);
    this.panels.set(panel, document);
    const page = webviewPage(panel.webview, assets, newNonce(), { view: 'document', title: 'TRCAA document preview', body: PREVIEW_BODY });
    this.lastPage.set(panel, page);
    panel.webview.html = page;

    const subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === document && event.contentChanges.length > 0) void preview.channel.post({ type: 'preview', html: renderPreview(document.getText()) });
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((event) => {
        const line = event.visibleRanges[0]?.start.line ?? 0;
        if (event.textEditor.document !== document || Date.now() < preview.revealedUntil || Math.abs(line - (preview.revealedLine ?? -CONTEXT_LINES * 2)) <= CONTEXT_LINES) return;
        preview.revealedLine = undefined;
        void preview.channel.post({ type: 'scrollTo', line });
      }),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) preview.channel.pageHidden();
      }),
    ];
    panel.onDidDispose(() => {
      this.panels.delete(panel);
      preview.channel.dispose();
      for (const s of subscriptions) s.dispose();
    });
  }

  /** One raw message as if from the preview's page (tests stand in for the webview): whether it was carried out. */
  async handleMessage(panel: vscode.WebviewPanel, raw: unknown): Promise<boolean> {
    const preview = this.open.get(panel);
    if (!preview) {
      this.log.warn('[documentPreview] ignored a message for a preview that is not open');
      return false;
    }
    return preview.channel.receive(raw);
  }

  private async handle(preview: OpenPreview, message: PreviewMessage): Promise<void> {
    switch (message.type) {
      case 'openLog':
        await vscode.commands.executeCommand('trcaa.openLogLines', { logFileId: message.logFileId, startLine: message.startLine, endLine: Math.max(message.startLine, message.endLine) });
        return;
      case 'scrolled': {
        const editor = this.textEditorOf(preview.document);
        if (!editor) return;
        const line = Math.min(message.line, preview.document.lineCount - 1);
        preview.revealedUntil = Date.now() + ECHO_MS;
        preview.revealedLine = line;
        editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
        return;
      }
    }
  }

  /** The visible text editor of the document (the source beside the preview), if one is open. */
  private textEditorOf(document: vscode.TextDocument): vscode.TextEditor | undefined {
    return vscode.window.visibleTextEditors.find((editor) => editor.document === document);
  }
}

// Static markup only; the rendered Markdown arrives by message (markdown-it on the host, raw HTML disabled).
const PREVIEW_BODY = `<main class="document-preview">
  <article id="preview" class="preview markdown-body" aria-label="Preview"></article>
</main>`;
