// The document editor's page: the Markdown source beside the preview, both filled in later by messages.
import type * as vscode from 'vscode';
import { webviewPage } from '../host/webviewPage';

export function documentEditorHtml(webview: vscode.Webview, assets: vscode.Uri, nonce: string): string {
  return webviewPage(webview, assets, nonce, {
    view: 'document',
    title: 'TRCAA document',
    body: `<main class="document-editor">
  <section class="pane source-pane" aria-label="Markdown source">
    <header class="pane-title"><span class="codicon codicon-markdown" aria-hidden="true"></span> Markdown</header>
    <vscode-textarea id="source" monospace resize="none" spellcheck="false" aria-label="Markdown source" placeholder="Loading…"></vscode-textarea>
  </section>
  <section class="pane preview-pane" aria-label="Preview">
    <header class="pane-title"><span class="codicon codicon-open-preview" aria-hidden="true"></span> Preview</header>
    <article id="preview" class="preview markdown-body"></article>
  </section>
</main>`,
  });
}
