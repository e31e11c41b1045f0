// TRCAA: Open Log / Delete Log. Opening prefers the workspace file when it still holds the attached bytes
// (size, then a streamed SHA-256: a big file is never read whole into memory); otherwise — or when the log has
// PII spans to review — the stored copy opens read-only through trcaa-log:.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as vscode from 'vscode';
import { idOf } from '../workbench/ids';
import type { Services } from '../workbench/services';
import { TreeNode } from '../workbench/treeNodes';
import { logUri } from './logFileSystem';

/** The id in a command argument: a string, a tree row of that kind, or an object carrying `logFileId`, `imageId` or `{log|image: {id}}`. */
export function attachmentIdFrom(arg: unknown, kind: 'log' | 'image'): string | undefined {
  if (typeof arg === 'string') return idOf(arg);
  // A row of the Issues or All Attachments view: what it stands for.
  if (arg instanceof TreeNode) return arg.target?.kind === kind ? arg.target.id : undefined;
  if (!arg || typeof arg !== 'object') return undefined;
  const node = arg as Record<string, unknown>;
  const nested = node[kind];
  return idOf(kind === 'log' ? node.logFileId : node.imageId) ?? (nested && typeof nested === 'object' ? idOf((nested as Record<string, unknown>).id) : undefined);
}

/** Where the recorded path is on this machine: absolute as it is, relative under a workspace folder. */
function candidates(recorded: string): string[] {
  if (!recorded) return [];
  if (path.isAbsolute(recorded)) return [recorded];
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const out = folders.map((f) => path.join(f.uri.fsPath, ...recorded.split('/')));
  // Multi-root paths start with the folder's name (recordedPath).
  const [first, ...rest] = recorded.split('/');
  for (const f of folders) if (f.name === first && rest.length) out.push(path.join(f.uri.fsPath, ...rest));
  return out;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** The workspace file if it still has the attached content, else undefined. */
async function unchangedWorkspaceFile(recorded: string, size: number | null, hash: string | null): Promise<string | undefined> {
  if (!hash) return undefined;
  for (const file of candidates(recorded)) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile() || (size !== null && info.size !== size)) continue;
    if ((await sha256File(file).catch(() => '')) === hash) return file;
  }
  return undefined;
}

export async function openLog(services: Services, arg: unknown): Promise<vscode.Uri | undefined> {
  const id = attachmentIdFrom(arg, 'log');
  if (!id) throw new Error('Open Log needs a log: run it from a log in the TRCAA views.');
  const store = await services.store();
  const row = await store.logFiles.get(id);
  if (!row) throw new Error('That log no longer exists: it may have been deleted.');
  // A log with PII spans opens as its stored copy: the text the spans' offsets count in, where they are reviewed.
  const hasSpans = Object.keys(await store.piiSpans.countsByType(id)).length > 0;
  // Hashing a large file takes a moment: show it in the status bar.
  const workspaceFile = hasSpans
    ? undefined
    : await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `TRCAA: checking ${row.fileName}` }, () =>
        unchangedWorkspaceFile(row.filePath, row.fileSize, row.contentHash),
      );
  let uri: vscode.Uri;
  if (workspaceFile) uri = vscode.Uri.file(workspaceFile);
  else {
    const issue = await store.issues.get(row.issueId);
    uri = logUri(row.id, issue?.title ?? 'issue', row.fileName);
    if (hasSpans) services.log.info(`[attach] ${row.fileName}: opening the stored copy for PII review`);
    else {
      services.log.info(`[attach] ${row.fileName}: the workspace file is gone or changed; opening the stored copy`);
      vscode.window.setStatusBarMessage(`$(lock) TRCAA: ${row.fileName} changed or is gone in the workspace — showing the copy stored when it was attached`, 8000);
    }
  }
  await vscode.window.showTextDocument(uri, { preview: true });
  return uri;
}

export async function deleteLog(services: Services, arg: unknown): Promise<boolean> {
  const id = attachmentIdFrom(arg, 'log');
  if (!id) throw new Error('Delete Log needs a log: run it from a log in the TRCAA views.');
  const store = await services.store();
  const row = await store.logFiles.get(id);
  if (!row) return false;
  const remove = 'Delete';
  const choice = await services.ui.showWarningMessage(`Delete the log "${row.fileName}" from its incident?`, { modal: true, detail: 'Its stored copy and its PII review are deleted from the TRCAA database. The workspace file is not touched.' }, remove);
  if (choice !== remove) return false;
  return store.logFiles.delete(id);
}
