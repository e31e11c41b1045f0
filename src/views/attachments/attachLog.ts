// TRCAA: Attach to Issue… / Attach Log… / drops: workspace files into an incident. A file whose bytes are an
// image goes the image path (one PII acknowledgement for the batch); any other is checked on the main thread
// (exists, size cap, text not binary: only its first 8 KB are read), then streamed through SHA-256 and gzip in
// the database worker; a cancel sets a shared flag the worker polls, and nothing is stored.
import path from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import { capBytes, formatSize, recordedPath, sniffImageType } from '../../core/attach/attachHelpers';
import { checkLogFile, LogFileRefusal, readHead } from '../../core/attach/checkLogFile';
import type { LogFile, PiiScanReport } from '../../core/model/logFile';
import type { Services } from '../workbench/services';
import { countsText } from './logLeaf';
import { piiDetectorOptions, warnPatternProblems } from '../pii';
import type { ImageOutcome } from './attachImage';
import { acknowledgePii, storeImage } from './attachImage';
import { errorCode, errorMessage, issueIdFrom, pickIssue } from './attachCommon';

export interface AttachOutcome {
  file: string;
  status: 'attached' | 'duplicate' | 'refused' | 'cancelled';
  /** Why it was refused (a code like EMPTY, BINARY, TOO_LARGE, FILE_UNREADABLE, NOT_A_FILE, or the engine's). */
  code?: string;
  message?: string;
  logFile?: LogFile;
  /** The file lies outside every workspace folder: its absolute path was recorded. */
  outsideWorkspace?: boolean;
  /** What the PII scan found and stored (a new log). */
  pii?: PiiScanReport;
}

export interface AttachSummary {
  issueId: string;
  /** The files attached as logs (or refused as such), in the order given. */
  outcomes: AttachOutcome[];
  /** The files whose bytes are an image, in the order given: attached as images, or declined at the PII modal. */
  images: ImageOutcome[];
}

/** `{issueId, files}`: other extensions and tests attach without a dialog (images still ask for the acknowledgement). */
const filesArgsSchema = z.strictObject({ issueId: z.string().min(1), files: z.array(z.string().min(1)).min(1) });

/** The checks before any byte is stored (core/attach/checkLogFile.ts); returns the real file to read and what to record. */
async function prepare(file: string, cap: number): Promise<{ real: string; fileName: string; recorded: string; inWorkspace: boolean; size: number }> {
  const { real, fileName, size } = await checkLogFile(file, cap);
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const where = recordedPath(path.resolve(file), folders);
  return { real, fileName, recorded: where.path, inWorkspace: where.inWorkspace, size };
}

/** Whether the file's bytes are an image; unreadable files are not (the log path reports why they fail). */
async function isImageFile(file: string): Promise<boolean> {
  try {
    return sniffImageType(await readHead(file)) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Attaches files to an issue with progress and cancel; never throws for one bad file, reports each in one message.
 * Files whose bytes are an image become images after one PII acknowledgement for all of them (`acknowledged`
 * gives it up front); declining skips the images and still attaches the rest.
 * `cancel`: another token that cancels too (callers and tests; the notification has its own Cancel).
 */
export async function attachFiles(services: Services, issueId: string, files: readonly string[], cancel?: vscode.CancellationToken): Promise<AttachSummary> {
  const store = await services.store();
  const cap = capBytes(vscode.workspace.getConfiguration('trcaa').get<unknown>('attach.maxLogSizeMB'));
  const imageFiles = new Set<string>();
  for (const file of files) if (await isImageFile(file)) imageFiles.add(file);
  // Asked before the progress notification, once: a modal per image would be a wall of dialogs for a batch.
  const imagesAccepted = imageFiles.size > 0 && (await acknowledgePii(services, imageFiles.size));
  if (imageFiles.size && !imagesAccepted) services.log.info('[attach] images skipped at the PII acknowledgement');
  const outcomes: AttachOutcome[] = [];
  const images: ImageOutcome[] = [];
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  // Read at attach time: the scan runs in the worker as the file streams through.
  const pii = piiDetectorOptions(services);
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'TRCAA: attaching', cancellable: true },
    async (progress, token) => {
      // The worker is busy with one request at a time: a flag in shared memory reaches it mid-read.
      const onCancel = token.onCancellationRequested(() => Atomics.store(cancelFlag, 0, 1));
      const onOuterCancel = cancel?.onCancellationRequested(() => Atomics.store(cancelFlag, 0, 1));
      if (cancel?.isCancellationRequested) Atomics.store(cancelFlag, 0, 1);
      try {
        for (const file of files) {
          const name = path.basename(file);
          const cancelled = Atomics.load(cancelFlag, 0) !== 0;
          if (imageFiles.has(file)) {
            if (!imagesAccepted) images.push({ file, status: 'declined', message: `${name} was not attached: the personal-data acknowledgement was declined.` });
            else if (cancelled) images.push({ file, status: 'cancelled', code: 'CANCELLED', message: `${name} was not attached (cancelled).` });
            else {
              progress.report({ message: name, increment: 0 });
              images.push(await storeImage(services, issueId, file));
            }
            progress.report({ increment: 100 / files.length });
            continue;
          }
          if (cancelled) {
            outcomes.push({ file, status: 'cancelled', code: 'CANCELLED', message: `${name} was not attached (cancelled).` });
            continue;
          }
          progress.report({ message: name, increment: 0 });
          try {
            const ready = await prepare(file, cap);
            // The worker reports nothing while it reads one file: the size at least says how long to expect.
            progress.report({ message: `${name} (${formatSize(ready.size)})`, increment: 0 });
            const result = await store.logFiles.insertFromFile(issueId, ready.real, { fileName: ready.fileName, workspacePath: ready.recorded }, { cancelFlag, pii });
            outcomes.push({ file, status: result.duplicate ? 'duplicate' : 'attached', logFile: result.logFile, outsideWorkspace: !ready.inWorkspace, ...(result.pii ? { pii: result.pii } : {}) });
            const found = countsText(result.pii?.countsByType ?? {});
            if (found) progress.report({ message: `${name}: found ${found}`, increment: 0 });
          } catch (error) {
            const code = error instanceof LogFileRefusal ? error.code : errorCode(error);
            if (code === 'CANCELLED') outcomes.push({ file, status: 'cancelled', code, message: `${name} was not attached (cancelled).` });
            else outcomes.push({ file, status: 'refused', code, message: errorMessage(error) });
          }
          progress.report({ increment: 100 / files.length });
        }
      } finally {
        onCancel.dispose();
        onOuterCancel?.dispose();
      }
    },
  );
  for (const outcome of outcomes) services.log.info(`[attach] ${outcome.status}: ${outcome.file}${outcome.code ? ` (${outcome.code})` : ''}${outcome.message ? ` — ${outcome.message}` : ''}${outcome.pii ? ` — PII: ${countsText(outcome.pii.countsByType) || 'none'}` : ''}`);
  // The same pattern problems come with every file: one warning for the batch.
  warnPatternProblems(services, outcomes.find((o) => o.pii?.problems.length)?.pii?.problems);
  for (const o of images) services.log.info(`[attach] image ${o.status}: ${o.file}${o.code ? ` (${o.code})` : ''}`);
  report(services, outcomes, images);
  return { issueId, outcomes, images };
}

/** One message for the batch, logs and images: what landed, what was already there or skipped, what was refused and why. */
function report(services: Services, outcomes: AttachOutcome[], images: ImageOutcome[]): void {
  const all = [...outcomes, ...images];
  const names = (status: AttachOutcome['status'] | ImageOutcome['status']) => all.filter((o) => o.status === status).map((o) => path.basename(o.file));
  const attached = names('attached');
  const duplicates = names('duplicate');
  const declined = names('declined');
  const outside = outcomes.filter((o) => o.status === 'attached' && o.outsideWorkspace).map((o) => path.basename(o.file));
  const refused = all.filter((o) => o.status === 'refused');
  const parts: string[] = [];
  if (attached.length) parts.push(`Attached ${attached.join(', ')}.`);
  const found = outcomes.filter((o) => o.status === 'attached' && o.logFile && countsText(o.pii?.countsByType ?? {}));
  for (const o of found) parts.push(`${path.basename(o.file)}: found ${countsText(o.pii?.countsByType ?? {})} — review it before sharing.`);
  if (outside.length) parts.push(`${outside.join(', ')} lie${outside.length === 1 ? 's' : ''} outside the workspace: the absolute path was recorded.`);
  if (duplicates.length) parts.push(`${duplicates.join(', ')} ${duplicates.length === 1 ? 'was' : 'were'} already attached to this issue (same content): not stored again.`);
  if (declined.length) parts.push(`${declined.join(', ')} not attached: the personal-data acknowledgement for images was declined.`);
  if (all.some((o) => o.status === 'cancelled')) parts.push('Cancelled: nothing was stored for the rest.');
  for (const r of refused) parts.push(r.message ?? `${path.basename(r.file)} was not attached.`);
  if (!parts.length) return;
  // Notifications are plain text: file names and messages are never rendered as markup.
  const text = `TRCAA: ${parts.join(' ')}`;
  // A log with PII gets its next steps as buttons (the first such log, or one picked when there are several).
  const actions = found.length ? [REVIEW_PII, OPEN_LOG] : [];
  const shown = refused.length ? services.ui.showErrorMessage(text, ...actions) : declined.length ? services.ui.showWarningMessage(text, ...actions) : services.ui.showInformationMessage(text, ...actions);
  void Promise.resolve(shown).then(async (action) => {
    if (action !== REVIEW_PII && action !== OPEN_LOG) return;
    const log = await pickFoundLog(services, found);
    if (log) await vscode.commands.executeCommand(action === REVIEW_PII ? 'trcaa.pii.reviewLog' : 'trcaa.openLog', log.id);
  });
}

const REVIEW_PII = 'Review PII';
const OPEN_LOG = 'Open Log';

/** The log a notification button means: the one with PII, or the one picked when the batch had several. */
async function pickFoundLog(services: Services, found: AttachOutcome[]): Promise<LogFile | undefined> {
  const logs = found.flatMap((o) => (o.logFile ? [o.logFile] : []));
  if (logs.length <= 1) return logs[0];
  const picked = await services.ui.showQuickPick(
    logs.map((log) => ({ label: log.fileName, description: countsText(found.find((o) => o.logFile === log)?.pii?.countsByType ?? {}), log })),
    { title: 'TRCAA: Which log?', placeHolder: 'Pick the log' },
  );
  return picked?.log;
}

/**
 * The command: `(uri, uris[])` from the Explorer or an editor tab, an issue node (then a file dialog), or
 * `{issueId, files}` from tests and other extensions.
 */
export async function attachLogCommand(services: Services, first?: unknown, second?: unknown): Promise<AttachSummary | undefined> {
  const parsed = filesArgsSchema.safeParse(first);
  if (parsed.success) return attachFiles(services, parsed.data.issueId, parsed.data.files.map((f) => path.resolve(f)));

  const issueFromNode = issueIdFrom(first);
  let files: string[];
  if (issueFromNode) {
    const picked = await services.ui.showOpenDialog({ title: 'TRCAA: Attach Log', canSelectMany: true, openLabel: 'Attach', defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
    if (!picked?.length) return undefined;
    files = picked.map((u) => u.fsPath);
    return attachFiles(services, issueFromNode, files);
  }

  files = urisFromMenu(first, second);
  if (!files.length) {
    // The command palette: no file given, so ask for one (the active editor's file first).
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.scheme === 'file') files = [active.fsPath];
    else {
      const picked = await services.ui.showOpenDialog({ title: 'TRCAA: Attach Log', canSelectMany: true, openLabel: 'Attach' });
      files = (picked ?? []).map((u) => u.fsPath);
    }
  }
  if (!files.length) return undefined;
  const issueId = await pickIssue(services, files.length === 1 ? 'Log' : `${files.length} Logs`);
  if (!issueId) return undefined;
  return attachFiles(services, issueId, files);
}

/** Explorer passes (clicked, selection); an editor tab passes (uri, {groupId…}). Only file: URIs are attachable. */
function urisFromMenu(first: unknown, second: unknown): string[] {
  const all = Array.isArray(second) && second.every((u) => u instanceof vscode.Uri) && second.length ? (second as vscode.Uri[]) : first instanceof vscode.Uri ? [first] : [];
  return all.filter((u) => u.scheme === 'file').map((u) => u.fsPath);
}
