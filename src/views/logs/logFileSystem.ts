// trcaa-log: — a log's stored copy as a read-only document, for when the workspace file is gone or changed.
// URIs: trcaa-log:/<issue title>/<file name>?id=<log id>. Content streams from the worker in chunks; past the
// 50 MB VS Code hands to extensions, the document is a bounded excerpt with a note on top.
import * as vscode from 'vscode';
import { excerptNote, uriSegment } from '../../core/attach/attachHelpers';
import type { Services } from '../../services';
import { ReadonlyFileSystemProvider } from './readonlyFileSystem';

export const LOG_SCHEME = 'trcaa-log';
/** VS Code refuses documents over 50 MB to extensions; the excerpt and its note stay under that. */
export const EXCERPT_BYTES = 48 * 1024 * 1024;

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
    const opened = await store.logFiles.openContent(id, { chunkBytes: 1024 * 1024 });
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (let chunk = await store.logFiles.readContent(opened.handle); chunk; chunk = await store.logFiles.readContent(opened.handle)) {
        const room = EXCERPT_BYTES - total;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        total += Math.min(chunk.length, room);
        if (total >= EXCERPT_BYTES) break;
      }
    } finally {
      await store.logFiles.closeContent(opened.handle).catch(() => false);
    }
    const size = opened.fileSize ?? total;
    if (size > total) chunks.unshift(new TextEncoder().encode(excerptNote(row.fileName, total, size)));
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
