// trcaa-doc:/<issueId>/<docId>/<title>.md — a stored document as a file. Ids carry the identity; the title is only
// there so the tab and breadcrumbs read well (and end in .md so the Markdown editor selector matches).
import * as vscode from 'vscode';
import { uriSegment } from '../../core/attach/attachHelpers';

export const DOC_SCHEME = 'trcaa-doc';

export function documentUri(issueId: string, docId: string, title: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOC_SCHEME, path: `/${issueId}/${docId}/${uriSegment(title, 120)}.md` });
}

export interface DocumentRef {
  issueId: string;
  docId: string;
}

/** The ids in a trcaa-doc URI, or undefined for anything else (the root, an issue folder, a malformed path). */
export function parseDocumentUri(uri: vscode.Uri): DocumentRef | undefined {
  if (uri.scheme !== DOC_SCHEME) return undefined;
  const [issueId, docId, name, ...rest] = uri.path.split('/').filter(Boolean);
  if (!issueId || !docId || !name || rest.length > 0) return undefined;
  return { issueId, docId };
}
