// trcaa-log: — a log's stored copy as a read-only document, for when the workspace file is gone or changed.
// URIs: trcaa-log:/<issue title>/<file name>?id=<log id>. Content streams from the worker in chunks and is served
// as the UTF-8 of the log's decoded text (shownText.ts), so a UTF-16 log reads as its text, not as VS Code's
// guess; past the 50 MB VS Code hands to extensions, the document is a bounded excerpt with a note on top.
import * as vscode from 'vscode';
import { excerptNote, uriSegment } from '../../core/attach/attachHelpers';
import { LogTextEncoder } from '../../core/text/logEncoding';
import type { Services } from '../workbench/services';
import { ReadonlyFileSystemProvider } from './readonlyFileSystem';
import { EXCERPT_BYTES, readShownText } from './shownText';

export const LOG_SCHEME = 'trcaa-log';
export { EXCERPT_BYTES } from './shownText';

export function logUri(logId: string, issueTitle: string, fileName: string): vscode.Uri {
  return vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${uriSegment(issueTitle)}/${uriSegment(fileName, 200)}`, query: `id=${encodeURIComponent(logId)}` });
}

export function idFromUri(uri: vscode.Uri): string {
  const id = new URLSearchParams(uri.query).get('id');
  if (!id) throw vscode.FileSystemError.FileNotFound(uri);
  return id;
}

export class LogFileSystemProvider extends ReadonlyFileSystemProvider {
  constructor(private readonly services: Services) {
    super();
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const store = await this.services.store();
    const row = await store.logFiles.get(idFromUri(uri));
    if (!row) throw vscode.FileSystemError.FileNotFound(uri);
    const size = row.fileSize ?? 0;
    const mtime = Date.parse(`${row.uploadedAt.replace(' ', 'T')}Z`) || 0;
    return { type: vscode.FileType.File, ctime: mtime, mtime, size: size > EXCERPT_BYTES ? EXCERPT_BYTES : size, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const store = await this.services.store();
    const id = idFromUri(uri);
    const row = await store.logFiles.get(id);
    if (!row) throw vscode.FileSystemError.FileNotFound(uri);
    const utf8 = new LogTextEncoder('utf-8');
    const chunks: Uint8Array[] = [];
    const shown = await readShownText(this.services, id, (piece) => chunks.push(utf8.encode(piece)));
    chunks.push(utf8.end());
    if (shown.excerpt) chunks.unshift(new TextEncoder().encode(excerptNote(row.fileName, shown.shownBytes, shown.fileSize)));
    return Buffer.concat(chunks);
  }
}

export function registerLogFileSystem(services: Services): vscode.Disposable {
  const provider = new LogFileSystemProvider(services);
  return vscode.Disposable.from(
    provider,
    vscode.workspace.registerFileSystemProvider(LOG_SCHEME, provider, {
      isCaseSensitive: true,
      isReadonly: new vscode.MarkdownString(
        'This is the copy of the log stored in the TRCAA database, kept exactly as it was attached (its SHA-256 is recorded). It is read-only so the evidence stays unchanged; the workspace file is opened instead when it still has the same content.',
      ),
    }),
  );
}
