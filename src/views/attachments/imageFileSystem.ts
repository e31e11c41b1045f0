// trcaa-image: — a stored image as a read-only file, so `vscode.open` shows it in VS Code's built-in image
// preview (chosen by the file name's extension). URIs: trcaa-image:/<issue title>/<file name>?id=<image id>.
import path from 'node:path';
import * as vscode from 'vscode';
import { uriSegment } from '../../core/attach/attachHelpers';
import type { Services } from '../workbench/services';
import { ReadonlyFileSystemProvider } from './readonlyFileSystem';
import { idFromUri } from './logFileSystem';

export const IMAGE_SCHEME = 'trcaa-image';

const EXTENSION_BY_MIME: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'image/bmp': '.bmp',
  'image/svg+xml': '.svg',
};

/** The preview is picked by extension: the stored (sniffed) type decides it, not the original name. */
export function imageUri(imageId: string, issueTitle: string, fileName: string, mimeType: string): vscode.Uri {
  const ext = EXTENSION_BY_MIME[mimeType] ?? '.png';
  const base = uriSegment(fileName, 200);
  const own = path.extname(base).toLowerCase();
  const name = own === ext || (ext === '.jpg' && own === '.jpeg') ? base : `${base}${ext}`;
  return vscode.Uri.from({ scheme: IMAGE_SCHEME, path: `/${uriSegment(issueTitle)}/${name}`, query: `id=${encodeURIComponent(imageId)}` });
}

export class ImageFileSystemProvider extends ReadonlyFileSystemProvider {
  constructor(private readonly services: Services) {
    super();
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const store = await this.services.store();
    const row = await store.images.get(idFromUri(uri));
    if (!row) throw vscode.FileSystemError.FileNotFound(uri);
    const mtime = Date.parse(`${row.uploadedAt.replace(' ', 'T')}Z`) || 0;
    return { type: vscode.FileType.File, ctime: mtime, mtime, size: row.fileSize, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const store = await this.services.store();
    return store.images.data(idFromUri(uri)).catch(() => {
      throw vscode.FileSystemError.FileNotFound(uri);
    });
  }
}

export function registerImageFileSystem(services: Services): vscode.Disposable {
  const provider = new ImageFileSystemProvider(services);
  return vscode.Disposable.from(
    provider,
    vscode.workspace.registerFileSystemProvider(IMAGE_SCHEME, provider, {
      isCaseSensitive: true,
      isReadonly: new vscode.MarkdownString('An image attached to a TRCAA incident, shown from the database. Stored images are evidence and cannot be edited here.'),
    }),
  );
}
