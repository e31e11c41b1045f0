// TRCAA: Import Desktop TRCAA Database…: picks the desktop app's database, asks for its passphrase, merges it in
// the database worker with a progress notification, and says what came along. Tests and other extensions pass
// { file, passphrase } instead of answering the prompts.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import type { DatabaseKey } from '../../storage/cipher/databaseKey';
import { keyFromSqlCipherString } from '../../storage/cipher/databaseKey';
import { EngineError, toWireKey } from '../../storage/engine/protocol';
import type { DesktopImportReport } from '../../storage/import/desktopImport';
import { credentialKeyFromEnvironment } from '../../storage/keys/credentialKey';
import type { Services } from '../workbench/services';
import type { DatabaseSession } from '../workbench/databaseSession';
import { withEngineProgress } from '../workbench/databaseSession';

const TITLE = 'TRCAA: Import Desktop TRCAA Database';

export const importDesktopArgsSchema = z.object({ file: z.string().min(1).optional(), passphrase: z.string().min(1).optional() }).strict();

/** Where the desktop app keeps tftsr.db (TRCAA_DATA_DIR, else its platform folder), when it exists. */
function desktopDataDir(): string | undefined {
  const candidates = [
    process.env.TRCAA_DATA_DIR,
    process.env.TFTSR_DATA_DIR,
    process.platform === 'win32' ? path.join(process.env.APPDATA ?? '', 'tftsr') : undefined,
    process.platform === 'darwin' ? path.join(os.homedir(), 'Library', 'Application Support', 'tftsr') : undefined,
    path.join(process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'tftsr'),
  ];
  return candidates.find((dir): dir is string => !!dir && existsSync(dir));
}

async function pickFile(ui: Services['ui']): Promise<string | undefined> {
  const dir = desktopDataDir();
  const picked = await ui.showOpenDialog({
    title: TITLE,
    canSelectMany: false,
    openLabel: 'Import',
    filters: { 'TRCAA database': ['db', 'sqlite', 'sqlite3'], 'All files': ['*'] },
    ...(dir ? { defaultUri: vscode.Uri.file(dir) } : {}),
  });
  return picked?.[0]?.fsPath;
}

function askPassphrase(ui: Services['ui'], file: string, retry: boolean): Thenable<string | undefined> {
  return ui.showInputBox({
    title: TITLE,
    prompt: `${retry ? 'That passphrase does not open it. ' : ''}The passphrase of ${path.basename(file)}: the TRCAA_DB_KEY the desktop app ran with.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => (value ? undefined : 'Enter the passphrase.'),
  });
}

/** "2 issues, 3 log files, …" for the tables that brought rows. */
export function describeImport(report: DesktopImportReport): string {
  const brought = report.tables.filter((t) => t.inserted > 0).map((t) => `${t.inserted} ${t.table.replace(/_/g, ' ').replace('pii', 'PII')}`);
  const parts = [`${path.basename(report.file)}: ${brought.length ? brought.join(', ') : 'nothing new'}`];
  if (report.totals.skipped) parts.push(`${report.totals.skipped} already here`);
  if (report.totals.orphaned) parts.push(`${report.totals.orphaned} without their parent row left behind`);
  let text = `${parts.join('; ')}.`;
  if (report.credentials.reason) text += ` Credentials: ${report.credentials.reason}`;
  if (report.piiSpans.unverified + report.piiSpans.mismatched > 0) {
    text += ` ${report.piiSpans.unverified + report.piiSpans.mismatched} PII span(s) could not be checked against their log text: review their redactions.`;
  }
  return text;
}

export async function importDesktopDatabase(services: Services, session: DatabaseSession, rawArgs?: unknown): Promise<DesktopImportReport | undefined> {
  const args = importDesktopArgsSchema.optional().parse(rawArgs) ?? {};
  await session.ready();
  const file = args.file ?? (await pickFile(services.ui));
  if (!file) return undefined;
  const state = await services.engine.inspect(file);
  if (state.kind === 'missing' || state.kind === 'empty') throw new Error(`${file} ${state.kind === 'missing' ? 'does not exist' : 'is empty'}.`);
  const desktopKey = credentialKeyFromEnvironment(process.env);

  for (let attempt = 0; ; attempt++) {
    let key: DatabaseKey = { kind: 'plain' }; // a debug build's database needs none
    if (state.kind === 'encrypted') {
      const text = attempt === 0 && args.passphrase !== undefined ? args.passphrase : await askPassphrase(services.ui, file, attempt > 0);
      if (text === undefined) return undefined;
      key = keyFromSqlCipherString(text);
    }
    try {
      const report = await withEngineProgress(services, `TRCAA: importing ${path.basename(file)}`, (engine) =>
        engine.importDesktop({ file, key: toWireKey(key), ...(desktopKey ? { desktopCredentialKeyHex: desktopKey.key.toString('hex') } : {}) }),
      );
      const summary = describeImport(report);
      services.log.info(`[import] ${summary}`);
      void services.ui.showInformationMessage(`TRCAA imported ${summary}`, 'Show Report').then(
        async (choice) => {
          if (choice) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(report, null, 2) }));
        },
        () => undefined,
      );
      return report;
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      // Asked interactively: a wrong passphrase is asked again.
      if (error.code === 'WRONG_KEY' && args.passphrase === undefined && state.kind === 'encrypted') continue;
      // Codes about the desktop file, renamed so they are never taken for "our database is unreadable".
      throw new EngineError(error.message, error.code ? `IMPORT_${error.code}` : undefined, error.name, error.details);
    }
  }
}
