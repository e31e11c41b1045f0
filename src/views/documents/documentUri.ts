// trcaa-doc:/<title>.md?doc=<docId>&issue=<issueId> — a stored document as a file. The query carries the identity;
// the path is only the title, so the tab and the breadcrumbs read "RCA — Checkout 502s.md" (and end in .md, so the
// Markdown editor selector matches).
import * as vscode from 'vscode';
import { uriSegment } from '../../core/attach/attachHelpers';

export const DOC_SCHEME = 'trcaa-doc';

const ID = /^[A-Za-z0-9_-]{1,100}$/;

export function documentUri(issueId: string, docId: string, title: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOC_SCHEME, path: `/${uriSegment(title, 120)}.md`, query: new URLSearchParams({ doc: docId, issue: issueId }).toString() });
}

export interface DocumentRef {
  issueId: string;
  docId: string;
}

/** The ids in a trcaa-doc URI, or undefined for anything else (the root, a folder, a malformed query). */
export function parseDocumentUri(uri: vscode.Uri): DocumentRef | undefined {
  if (uri.scheme !== DOC_SCHEME || !uri.path.endsWith('.md')) return undefined;
  const query = new URLSearchParams(uri.query);
  const docId = query.get('doc');
  const issueId = query.get('issue');
  return docId && issueId && ID.test(docId) && ID.test(issueId) ? { issueId, docId } : undefined;
}
