// The page every TRCAA webview starts from: a strict CSP with a fresh nonce per render, the one front-end bundle
// (dist/webview/main.js + main.css, with the codicon font beside them) and nothing remote. <body data-view> names
// the view the bundle starts; the content arrives later by messages.
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

export const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface PageContent {
  /** The front-end view to start (media/main.ts). */
  view: string;
  /** Plain text: escaped here. */
  title: string;
  /** Static markup of our own; never user text (that arrives by message and is set as text). */
  body: string;
}

/** `assets` is dist/webview as a URI the webview may load (its localResourceRoots). */
export function webviewPage(webview: vscode.Webview, assets: vscode.Uri, nonce: string, content: PageContent): string {
  const asset = (name: string) => escapeAttribute(webview.asWebviewUri(assets.with({ path: `${assets.path}/${name}` })).toString());
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(webview.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${asset('main.css')}">
<title>${escapeAttribute(content.title)}</title>
</head>
<body data-view="${escapeAttribute(content.view)}">
${content.body}
<script nonce="${nonce}" src="${asset('main.js')}"></script>
</body>
</html>`;
}
