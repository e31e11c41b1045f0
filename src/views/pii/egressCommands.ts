// Redacted output: Open Redacted View (local, read-only), Copy Redacted and Export Redacted Log… — the last two
// leave the machine, so they go through the store's egress gate, which releases approved logs only (or after an
// explicit confirmation for this one use) and audits the SHA-256 of exactly what left.
import path from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../workbench/services';
import type { EgressRequest } from '../../core/model/logFile';
import { redactedUri } from './redactedUri';
import { errorCode } from '../attachments';
import { reviewLog, showLogDocument } from './reviewCommands';
import { egressArgs, requireLogId } from './piiTargets';

interface EgressTarget {
  logId: string;
  filePath?: string;
}

function egressTarget(arg: unknown, what: string): EgressTarget {
  if (arg && typeof arg === 'object' && 'logId' in arg) {
    const { logId, filePath } = egressArgs.parse(arg);
    return filePath === undefined ? { logId } : { logId, filePath };
  }
  return { logId: requireLogId(arg, what) };
}

/**
 * The request for the gate, or undefined when the user backed out. An unapproved log asks first (modal).
 */
async function releaseRequest(services: Services, target: EgressTarget, destination: string, verb: string): Promise<{ request: EgressRequest; fileName: string } | undefined> {
  const store = await services.store();
  const row = await store.logFiles.get(target.logId);
  if (!row) throw new Error('That log no longer exists: it may have been deleted.');
  const request: EgressRequest = { logIds: [row.id], destination };
  if (row.redacted) return { request, fileName: row.fileName };
  const anyway = `${verb} Anyway`;
  const review = 'Review First';
  const choice = await services.ui.showWarningMessage(
    `${row.fileName}: its redaction is not approved. ${verb} it anyway, with every span not explicitly kept (reviewed or not) redacted?`,
    { modal: true, detail: 'The release is recorded in the audit log with the SHA-256 of exactly what left. Approving the redaction first avoids this question.' },
    anyway,
    review,
  );
  if (choice === review) await reviewLog(services, row.id);
  if (choice !== anyway) return undefined;
  return { request: { ...request, confirmedUnapproved: true }, fileName: row.fileName };
}

function explainRefusal(error: unknown, fileName: string): never {
  if (errorCode(error) === 'NOT_APPROVED') {
    const refused = new Error(`${fileName} was not released: its redaction is not approved (TRCAA: Approve Redaction), and sending it anyway was not confirmed.`);
    Object.assign(refused, { code: 'NOT_APPROVED' });
    throw refused;
  }
  throw error;
}

export async function copyRedacted(services: Services, arg: unknown) {
  const target = egressTarget(arg, 'Copy Redacted');
  const prepared = await releaseRequest(services, target, 'clipboard', 'Copy');
  if (!prepared) return undefined;
  const store = await services.store();
  const released = await store.egress.releaseText(prepared.request).catch((error: unknown) => explainRefusal(error, prepared.fileName));
  await vscode.env.clipboard.writeText(released.text);
  services.log.info(`[pii] copied redacted log ${target.logId} to the clipboard (${released.bytes} bytes, sha256 ${released.sha256})`);
  vscode.window.setStatusBarMessage(`$(copy) TRCAA: redacted ${prepared.fileName} copied`, 5000);
  return { sha256: released.sha256, bytes: released.bytes, auditId: released.auditId };
}

export async function exportRedactedLog(services: Services, arg: unknown) {
  const target = egressTarget(arg, 'Export Redacted Log');
  const prepared = await releaseRequest(services, target, 'export:file', 'Export');
  if (!prepared) return undefined;
  let filePath = target.filePath;
  if (!filePath) {
    const extension = path.extname(prepared.fileName);
    const suggested = `${path.basename(prepared.fileName, extension)}.redacted${extension || '.log'}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const picked = await services.ui.showSaveDialog({
      title: `TRCAA: Export Redacted ${prepared.fileName}`,
      saveLabel: 'Export',
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, suggested) } : {}),
    });
    if (!picked) return undefined;
    filePath = picked.fsPath;
  }
  const store = await services.store();
  const released = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `TRCAA: exporting redacted ${prepared.fileName}` }, () =>
    store.egress.releaseToFile(prepared.request, path.resolve(filePath)).catch((error: unknown) => explainRefusal(error, prepared.fileName)),
  );
  services.log.info(`[pii] exported redacted log ${target.logId} to ${filePath} (${released.bytes} bytes, sha256 ${released.sha256})`);
  const open = 'Open';
  void services.ui.showInformationMessage(`TRCAA: redacted ${prepared.fileName} exported to ${filePath} (SHA-256 ${released.sha256.slice(0, 12)}…, recorded in the audit log).`, open).then((choice) => {
    if (choice === open) void vscode.window.showTextDocument(vscode.Uri.file(filePath));
  });
  return { filePath, sha256: released.sha256, bytes: released.bytes, auditId: released.auditId };
}

export function openRedactedView(services: Services, arg: unknown): Promise<vscode.Uri> {
  return showLogDocument(services, requireLogId(arg, 'Open Redacted View'), redactedUri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}
