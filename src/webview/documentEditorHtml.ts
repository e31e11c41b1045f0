// The document editor's page: a strict CSP with a fresh nonce per render, scripts and styles from the extension's
// dist/webview only (no remote content), the preview filled in later by messages.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export const newNonce = (): string => randomBytes(18).toString('base64');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
  ].join('; ');
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `assets` is dist/webview as a webview URI: main.js, main.css and the codicon font bundled next to them. */
export function documentEditorHtml(webview: vscode.Webview, assets: vscode.Uri, nonce: string): string {
  const asset = (name: string) => escapeAttribute(webview.asWebviewUri(assets.with({ path: `${assets.path}/${name}` })).toString());
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${asset('main.css')}">
<title>TRCAA document</title>
</head>
<body data-view="document">
<main class="document-editor">
  <section class="pane source-pane" aria-label="Markdown source">
    <header class="pane-title"><span class="codicon codicon-markdown" aria-hidden="true"></span> Markdown</header>
    <vscode-textarea id="source" monospace resize="none" spellcheck="false" aria-label="Markdown source" placeholder="Loading…"></vscode-textarea>
  </section>
  <section class="pane preview-pane" aria-label="Preview">
    <header class="pane-title"><span class="codicon codicon-open-preview" aria-hidden="true"></span> Preview</header>
    <article id="preview" class="preview markdown-body"></article>
  </section>
</main>
<script nonce="${nonce}" src="${asset('main.js')}"></script>
</body>
</html>`;
}
