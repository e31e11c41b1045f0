// TRCAA: Attach Image… / Open Image / Delete Image. Images cannot be redacted, so attaching asks for an explicit
// acknowledgement first; the bytes decide the type (repository), at most 10 MB, deduplicated per issue.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import { formatSize, IMAGE_EXTENSIONS, imageMimeFromName, recordedPath } from '../../core/attach/attachHelpers';
import type { ImageAttachment } from '../../core/model/image';
import { MAX_IMAGE_BYTES } from '../../core/model/image';
import type { Services } from '../workbench/services';
import { imageUri } from './imageFileSystem';
import { errorCode, errorMessage, issueIdFrom, pickIssue } from './attachCommon';
import { attachmentIdFrom } from './openLog';

export interface ImageOutcome {
  file: string;
  /** `declined`: the PII acknowledgement was declined; `cancelled`: the batch was cancelled before it. */
  status: 'attached' | 'duplicate' | 'refused' | 'declined' | 'cancelled';
  code?: string;
  message?: string;
  image?: ImageAttachment;
}

const filesArgsSchema = z.strictObject({ issueId: z.string().min(1), files: z.array(z.string().min(1)).min(1) });

/** The modal, once for a batch: declining (or dismissing) skips every image in it. */
export async function acknowledgePii(services: Services, count: number): Promise<boolean> {
  const accept = 'I Understand, Attach';
  const choice = await services.ui.showWarningMessage(
    count === 1 ? 'This image may show personal data.' : `These ${count} images may show personal data.`,
    {
      modal: true,
      detail: 'TRCAA finds and redacts personal data in logs, but it cannot read images: names, e-mail addresses, tokens or customer data in a screenshot stay as they are, in the database and in any RCA you export. Crop or blur them first if needed.',
    },
    accept,
  );
  return choice === accept;
}

/** Stores one image whose PII acknowledgement was given; never throws, the outcome says what happened. */
export async function storeImage(services: Services, issueId: string, file: string): Promise<ImageOutcome> {
  const fileName = path.basename(file);
  try {
    const info = await stat(file);
    if (info.size > MAX_IMAGE_BYTES) return { file, status: 'refused', code: 'CONTENT_TOO_LARGE', message: `${fileName} is ${formatSize(info.size)}; an image may be at most 10 MB.` };
    const store = await services.store();
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const bytes = await readFile(file);
    const result = await store.images.insert(issueId, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), {
      fileName,
      filePath: recordedPath(path.resolve(file), folders).path,
      mimeType: imageMimeFromName(fileName),
      piiWarningAcknowledged: true,
    });
    return { file, status: result.duplicate ? 'duplicate' : 'attached', image: result.image };
  } catch (error) {
    const code = errorCode(error);
    const message = code === 'ENOENT' ? `${fileName} no longer exists; nothing was stored.` : errorMessage(error);
    return { file, status: 'refused', code, message };
  }
}

export async function attachImages(services: Services, issueId: string, files: readonly string[]): Promise<ImageOutcome[] | undefined> {
  if (!(await acknowledgePii(services, files.length))) {
    services.log.info('[attach] image attach cancelled at the PII acknowledgement');
    return undefined;
  }
  const outcomes: ImageOutcome[] = [];
  for (const file of files) outcomes.push(await storeImage(services, issueId, file));
  for (const o of outcomes) services.log.info(`[attach] image ${o.status}: ${o.file}${o.code ? ` (${o.code})` : ''}`);
  const attached = outcomes.filter((o) => o.status === 'attached').map((o) => path.basename(o.file));
  const duplicates = outcomes.filter((o) => o.status === 'duplicate').map((o) => path.basename(o.file));
  const parts: string[] = [];
  if (attached.length) parts.push(`Attached ${attached.join(', ')}.`);
  if (duplicates.length) parts.push(`${duplicates.join(', ')} ${duplicates.length === 1 ? 'was' : 'were'} already attached to this issue: not stored again.`);
  if (parts.length) void services.ui.showInformationMessage(`TRCAA: ${parts.join(' ')}`);
  for (const r of outcomes.filter((o) => o.status === 'refused')) void services.ui.showErrorMessage(`TRCAA: ${r.message ?? ''}`);
  return outcomes;
}

/** `{issueId, files}` from other extensions and tests, an issue node (file dialog), or the palette (issue pick too). */
export async function attachImageCommand(services: Services, arg?: unknown): Promise<ImageOutcome[] | undefined> {
  const parsed = filesArgsSchema.safeParse(arg);
  if (parsed.success) return attachImages(services, parsed.data.issueId, parsed.data.files.map((f) => path.resolve(f)));
  const picked = await services.ui.showOpenDialog({
    title: 'TRCAA: Attach Image',
    canSelectMany: true,
    openLabel: 'Attach',
    filters: { Images: [...IMAGE_EXTENSIONS] },
  });
  const files = (picked ?? []).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  if (!files.length) return undefined;
  const issueId = issueIdFrom(arg) ?? (await pickIssue(services, 'Image'));
  if (!issueId) return undefined;
  return attachImages(services, issueId, files);
}

export async function openImage(services: Services, arg: unknown): Promise<vscode.Uri> {
  const id = attachmentIdFrom(arg, 'image');
  if (!id) throw new Error('Open Image needs an image: run it from an image in the TRCAA views.');
  const store = await services.store();
  const row = await store.images.get(id);
  if (!row) throw new Error('That image no longer exists: it may have been deleted.');
  const issue = await store.issues.get(row.issueId);
  const uri = imageUri(row.id, issue?.title ?? 'issue', row.fileName, row.mimeType);
  // vscode.open picks the editor by extension: the built-in image preview for these.
  await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
  return uri;
}

export async function deleteImage(services: Services, arg: unknown): Promise<boolean> {
  const id = attachmentIdFrom(arg, 'image');
  if (!id) throw new Error('Delete Image needs an image: run it from an image in the TRCAA views.');
  const store = await services.store();
  const row = await store.images.get(id);
  if (!row) return false;
  const remove = 'Delete';
  const choice = await services.ui.showWarningMessage(`Delete the image "${row.fileName}" from its incident?`, { modal: true, detail: 'It is deleted from the TRCAA database; the file on disk is not touched.' }, remove);
  if (choice !== remove) return false;
  return store.images.delete(id);
}
