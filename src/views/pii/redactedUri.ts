// The trcaa-redacted: URI of a log's redacted view (registered at activation, before the review itself loads).
import * as vscode from 'vscode';
import { uriSegment } from '../../core/attach/attachHelpers';

export const REDACTED_SCHEME = 'trcaa-redacted';

export function redactedUri(logId: string, issueTitle: string, fileName: string): vscode.Uri {
  return vscode.Uri.from({ scheme: REDACTED_SCHEME, path: `/${uriSegment(issueTitle)}/${uriSegment(`${fileName} (redacted)`, 200)}`, query: `id=${encodeURIComponent(logId)}` });
}

export function redactedLogId(uri: vscode.Uri): string | undefined {
  return uri.scheme === REDACTED_SCHEME ? (new URLSearchParams(uri.query).get('id') ?? undefined) : undefined;
}
