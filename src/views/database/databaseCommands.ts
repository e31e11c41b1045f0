// TRCAA: Unlock Database…, Show Database Recovery Key, Change Database Key…, Choose Database File…,
// Move Unreadable Database Aside…, Check Database Integrity. Unlock, re-key and choose also take their answer as an
// argument (other extensions drive them so); Move Aside always asks, through the UI port.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import type { DatabaseKey } from '../../storage/cipher/databaseKey';
import { keyFromSqlCipherString, rawKeyLiteral } from '../../storage/cipher/databaseKey';
import type { CheckReport } from '../../storage/engine/protocol';
import type { Services } from '../workbench/services';
import type { DatabaseSession, OpenDatabase } from '../workbench/databaseSession';
import type { CommandTable, LoadedFeature } from '../workbench/lazyFeature';
import { withEngineProgress } from '../workbench/databaseSession';
import { importDesktopDatabase } from './importDesktop';
import type { DatabaseCommand } from './commandIds';
import { showDiagnostics } from './showDiagnostics';

const RAW_KEY_HINT = "x'<64 hexadecimal digits>'";

function validateKeyText(text: string): string | undefined {
  if (!text) return 'Enter the recovery key or the passphrase.';
  try {
    keyFromSqlCipherString(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export async function unlockDatabase(session: DatabaseSession, keyText?: string): Promise<OpenDatabase | undefined> {
  const text =
    keyText ??
    (await session.ui.showInputBox({
      title: 'TRCAA: Unlock Database',
      prompt: `The recovery key (${RAW_KEY_HINT}) or the passphrase of ${session.file}`,
      password: true,
      ignoreFocusOut: true,
      validateInput: validateKeyText,
    }));
  if (text === undefined) return undefined;
  const opened = await session.unlock(keyFromSqlCipherString(text));
  session.switched();
  void session.ui.showInformationMessage('TRCAA: database unlocked. The key is kept in VS Code\'s secret storage.');
  return opened;
}

export async function showRecoveryKey(services: Services, session: DatabaseSession): Promise<string | undefined> {
  const opened = await session.ready();
  if (opened.key.kind === 'plain') {
    void services.ui.showInformationMessage('TRCAA: this database is not encrypted (Development mode without TRCAA_DB_KEY), so it has no recovery key.');
    return undefined;
  }
  if (opened.source === 'environment') {
    void services.ui.showInformationMessage(`TRCAA: this database is keyed by the passphrase in the ${opened.variable ?? 'TRCAA_DB_KEY'} environment variable; that passphrase is its recovery key.`);
    return undefined;
  }
  const recovery = opened.key.kind === 'raw' ? rawKeyLiteral(opened.key.key) : opened.key.passphrase;
  const copy = 'Copy to Clipboard';
  const detail = `Anyone with this key can read every incident in ${session.file}. Keep it in a password manager. In the sqlcipher tool: PRAGMA key = "${opened.key.kind === 'raw' ? recovery : '<passphrase>'}";`;
  void services.ui.showWarningMessage(`Recovery key: ${recovery}`, { modal: true, detail }, copy).then(
    async (choice) => {
      if (choice === copy) await vscode.env.clipboard.writeText(recovery);
    },
    () => undefined, // a host that refuses dialogs (tests) still gets the key back below
  );
  services.log.info('[database] the recovery key was shown'); // never the key itself
  await services.engine.storeCall('audit', 'append', [{ action: 'database.recovery_key_shown', entityType: 'database', entityId: path.basename(session.file) }]);
  // Other extensions could call this command: only tests get the key back.
  return services.context.extensionMode === vscode.ExtensionMode.Test ? recovery : undefined;
}

export type NewKeyChoice = { kind: 'random' } | { kind: 'passphrase'; passphrase: string };

async function askNewKey(ui: Services['ui']): Promise<NewKeyChoice | undefined> {
  const random = { label: '$(key) New random key', description: 'kept in VS Code\'s secret storage (recommended)', choice: 'random' as const };
  const passphrase = { label: '$(lock) Passphrase…', description: 'one you type; also opens the file in the sqlcipher tool', choice: 'passphrase' as const };
  const picked = await ui.showQuickPick([random, passphrase], { title: 'TRCAA: Change Database Key', placeHolder: 'Re-encrypt every page of the database under…' });
  if (!picked) return undefined;
  if (picked.choice === 'random') return { kind: 'random' };
  const first = await ui.showInputBox({ title: 'New passphrase', password: true, ignoreFocusOut: true, validateInput: (v) => (v.length < 12 ? 'Use at least 12 characters.' : undefined) });
  if (first === undefined) return undefined;
  const second = await ui.showInputBox({ title: 'Repeat the new passphrase', password: true, ignoreFocusOut: true, validateInput: (v) => (v !== first ? 'The passphrases differ.' : undefined) });
  return second === undefined ? undefined : { kind: 'passphrase', passphrase: first };
}

export async function changeDatabaseKey(session: DatabaseSession, choice?: NewKeyChoice): Promise<boolean> {
  const opened = await session.ready();
  if (opened.source === 'environment') {
    void session.ui.showErrorMessage(`TRCAA: the database key comes from ${opened.variable ?? 'TRCAA_DB_KEY'}. Re-key with "trcaa-db rekey", then change the variable.`);
    return false;
  }
  if (opened.key.kind === 'plain') {
    void session.ui.showErrorMessage('TRCAA: Development mode keeps the database unencrypted; set TRCAA_DB_KEY to use an encrypted one.');
    return false;
  }
  const wanted = choice ?? (await askNewKey(session.ui));
  if (!wanted) return false;
  const newKey: DatabaseKey = wanted.kind === 'random' ? { kind: 'raw', key: randomBytes(32) } : keyFromSqlCipherString(wanted.passphrase);
  await session.changeKey(newKey);
  void session.ui.showInformationMessage('TRCAA: the database was re-encrypted under its new key. Show the recovery key to keep a copy.', 'Show Recovery Key').then((c) => {
    if (c) void vscode.commands.executeCommand('trcaa.showRecoveryKey');
  });
  return true;
}

export async function chooseDatabaseFile(session: DatabaseSession, file?: string): Promise<string | undefined> {
  let chosen = file;
  if (!chosen) {
    const picked = await session.ui.showOpenDialog({ title: 'TRCAA: Choose Database File', canSelectMany: false, openLabel: 'Use This Database', filters: { 'TRCAA database': ['db', 'sqlite', 'sqlite3'], 'All files': ['*'] } });
    chosen = picked?.[0]?.fsPath;
  }
  if (!chosen) return undefined;
  await vscode.workspace.getConfiguration('trcaa').update('database.path', chosen, vscode.ConfigurationTarget.Global);
  await session.reset();
  session.switched();
  return chosen;
}

/** Asks first (through the UI port: integration tests answer it there); the file is renamed, never deleted. */
export async function moveDatabaseAside(services: Services, session: DatabaseSession): Promise<string | undefined> {
  const file = session.file;
  const move = 'Move Aside';
  const choice = await services.ui.showWarningMessage(`Move ${file} aside and start a new, empty database?`, { modal: true, detail: 'The file is renamed, not deleted: with its key it can still be opened later (TRCAA: Choose Database File…).' }, move);
  if (choice !== move) return undefined;
  await session.reset();
  const aside = `${file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await vscode.workspace.fs.rename(vscode.Uri.file(file), vscode.Uri.file(aside));
  for (const side of ['-journal']) {
    await vscode.workspace.fs.rename(vscode.Uri.file(file + side), vscode.Uri.file(aside + side)).then(undefined, () => undefined);
  }
  session.switched();
  void services.ui.showInformationMessage(`TRCAA: the unreadable database was moved to ${aside}.`);
  return aside;
}

export async function checkDatabase(services: Services, session: DatabaseSession): Promise<CheckReport> {
  const opened = await session.ready();
  const report = await withEngineProgress(services, 'TRCAA: checking the database', (engine) => engine.check());
  const ok = report.integrity.length === 1 && report.integrity[0] === 'ok' && report.badPages.length === 0;
  // A plain database has no HMAC: nothing can say its pages are authentic, only that SQLite finds them consistent.
  const pages = report.badPages.length
    ? `damaged pages: ${report.badPages.join(', ')}`
    : opened.status.encrypted ? 'every page authenticates' : 'no page authentication (a plain database has no HMAC)';
  const summary = `${report.pages} pages, integrity ${report.integrity.join('; ')}, ${pages}`;
  services.log.info(`[database] check: ${summary}`);
  if (ok) void services.ui.showInformationMessage(`TRCAA: the database is sound (${summary}).`);
  else void services.ui.showErrorMessage(`TRCAA: the database is damaged (${summary}).`);
  return report;
}

/** The database commands, loaded on first use (contributeDatabase.ts). */
export function loadDatabase(services: Services, session: DatabaseSession): LoadedFeature<DatabaseCommand> {
  // Arguments come from other extensions and tests too: parsed before use (menus pass none).
  const optional = <T extends z.ZodType>(schema: T) => (value: unknown) => schema.optional().parse(value) as z.infer<T> | undefined;
  const keyText = optional(z.string().min(1));
  const newKey = optional(z.union([z.object({ kind: z.literal('random') }), z.object({ kind: z.literal('passphrase'), passphrase: z.string().min(12) })]));
  const filePath = optional(z.string().min(1));
  const commands: CommandTable<DatabaseCommand> = {
    'trcaa.unlockDatabase': (text) => unlockDatabase(session, keyText(text)),
    'trcaa.showRecoveryKey': () => showRecoveryKey(services, session),
    'trcaa.changeDatabaseKey': (choice) => changeDatabaseKey(session, newKey(choice)),
    'trcaa.chooseDatabaseFile': (file) => chooseDatabaseFile(session, filePath(file)),
    'trcaa.moveDatabaseAside': () => moveDatabaseAside(services, session),
    'trcaa.checkDatabase': () => checkDatabase(services, session),
    'trcaa.importDesktopDatabase': (args) => importDesktopDatabase(services, session, args),
    'trcaa.showDiagnostics': () => showDiagnostics(services, session),
  };
  return { commands, disposables: [] };
}
